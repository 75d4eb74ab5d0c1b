import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { Addon } from './addon';

/** The ExternalDNS chart repository (kubernetes-sigs/external-dns GitHub Pages). */
export const EXTERNAL_DNS_HELM_REPOSITORY = 'https://kubernetes-sigs.github.io/external-dns/';

/**
 * Environment of ExternalDNS for the Cloudflare provider: `CF_API_TOKEN` from key `api-token` of Secret
 * `cloudflare-api-token` (the `external-dns-cloudflare` secret preset of `talos-platform-cdk secrets new`).
 */
export const CLOUDFLARE_CREDENTIALS = { secretName: 'cloudflare-api-token', env: { CF_API_TOKEN: 'api-token' } };

/** Props of {@link ExternalDnsAddon}. */
export interface ExternalDnsAddonProps {
  /** ExternalDNS provider (`provider.name`), e.g. `cloudflare`, `rfc2136`. */
  readonly provider: string;
  /** Owner id written into the TXT registry records; unique per cluster sharing a zone. */
  readonly txtOwnerId: string;
  /**
   * Domains ExternalDNS may touch.
   * @default - every domain the credentials reach
   */
  readonly domainFilters?: readonly string[] | undefined;
  /**
   * Secret with the provider credentials (in the addon's namespace), and which environment variable reads which key.
   * @default - for `cloudflare`, {@link CLOUDFLARE_CREDENTIALS}; otherwise none
   */
  readonly credentials?: { readonly secretName: string; readonly env: Readonly<Record<string, string>> } | undefined;
  /**
   * The app that delivers that Secret (a {@link SopsSecretsAddon} in an earlier wave).
   * @default - none
   */
  readonly credentialsApp?: string | undefined;
  /**
   * `sync` (delete records it created when the source goes) or `upsert-only` (never delete; the chart's default).
   * @default "upsert-only"
   */
  readonly policy?: string | undefined;
  /**
   * Chart version.
   * @default - CHART_VERSIONS.externalDns
   */
  readonly version?: string | undefined;
  /**
   * Further values.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * ExternalDNS (wave 2): DNS records for Services and Ingresses. Its provider token is never in values: it comes from
 * a SOPS-encrypted Secret (delivered by the app named in `credentialsApp`, which this addon needs) through
 * `env[].valueFrom.secretKeyRef`.
 *
 * @example
 * import { ExternalDnsAddon, SopsSecretsAddon } from 'talos-platform-cdk/gitops';
 *
 * // The Cloudflare token: platform/secrets/cloudflare-api-token.sops.yaml, delivered in wave 1.
 * const secrets = new SopsSecretsAddon({
 *   name: 'external-dns-secrets', namespace: 'external-dns', secrets: [{ name: 'cloudflare-api-token' }],
 * });
 * apps.addAddon(secrets);
 * apps.addAddon(new ExternalDnsAddon({
 *   provider: 'cloudflare', txtOwnerId: 'mgmt', domainFilters: ['example.com'], credentialsApp: secrets.name,
 * }));
 */
export class ExternalDnsAddon extends Addon {
  public constructor(props: ExternalDnsAddonProps) {
    const credentials = props.credentials ?? (props.provider === 'cloudflare' ? CLOUDFLARE_CREDENTIALS : undefined);
    const values: Record<string, unknown> = {
      provider: { name: props.provider },
      txtOwnerId: props.txtOwnerId,
      policy: props.policy ?? 'upsert-only',
      sources: ['service', 'ingress'],
    };
    if (props.domainFilters && props.domainFilters.length > 0) values.domainFilters = [...props.domainFilters];
    if (credentials) {
      values.env = Object.entries(credentials.env)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, key]) => ({ name, valueFrom: { secretKeyRef: { name: credentials.secretName, key } } }));
    }
    super({
      name: 'external-dns',
      syncWave: 2,
      namespace: 'external-dns',
      needs: props.credentialsApp ? [props.credentialsApp] : [],
      chart: {
        repoUrl: EXTERNAL_DNS_HELM_REPOSITORY,
        chart: 'external-dns',
        version: props.version ?? CHART_VERSIONS.externalDns,
        releaseName: 'external-dns',
        values: mergeValues(values, props.extraValues ?? {}),
      },
    });
  }
}
