import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { Addon } from './addon';

/** The External Secrets Operator Helm repository. */
export const EXTERNAL_SECRETS_HELM_REPOSITORY = 'https://charts.external-secrets.io';

/** Props of {@link ExternalSecretsAddon}. */
export interface ExternalSecretsAddonProps {
  /**
   * Chart version.
   * @default - CHART_VERSIONS.externalSecrets
   */
  readonly version?: string | undefined;
  /**
   * Further values.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * External Secrets Operator (wave 1, off by default) with its CRDs (`installCRDs: true`). When it is on, secrets
 * referenced with `SecretDelivery.externalSecrets(...)` become `ExternalSecret`s that read a store instead of SOPS
 * files; the store itself (a `ClusterSecretStore`) is the user's (docs/secrets.md).
 *
 * @example
 * import { ExternalSecretsAddon } from 'talos-platform-cdk/gitops';
 * import { SecretDelivery, SopsSecret } from 'talos-platform-cdk/secrets';
 *
 * apps.addAddon(new ExternalSecretsAddon()); // wave 1, CRDs included
 * // Secrets can then come from a ClusterSecretStore instead of SOPS files (chart: a GitOpsChart):
 * new SopsSecret(chart, 'GrafanaAdmin', {
 *   name: 'grafana-admin', namespace: 'monitoring', delivery: SecretDelivery.externalSecrets({ storeName: 'vault' }),
 * });
 */
export class ExternalSecretsAddon extends Addon {
  public constructor(props: ExternalSecretsAddonProps = {}) {
    super({
      name: 'external-secrets',
      syncWave: 1,
      namespace: 'external-secrets',
      fleet: true,
      chart: {
        repoUrl: EXTERNAL_SECRETS_HELM_REPOSITORY,
        chart: 'external-secrets',
        version: props.version ?? CHART_VERSIONS.externalSecrets,
        releaseName: 'external-secrets',
        values: mergeValues({ installCRDs: true }, props.extraValues ?? {}),
      },
    });
  }
}
