import type { Construct } from 'constructs';
import { IpamProvider as IpamProviderL1 } from '../../../imports/k8s/operator.cluster.x-k8s.io';
import { CapiProviderBase } from './provider-base';
import type { ProviderProps } from './provider-props';

/** The in-cluster IPAM provider's name in clusterctl's registry. */
export const IN_CLUSTER_IPAM_PROVIDER_NAME = 'in-cluster';
/** Namespace of the in-cluster IPAM provider's component manifests. */
export const DEFAULT_IN_CLUSTER_IPAM_NAMESPACE = 'capi-ipam-in-cluster-system';

/** Props of {@link IpamProvider}. */
export interface IpamProviderProps extends ProviderProps {
  /**
   * Provider name in clusterctl's registry.
   * @default "in-cluster" (kubernetes-sigs/cluster-api-ipam-provider-in-cluster)
   */
  readonly providerName?: string | undefined;
}

/**
 * An IPAM provider (`IPAMProvider`); by default in-cluster IPAM in `capi-ipam-in-cluster-system`, which serves the
 * `InClusterIPPool` CAPMOX creates from each ProxmoxCluster's `ipv4Config`.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { CoreProvider, IpamProvider } from 'talos-platform-cdk/capi';
 *
 * const chart = new Chart(new App(), 'capi-providers');
 * new CoreProvider(chart, 'Core', { version: 'v1.12.11' }); // every provider needs the app's one CoreProvider
 * new IpamProvider(chart, 'Ipam', { version: 'v1.1.0' }); // "in-cluster" in capi-ipam-in-cluster-system
 */
export class IpamProvider extends CapiProviderBase {
  public readonly resource: IpamProviderL1;

  public constructor(scope: Construct, id: string, props: IpamProviderProps) {
    const name = props.providerName ?? IN_CLUSTER_IPAM_PROVIDER_NAME;
    super(
      scope,
      id,
      'IPAMProvider',
      name,
      name === IN_CLUSTER_IPAM_PROVIDER_NAME ? DEFAULT_IN_CLUSTER_IPAM_NAMESPACE : undefined,
      props,
    );
    this.resource = new IpamProviderL1(this, 'Resource', {
      metadata: { name, namespace: this.namespace },
      spec: this.providerSpec(props),
    });
  }
}
