import type { Construct } from 'constructs';
import { CoreProvider as CoreProviderL1 } from '../../../imports/k8s/operator.cluster.x-k8s.io';
import { checkProviderCompatibility } from './compatibility';
import { CapiProviderBase, findProviders } from './provider-base';
import type { ProviderProps } from './provider-props';

/** The core provider's name in clusterctl's registry (the only name the operator accepts for a CoreProvider). */
export const CORE_PROVIDER_NAME = 'cluster-api';
/** Namespace of Cluster API core's component manifests. */
export const DEFAULT_CORE_PROVIDER_NAMESPACE = 'capi-system';

/** Props of {@link CoreProvider}. */
export type CoreProviderProps = ProviderProps;

/**
 * Cluster API core (`CoreProvider` named `cluster-api`, `operator.cluster.x-k8s.io/v1alpha2`). Exactly one per
 * management cluster: a whole-tree validation reports any extra one, and checks every provider in the app
 * against COMPATIBILITY (lib/core/versions.ts).
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { CoreProvider, ProviderSource } from 'talos-platform-cdk/capi';
 *
 * const chart = new Chart(new App(), 'capi-providers');
 * new CoreProvider(chart, 'Core', {
 *   version: 'v1.12.11', // "cluster-api" in capi-system
 *   featureGates: { ClusterTopology: true },
 *   source: ProviderSource.builtIn(), // the default: clusterctl's built-in repository
 * });
 */
export class CoreProvider extends CapiProviderBase {
  public readonly resource: CoreProviderL1;

  public constructor(scope: Construct, id: string, props: CoreProviderProps) {
    super(scope, id, 'CoreProvider', CORE_PROVIDER_NAME, DEFAULT_CORE_PROVIDER_NAMESPACE, props);
    this.resource = new CoreProviderL1(this, 'Resource', {
      metadata: { name: this.providerName, namespace: this.namespace },
      spec: this.providerSpec(props),
    });
    this.node.addValidation({
      validate: () => {
        const providers = findProviders(this);
        // Reported once, by the first CoreProvider of the app.
        if (providers.find((p) => p.providerKind === 'CoreProvider') !== this) return [];
        return checkProviderCompatibility(providers);
      },
    });
  }
}
