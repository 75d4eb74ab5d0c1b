import { DNS_1123_SUBDOMAIN_PATTERN } from '../core/rules/facts';

/** How long External Secrets Operator waits between reads of the store. ESO's own default (`1h0m0s`). */
export const DEFAULT_ESO_REFRESH_INTERVAL = '1h';

/** Options of {@link SecretDelivery.externalSecrets}. */
export interface ExternalSecretsDeliveryOptions {
  /** Name of the (Cluster)SecretStore that holds the values. */
  readonly storeName: string;
  /**
   * Whether `storeName` is a namespaced `SecretStore` (in the Secret's namespace) instead of a `ClusterSecretStore`.
   * @default false - a ClusterSecretStore
   */
  readonly namespacedStore?: boolean | undefined;
  /**
   * Key of the entry in the store whose properties become the Secret's keys (`dataFrom[].extract.key`).
   * @default - `<namespace>/<name>` of the Secret
   */
  readonly remoteKey?: string | undefined;
  /**
   * How often ESO re-reads the store (`spec.refreshInterval`, a Go duration).
   * @default "1h"
   */
  readonly refreshInterval?: string | undefined;
}

/**
 * How a referenced secret reaches the cluster. Argo CD decrypts SOPS files with KSOPS by default; with External Secrets
 * Operator installed, an `ExternalSecret` reads the values from a secret store instead.
 */
export class SecretDelivery {
  /**
   * KSOPS (default): the SOPS-encrypted file is copied into the GitOps tree with a KSOPS generator and a
   * `kustomization.yaml`; Argo CD's repo-server decrypts it with the `argocd/sops-age` key.
   */
  public static ksops(): SecretDelivery {
    return new SecretDelivery('ksops', undefined);
  }

  /**
   * External Secrets Operator: an `external-secrets.io/v1` `ExternalSecret` whose target is the Secret, reading every
   * property of one store entry. The SOPS file is not used (the store holds the values).
   */
  public static externalSecrets(options: ExternalSecretsDeliveryOptions): SecretDelivery {
    if (!DNS_1123_SUBDOMAIN_PATTERN.test(options.storeName)) {
      throw new Error(
        `SecretDelivery.externalSecrets: storeName "${options.storeName}" is not a Kubernetes object name ` +
          '(lower-case letters, digits, "-" and "."), e.g. "vault"',
      );
    }
    return new SecretDelivery('external-secrets', { ...options });
  }

  private constructor(
    /** `ksops` or `external-secrets`. */
    public readonly kind: 'ksops' | 'external-secrets',
    private readonly eso: ExternalSecretsDeliveryOptions | undefined,
  ) {}

  /** ESO options (a copy), or undefined for KSOPS. */
  public get externalSecretsOptions(): ExternalSecretsDeliveryOptions | undefined {
    return this.eso ? { ...this.eso } : undefined;
  }
}
