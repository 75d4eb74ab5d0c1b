import type { Construct } from 'constructs';
import { InfrastructureProvider as InfrastructureProviderL1 } from '../../../imports/k8s/operator.cluster.x-k8s.io';
import { CapiProviderBase } from './provider-base';
import type { ProviderProps } from './provider-props';

/** CAPMOX's name in clusterctl's registry. */
export const PROXMOX_INFRASTRUCTURE_PROVIDER_NAME = 'proxmox';
/** Namespace of CAPMOX's component manifests. */
export const DEFAULT_PROXMOX_NAMESPACE = 'capmox-system';
/**
 * The variables CAPMOX reads (v0.9 `cmd/main.go`: `PROXMOX_URL`, `PROXMOX_TOKEN` is the token id, `PROXMOX_SECRET`
 * the token's secret); its components substitute them from the config Secret into `capmox-manager-credentials`.
 */
export const CAPMOX_CREDENTIAL_KEYS = {
  url: 'PROXMOX_URL',
  tokenId: 'PROXMOX_TOKEN',
  tokenSecret: 'PROXMOX_SECRET',
} as const;
/** CAPMOX's controller container (`config/manager/manager.yaml`). */
const CAPMOX_MANAGER_CONTAINER = 'manager';

/** Props of {@link InfrastructureProvider}. */
export interface InfrastructureProviderProps extends ProviderProps {
  /**
   * Provider name in clusterctl's registry.
   * @default "proxmox" (CAPMOX, ionos-cloud/cluster-api-provider-proxmox)
   */
  readonly providerName?: string | undefined;
}

/**
 * An infrastructure provider (`InfrastructureProvider`); by default CAPMOX in `capmox-system`. CAPMOX reads
 * `PROXMOX_URL`, `PROXMOX_TOKEN` and `PROXMOX_SECRET` from `configSecret` (see ProxmoxCredentials).
 *
 * For CAPMOX with a `configSecret` in its own namespace, the manager container's three variables also read that
 * Secret directly (`spec.deployment.containers[manager].env`, which the operator puts in place of the component's
 * own entries). CAPMOX reads its credentials once, at start: pointing the pod template at the Secret by name makes a
 * new Secret (a rotated token) roll the Deployment, which a change of the Secret's content alone never does.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { CoreProvider, InfrastructureProvider, IpamProvider, ProxmoxCredentials } from 'talos-platform-cdk/capi';
 *
 * const chart = new Chart(new App(), 'capi-providers');
 * const credentials = ProxmoxCredentials.fromSopsFile(chart, 'Credentials', {
 *   encryptedFile: 'platform/secrets/capmox-credentials.sops.yaml',
 * });
 * new CoreProvider(chart, 'Core', { version: 'v1.12.11' });
 * new IpamProvider(chart, 'Ipam', { version: 'v1.1.0' }); // CAPMOX v0.9 needs in-cluster IPAM v1.1.0 or newer
 * new InfrastructureProvider(chart, 'Infrastructure', { version: 'v0.9.0', configSecret: credentials.secretRef });
 */
export class InfrastructureProvider extends CapiProviderBase {
  public readonly resource: InfrastructureProviderL1;

  public constructor(scope: Construct, id: string, props: InfrastructureProviderProps) {
    const name = props.providerName ?? PROXMOX_INFRASTRUCTURE_PROVIDER_NAME;
    super(
      scope,
      id,
      'InfrastructureProvider',
      name,
      name === PROXMOX_INFRASTRUCTURE_PROVIDER_NAME ? DEFAULT_PROXMOX_NAMESPACE : undefined,
      props,
    );
    const secret = props.configSecret;
    const readsSecretDirectly =
      name === PROXMOX_INFRASTRUCTURE_PROVIDER_NAME &&
      secret !== undefined &&
      (secret.namespace ?? this.namespace) === this.namespace;
    this.resource = new InfrastructureProviderL1(this, 'Resource', {
      metadata: { name, namespace: this.namespace },
      spec: {
        ...this.providerSpec(props),
        ...(readsSecretDirectly
          ? {
              deployment: {
                containers: [
                  {
                    name: CAPMOX_MANAGER_CONTAINER,
                    env: Object.values(CAPMOX_CREDENTIAL_KEYS).map((key) => ({
                      name: key,
                      valueFrom: { secretKeyRef: { name: secret.name, key } },
                    })),
                  },
                ],
              },
            }
          : {}),
      },
    });
  }
}
