import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { TerraformVariable, Token } from 'cdktf';
import type { ITerraformDependable } from 'cdktf';
import { SecretV1 } from '../../imports/providers/kubernetes/secret-v1';
import type { IClusterProviders } from '../bridge/cluster-providers';
import { naming, proxmoxEndpointProblems, throwProblems } from '../core/rules';
import { optionalProp } from '../core/defined-props';
import { CAPMOX_CREDENTIAL_KEYS, DEFAULT_PROXMOX_NAMESPACE } from './providers/infrastructure-provider';
import type { SecretReference } from './providers/provider-props';

export { CAPMOX_CREDENTIAL_KEYS };

/** Name of a SOPS-delivered CAPMOX config Secret, and the prefix of the Terraform-delivered one. */
export const DEFAULT_PROXMOX_CREDENTIALS_SECRET = 'capmox-credentials';
/**
 * Terraform variable (`TF_VAR_capmox_token_id`) with the id of CAPMOX's Proxmox API token, e.g. `capmox@pve!capi`
 * (CAPMOX's `PROXMOX_TOKEN`). Named after CAPMOX, not after the API: `proxmox_api_token` is Terraform's own token
 * (stages 00 and 10), a different one.
 */
export const CAPMOX_TOKEN_ID_VARIABLE = 'capmox_token_id';
/** Terraform variable (`TF_VAR_capmox_token_secret`) with that token's secret, a UUID (CAPMOX's `PROXMOX_SECRET`). */
export const CAPMOX_TOKEN_SECRET_VARIABLE = 'capmox_token_secret';
/** Hex digits of the token id's SHA-256 in the Secret name: enough to tell tokens apart, short enough to read. */
const TOKEN_ID_HASH_LENGTH = 10;
/** A Proxmox API token id: `<user>@<realm>!<token-name>` (Proxmox token names start with a letter). */
const TOKEN_ID_PATTERN = /^[^\s@!]+@[^\s@!]+![A-Za-z][A-Za-z0-9._-]*$/;

/** The first hex digits of the token id's SHA-256, as the Secret name carries them. */
function tokenIdHash(tokenId: string): string {
  return createHash('sha256').update(tokenId).digest('hex').slice(0, TOKEN_ID_HASH_LENGTH);
}

/**
 * The config Secret's name for a token: `capmox-credentials-<first 10 hex of sha256(token id)>`. A new token gets a
 * new name, which is what makes a rotation reach CAPMOX (see {@link ProxmoxCredentials}). Only the id is hashed,
 * never the token's secret.
 */
export function proxmoxCredentialsSecretName(tokenId: string): string {
  return `${DEFAULT_PROXMOX_CREDENTIALS_SECRET}-${tokenIdHash(tokenId)}`;
}

/** Where the CAPMOX credentials Secret comes from. */
export type ProxmoxCredentialsDelivery = 'terraform' | 'sops';

/** Options of {@link ProxmoxCredentials.fromTerraformVariables}. */
export interface TerraformProxmoxCredentialsOptions {
  /** Providers of the management cluster (the kubernetes provider creates the Secret). */
  readonly providers: IClusterProviders;
  /** Proxmox API URL without `/api2/json`, e.g. `https://pve.example.internal:8006`. */
  readonly url: string;
  /**
   * Id of the token the Secret is for, `<user>@<realm>!<token-name>`, e.g. `capmox@pve!capi` (the spec's
   * `proxmox.capmoxTokenId`). It names the Secret; the value CAPMOX gets comes from `TF_VAR_capmox_token_id`, and a
   * plan whose variable holds another id stops with an error.
   */
  readonly tokenId: string;
  /**
   * Namespace of the Secret (CAPMOX's namespace; it must exist before the Secret).
   * @default "capmox-system"
   */
  readonly namespace?: string | undefined;
  /**
   * Secret name.
   * @default - proxmoxCredentialsSecretName(tokenId), `capmox-credentials-<hash of the token id>`
   */
  readonly secretName?: string | undefined;
  /**
   * What must exist first (e.g. the release that creates the namespace).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[] | undefined;
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
  readonly namespace?: string | undefined;
  /**
   * Secret name.
   * @default "capmox-credentials"
   */
  readonly secretName?: string | undefined;
}

/**
 * The Proxmox API credentials CAPMOX runs with: a Secret with `PROXMOX_URL`, `PROXMOX_TOKEN` (the token id) and
 * `PROXMOX_SECRET` (the token's secret), the names CAPMOX v0.9 reads (`cmd/main.go`, `config/default`), that the
 * InfrastructureProvider names as `configSecret`. Two ways to deliver it, never with a secret in the output:
 *
 * - {@link ProxmoxCredentials.fromTerraformVariables}: a `kubernetes_secret_v1` named after the token id
 *   ({@link proxmoxCredentialsSecretName}) whose id and secret come from the sensitive variables `capmox_token_id` and
 *   `capmox_token_secret` (`TF_VAR_...`); a precondition checks that the id variable is the token the name is for.
 *   The values are in the Terraform state (sensitive), not in `cdk.tf.json`.
 * - {@link ProxmoxCredentials.fromSopsFile}: a reference to a SOPS-encrypted Secret in the repository; the GitOps side
 *   (`SopsSecret`, lib/secrets) copies it and wires decryption.
 *
 * Rotation needs a new name: cluster-api-operator v0.28 reads the Secret when it renders CAPMOX's components and
 * notices a change of its data only with `--watch-configsecret` (off by default); even then CAPMOX keeps the
 * credentials it read into its environment at start (`capmox-manager-credentials`, env `valueFrom`). A new Secret name
 * changes the provider's spec, so the operator re-renders the components, and the InfrastructureProvider points the
 * manager's environment at the new Secret, so its Deployment rolls (`InfrastructureProvider`). The Terraform
 * Secret is `create_before_destroy`: the new one exists before the provider moves to it.
 *
 * @example
 * import { ProxmoxCredentials } from 'talos-platform-cdk/capi';
 *
 * // Terraform (stage 30): set TF_VAR_capmox_token_id (the same id) and TF_VAR_capmox_token_secret.
 * const credentials = ProxmoxCredentials.fromTerraformVariables(stack, 'ProxmoxCredentials', {
 *   providers, // ClusterProviders of the management cluster
 *   url: 'https://pve.example.internal:8006',
 *   tokenId: 'capmox@pve!capi',
 * });
 * // Or GitOps: a SOPS-encrypted Secret in the repository.
 * const sops = ProxmoxCredentials.fromSopsFile(chart, 'Credentials', {
 *   encryptedFile: 'platform/secrets/capmox-credentials.sops.yaml',
 * });
 * // Either one's secretRef is CapiProviders' proxmoxCredentials.
 */
export class ProxmoxCredentials extends Construct {
  /** Creates the Secret with Terraform from two sensitive variables. Call it in the stage-30 stack. */
  public static fromTerraformVariables(
    scope: Construct,
    id: string,
    options: TerraformProxmoxCredentialsOptions,
  ): ProxmoxCredentials {
    const secretName = options.secretName ?? proxmoxCredentialsSecretName(options.tokenId);
    const credentials = new ProxmoxCredentials(scope, id, 'terraform', options.namespace, secretName, undefined);
    checkProxmoxUrl(options.url, credentials.node.path);
    checkProxmoxTokenId(options.tokenId, credentials.node.path);
    const tokenIdVariable = new TerraformVariable(credentials, 'TokenId', {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: `Id of CAPMOX's Proxmox API token, "<user>@<realm>!<token-name>" (set TF_VAR_${CAPMOX_TOKEN_ID_VARIABLE}).`,
    });
    tokenIdVariable.overrideLogicalId(CAPMOX_TOKEN_ID_VARIABLE);
    const tokenSecret = new TerraformVariable(credentials, 'TokenSecret', {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: `Secret (a UUID) of CAPMOX's Proxmox API token ${options.tokenId} (set TF_VAR_${CAPMOX_TOKEN_SECRET_VARIABLE}).`,
    });
    tokenSecret.overrideLogicalId(CAPMOX_TOKEN_SECRET_VARIABLE);
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
        [CAPMOX_CREDENTIAL_KEYS.tokenId]: tokenIdVariable.stringValue,
        [CAPMOX_CREDENTIAL_KEYS.tokenSecret]: tokenSecret.stringValue,
      },
      ...optionalProp('dependsOn', options.dependsOn),
      lifecycle: {
        // A new token is a new name: create the new Secret before the old one goes, so CAPMOX always has one.
        createBeforeDestroy: true,
        // The name says which token the Secret is for; a variable holding another token would rotate nothing.
        precondition: [
          {
            condition: `\${substr(sha256(var.${CAPMOX_TOKEN_ID_VARIABLE}), 0, ${TOKEN_ID_HASH_LENGTH}) == "${tokenIdHash(options.tokenId)}"}`,
            errorMessage:
              `TF_VAR_${CAPMOX_TOKEN_ID_VARIABLE} is not the token the spec names (proxmox.capmoxTokenId: ` +
              `${options.tokenId}). Set it to that id, or to rotate put the new id in the spec first ` +
              '(docs/runbooks/capmox-credentials.md).',
          },
        ],
      },
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

/** Checks a Proxmox API token id (`<user>@<realm>!<token-name>`); Terraform tokens are not checked. */
export function checkProxmoxTokenId(tokenId: string, where: string): void {
  if (Token.isUnresolved(tokenId) || TOKEN_ID_PATTERN.test(tokenId)) return;
  const hint = tokenId.includes('=')
    ? ' It holds a "=": that is the combined "<id>=<secret>" form; give the id only and the secret as TF_VAR_capmox_token_secret.'
    : '';
  throw new Error(
    `${where}: Proxmox token id "${tokenId.split('=')[0]}" is not "<user>@<realm>!<token-name>". Expected e.g. ` +
      `"capmox@pve!capi".${hint}`,
  );
}

/**
 * Checks a Proxmox API URL for CAPMOX with the rule the spec check runs (`proxmoxEndpointProblems`): https, host and
 * port, no path (CAPMOX's client appends `/api2/json`). Terraform tokens are not checked.
 */
export function checkProxmoxUrl(url: string, where: string): void {
  if (Token.isUnresolved(url)) return;
  throwProblems(where, naming('url', proxmoxEndpointProblems(url)));
}
