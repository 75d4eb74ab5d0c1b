import type { Construct } from 'constructs';
import { BootstrapProvider as BootstrapProviderL1 } from '../../../imports/k8s/operator.cluster.x-k8s.io';
import { CapiProviderBase } from './provider-base';
import type { ProviderProps } from './provider-props';

/** CABPT's name in clusterctl's registry. */
export const TALOS_BOOTSTRAP_PROVIDER_NAME = 'talos';
/** Namespace of CABPT's component manifests. */
export const DEFAULT_TALOS_BOOTSTRAP_NAMESPACE = 'cabpt-system';

/** Props of {@link BootstrapProvider}. */
export interface BootstrapProviderProps extends ProviderProps {
  /**
   * Provider name in clusterctl's registry.
   * @default "talos" (CABPT, siderolabs/cluster-api-bootstrap-provider-talos)
   */
  readonly providerName?: string | undefined;
}

/**
 * A bootstrap provider (`BootstrapProvider`); by default the Talos bootstrap provider (CABPT) in `cabpt-system`.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { BootstrapProvider, CoreProvider } from 'talos-platform-cdk/capi';
 *
 * const chart = new Chart(new App(), 'capi-providers');
 * new CoreProvider(chart, 'Core', { version: 'v1.12.11' }); // every provider needs the app's one CoreProvider
 * new BootstrapProvider(chart, 'Bootstrap', { version: 'v0.6.12' }); // CABPT ("talos") in cabpt-system
 */
export class BootstrapProvider extends CapiProviderBase {
  public readonly resource: BootstrapProviderL1;

  public constructor(scope: Construct, id: string, props: BootstrapProviderProps) {
    const name = props.providerName ?? TALOS_BOOTSTRAP_PROVIDER_NAME;
    super(
      scope,
      id,
      'BootstrapProvider',
      name,
      name === TALOS_BOOTSTRAP_PROVIDER_NAME ? DEFAULT_TALOS_BOOTSTRAP_NAMESPACE : undefined,
      props,
    );
    this.resource = new BootstrapProviderL1(this, 'Resource', {
      metadata: { name, namespace: this.namespace },
      spec: this.providerSpec(props),
    });
  }
}
