import { Construct } from 'constructs';
import { TerraformVariable, Token } from 'cdktf';
import type { ITerraformDependable } from 'cdktf';
import { SecretV1 } from '../../imports/providers/kubernetes/secret-v1';
import type { IClusterProviders } from '../bridge/cluster-providers';
import { DEFAULT_PROXMOX_NAMESPACE } from './providers/infrastructure-provider';
import type { SecretReference } from './providers/provider-props';

/** Name of the CAPMOX config Secret (the operator's `configSecret`). */
export const DEFAULT_PROXMOX_CREDENTIALS_SECRET = 'capmox-credentials';
/** Terraform variable (`TF_VAR_proxmox_api_token_id`) with the Proxmox API token id, e.g. `capmox@pve!capi`. */
export const PROXMOX_TOKEN_ID_VARIABLE = 'proxmox_api_token_id';
/** Terraform variable (`TF_VAR_proxmox_api_token_secret`) with the token's secret (a UUID). */
export const PROXMOX_TOKEN_SECRET_VARIABLE = 'proxmox_api_token_secret';
/**
 * The variables CAPMOX's components read from the config Secret (its `manager-credentials` Secret is
 * `url: ${PROXMOX_URL}`, `token: ${PROXMOX_TOKEN}`, `secret: ${PROXMOX_SECRET}`).
 */
export const CAPMOX_CREDENTIAL_KEYS = { url: 'PROXMOX_URL', tokenId: 'PROXMOX_TOKEN', tokenSecret: 'PROXMOX_SECRET' } as const;

/** Where the CAPMOX credentials Secret comes from. */
export type ProxmoxCredentialsDelivery = 'terraform' | 'sops';

/** Options of {@link ProxmoxCredentials.fromTerraformVariables}. */
export interface TerraformProxmoxCredentialsOptions {
  /** Providers of the management cluster (the kubernetes provider creates the Secret). */
  readonly providers: IClusterProviders;
  /** Proxmox API URL without `/api2/json`, e.g. `https://pve.example.internal:8006`. */
  readonly url: string;
  /**
   * Namespace of the Secret (CAPMOX's namespace; it must exist before the Secret).
   * @default "capmox-system"
   */
  readonly namespace?: string;
  /**
   * Secret name.
   * @default "capmox-credentials"
   */
  readonly secretName?: string;
  /**
   * What must exist first (e.g. the release that creates the namespace).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Options of {@link ProxmoxCredentials.fromSopsFile}. */
export interface SopsProxmoxCredentialsOptions {
  /**
   * The SOPS-encrypted Secret, relative to the repository root, e.g. `platform/secrets/capmox-credentials.sops.yaml`.
   * Its `stringData`/`data` hold `PROXMOX_URL`, `PROXMOX_TOKEN` and `PROXMOX_SECRET`.
   */
  readonly encryptedFile: string;
  /**
   * Namespace of the Secret.
   * @default "capmox-system"
   */
  readonly namespace?: string;
  /**
   * Secret name.
   * @default "capmox-credentials"
   */
  readonly secretName?: string;
}

/**
 * The Proxmox API credentials CAPMOX runs with: a Secret with `PROXMOX_URL`, `PROXMOX_TOKEN` and `PROXMOX_SECRET`
 * that the InfrastructureProvider names as `configSecret`. Two ways to deliver it, never with a value in the output:
 *
 * - {@link ProxmoxCredentials.fromTerraformVariables}: a `kubernetes_secret_v1` whose token id and secret come from
 *   the sensitive variables `proxmox_api_token_id` and `proxmox_api_token_secret` (`TF_VAR_...`). The values are in
 *   the Terraform state (sensitive), not in `cdk.tf.json`.
 * - {@link ProxmoxCredentials.fromSopsFile}: a reference to a SOPS-encrypted Secret in the repository; the GitOps side
 *   (`SopsSecret`, lib/secrets) copies it and wires decryption.
 *
 * The operator reads the Secret once per provider install: to rotate the token, write the new values under a new
 * Secret name and point `configSecret` at it.
 *
 * @example
 * import { ProxmoxCredentials } from 'talos-platform-cdk/capi';
 *
 * // Terraform (stage 30): set TF_VAR_proxmox_api_token_id and TF_VAR_proxmox_api_token_secret.
 * const credentials = ProxmoxCredentials.fromTerraformVariables(stack, 'ProxmoxCredentials', {
 *   providers, // ClusterProviders of the management cluster
 *   url: 'https://pve.example.internal:8006',
 * });
 * // Or GitOps: a SOPS-encrypted Secret in the repository.
 * const sops = ProxmoxCredentials.fromSopsFile(chart, 'Credentials', {
 *   encryptedFile: 'platform/secrets/capmox-credentials.sops.yaml',
 * });
 * // Either one's secretRef is CapiProviders' proxmoxCredentials.
 */
export class ProxmoxCredentials extends Construct {
  /** Creates the Secret with Terraform from two sensitive variables. Call it in the stage-30 stack. */
  public static fromTerraformVariables(scope: Construct, id: string, options: TerraformProxmoxCredentialsOptions): ProxmoxCredentials {
    const credentials = new ProxmoxCredentials(scope, id, 'terraform', options.namespace, options.secretName, undefined);
    checkProxmoxUrl(options.url, credentials.node.path);
    const tokenId = new TerraformVariable(credentials, 'TokenId', {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: 'Proxmox API token id for CAPMOX, "<user>@<realm>!<token-name>" (set TF_VAR_proxmox_api_token_id).',
    });
    tokenId.overrideLogicalId(PROXMOX_TOKEN_ID_VARIABLE);
    const tokenSecret = new TerraformVariable(credentials, 'TokenSecret', {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: 'Secret of the Proxmox API token for CAPMOX (set TF_VAR_proxmox_api_token_secret).',
    });
    tokenSecret.overrideLogicalId(PROXMOX_TOKEN_SECRET_VARIABLE);
    credentials.secret = new SecretV1(credentials, 'Resource', {
      provider: options.providers.kubernetes,
      metadata: {
        name: credentials.secretName,
        namespace: credentials.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'terraform', 'app.kubernetes.io/part-of': 'talos-platform-cdk' },
      },
      type: 'Opaque',
      data: {
        [CAPMOX_CREDENTIAL_KEYS.url]: options.url,
        [CAPMOX_CREDENTIAL_KEYS.tokenId]: tokenId.stringValue,
        [CAPMOX_CREDENTIAL_KEYS.tokenSecret]: tokenSecret.stringValue,
      },
      dependsOn: options.dependsOn,
    });
    return credentials;
  }

  /** References a SOPS-encrypted Secret in the repository (nothing is created here). */
  public static fromSopsFile(scope: Construct, id: string, options: SopsProxmoxCredentialsOptions): ProxmoxCredentials {
    const file = options.encryptedFile;
    if (!/^(platform\/secrets\/|([^/]+\/)*secrets\/)[^/]+\.sops\.ya?ml$/.test(file) || file.split('/').includes('..')) {
      throw new Error(
        `ProxmoxCredentials.fromSopsFile: encryptedFile "${file}" is not where .sops.yaml encrypts Secrets. Expected ` +
          'a repository-relative "*.sops.yaml" under platform/secrets/ (or an app-local secrets/ folder), e.g. ' +
          '"platform/secrets/capmox-credentials.sops.yaml".',
      );
    }
    return new ProxmoxCredentials(scope, id, 'sops', options.namespace, options.secretName, file);
  }

  /** How the Secret is delivered. */
  public readonly delivery: ProxmoxCredentialsDelivery;
  /** Secret name. */
  public readonly secretName: string;
  /** Secret namespace. */
  public readonly namespace: string;
  /** The encrypted file (SOPS delivery only). */
  public readonly encryptedFile: string | undefined;
  /** The `kubernetes_secret_v1` (Terraform delivery only). */
  public secret: SecretV1 | undefined;

  private constructor(
    scope: Construct,
    id: string,
    delivery: ProxmoxCredentialsDelivery,
    namespace: string | undefined,
    secretName: string | undefined,
    encryptedFile: string | undefined,
  ) {
    super(scope, id);
    this.delivery = delivery;
    this.namespace = namespace ?? DEFAULT_PROXMOX_NAMESPACE;
    this.secretName = secretName ?? DEFAULT_PROXMOX_CREDENTIALS_SECRET;
    this.encryptedFile = encryptedFile;
  }

  /** The `configSecret` reference for the InfrastructureProvider. */
  public get secretRef(): SecretReference {
    return { name: this.secretName, namespace: this.namespace };
  }
}

/**
 * Checks a Proxmox API URL for CAPMOX: http(s), host (and port), and no `/api2/json` (CAPMOX's client appends it;
 * with it, every call gets a doubled path and fails). Terraform tokens are not checked.
 */
export function checkProxmoxUrl(url: string, where: string): void {
  if (Token.isUnresolved(url)) return;
  if (!/^https?:\/\/[^\s/]+(:\d+)?\/?$/.test(url.replace(/\/api2\/json\/?$/, ''))) {
    throw new Error(
      `${where}: Proxmox URL "${url}" is not an http(s) URL. Expected e.g. "https://pve.example.internal:8006". ` +
        'Fix: give the scheme, host and port of the Proxmox API.',
    );
  }
  if (/\/api2\/json\/?$/.test(url)) {
    throw new Error(
      `${where}: Proxmox URL "${url}" ends in /api2/json, which CAPMOX appends itself. Expected ` +
        `"${url.replace(/\/api2\/json\/?$/, '')}". Fix: drop the /api2/json suffix.`,
    );
  }
}
