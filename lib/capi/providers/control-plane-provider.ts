import type { Construct } from 'constructs';
import { ControlPlaneProvider as ControlPlaneProviderL1 } from '../../../imports/k8s/operator.cluster.x-k8s.io';
import { CapiProviderBase } from './provider-base';
import type { ProviderProps } from './provider-props';

/** CACPPT's name in clusterctl's registry. */
export const TALOS_CONTROL_PLANE_PROVIDER_NAME = 'talos';
/** Namespace of CACPPT's component manifests. */
export const DEFAULT_TALOS_CONTROL_PLANE_NAMESPACE = 'cacppt-system';

/** Props of {@link ControlPlaneProvider}. */
export interface ControlPlaneProviderProps extends ProviderProps {
  /**
   * Provider name in clusterctl's registry.
   * @default "talos" (CACPPT, siderolabs/cluster-api-control-plane-provider-talos)
   */
  readonly providerName?: string | undefined;
}

/**
 * A control-plane provider (`ControlPlaneProvider`); by default Talos (CACPPT) in `cacppt-system`.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { ControlPlaneProvider, CoreProvider } from 'talos-platform-cdk/capi';
 *
 * const chart = new Chart(new App(), 'capi-providers');
 * new CoreProvider(chart, 'Core', { version: 'v1.12.11' }); // every provider needs the app's one CoreProvider
 * new ControlPlaneProvider(chart, 'ControlPlane', { version: 'v0.5.13' }); // CACPPT ("talos") in cacppt-system
 */
export class ControlPlaneProvider extends CapiProviderBase {
  public readonly resource: ControlPlaneProviderL1;

  public constructor(scope: Construct, id: string, props: ControlPlaneProviderProps) {
    const name = props.providerName ?? TALOS_CONTROL_PLANE_PROVIDER_NAME;
    super(
      scope,
      id,
      'ControlPlaneProvider',
      name,
      name === TALOS_CONTROL_PLANE_PROVIDER_NAME ? DEFAULT_TALOS_CONTROL_PLANE_NAMESPACE : undefined,
      props,
    );
    this.resource = new ControlPlaneProviderL1(this, 'Resource', {
      metadata: { name, namespace: this.namespace },
      spec: this.providerSpec(props),
    });
  }
}
