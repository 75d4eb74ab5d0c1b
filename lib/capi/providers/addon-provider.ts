import type { Construct } from 'constructs';
import { AddonProvider as AddonProviderL1 } from '../../../imports/k8s/operator.cluster.x-k8s.io';
import { CapiProviderBase } from './provider-base';
import type { ProviderProps } from './provider-props';

/** CAAPH's name in clusterctl's registry (`HelmAddonProviderName`, cmd/clusterctl/client/config/providers_client.go). */
export const HELM_ADDON_PROVIDER_NAME = 'helm';
/** Namespace of CAAPH's component manifests (its config/default kustomization). */
export const DEFAULT_HELM_ADDON_NAMESPACE = 'caaph-system';

/** Props of {@link AddonProvider}. */
export interface AddonProviderProps extends ProviderProps {
  /**
   * Provider name in clusterctl's registry.
   * @default "helm" (Cluster API Add-on Provider Helm, kubernetes-sigs/cluster-api-addon-provider-helm)
   */
  readonly providerName?: string | undefined;
}

/**
 * An add-on provider (`AddonProvider`); by default CAAPH (`helm`) in `caaph-system`. CAAPH serves `HelmChartProxy`:
 * it installs a Helm chart on every Cluster its selector matches, from the Cluster's `<cluster>-kubeconfig` Secret,
 * as soon as the Cluster reports its control plane initialized. The platform delivers Cilium to workload clusters
 * with it (see docs/clusters.md, "CNI at bootstrap").
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { AddonProvider, CoreProvider } from 'talos-platform-cdk/capi';
 *
 * const chart = new Chart(new App(), 'capi-providers');
 * new CoreProvider(chart, 'Core', { version: 'v1.12.11' });
 * new AddonProvider(chart, 'Helm', { version: 'v0.6.4' }); // "helm" (CAAPH) in caaph-system
 */
export class AddonProvider extends CapiProviderBase {
  public readonly resource: AddonProviderL1;

  public constructor(scope: Construct, id: string, props: AddonProviderProps) {
    const name = props.providerName ?? HELM_ADDON_PROVIDER_NAME;
    super(
      scope,
      id,
      'AddonProvider',
      name,
      name === HELM_ADDON_PROVIDER_NAME ? DEFAULT_HELM_ADDON_NAMESPACE : undefined,
      props,
    );
    this.resource = new AddonProviderL1(this, 'Resource', {
      metadata: { name, namespace: this.namespace },
      spec: this.providerSpec(props),
    });
  }
}
