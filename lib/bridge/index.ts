/**
 * `talos-platform-cdk/bridge`: delivers a cdk8s chart through a CDKTF stack. {@link ChartRelease} renders the chart
 * into a local Helm chart and installs it with `helm_release`, so the objects' CRDs need not exist at plan time
 * (`kubernetes_manifest` needs them); {@link ClusterProviders} configures the helm and kubernetes providers of a
 * cluster from its client credentials.
 *
 * @example
 * const { ChartRelease, ClusterProviders } = require('talos-platform-cdk/bridge');
 * const providers = new ClusterProviders(stack, 'Mgmt', { kubernetesClient: managementCluster.kubernetesClient });
 * new ChartRelease(stack, 'Providers', { chart, providers, releaseName: 'capi-providers', namespace: 'capi-operator-system' });
 *
 * @module bridge
 */
export * from './chart-release';
export * from './cluster-providers';
export * from './render-chart';
