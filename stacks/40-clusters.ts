import { App as K8sApp, Chart } from 'cdk8s';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { ChartRelease } from '../lib/bridge/chart-release';
import { ClusterProviders } from '../lib/bridge/cluster-providers';
import { WorkloadCluster } from '../lib/capi/workload-cluster';
import { WorkloadClusterCilium } from '../lib/capi/workload-cluster-cilium';
import type { PlatformConfig } from '../lib/core/spec/resolved';
import type { IManagementCluster } from '../lib/talos/management-cluster-ref';
import type { CapmoxStack } from './30-capmox';
import { workloadCiliumProps, workloadClusterProps } from './gitops-capi';
import { StageStack } from './stage-stack';
import type { StageStackProps } from './stage-stack';

/** Props of {@link ClustersStack}. */
export interface ClustersStackProps extends StageStackProps {
  /** The resolved platform. */
  readonly config: PlatformConfig;
  /** Stage 10: the management cluster. */
  readonly managementCluster: IManagementCluster;
  /** Stage 30: the providers (their CRDs must exist before the clusters' objects). */
  readonly providers: CapmoxStack;
}

/**
 * Stage 40: the workload clusters' Cluster API objects, when `gitops.clusterDelivery` is `terraform`: one Helm
 * release per cluster (`cluster-<name>`, through the bridge) in the cluster's namespace. With `gitops` delivery (the
 * default) Argo CD applies `dist/clusters/` and this stage manages nothing; it only says so in an output.
 * Exit criterion: `kubectl get clusters -A` lists every cluster, `clusterctl describe cluster <name> -n <name>`.
 *
 * @example
 * import { ClustersStack } from 'talos-platform-cdk/stacks/40-clusters';
 * import { CapmoxStack } from 'talos-platform-cdk/stacks/30-capmox';
 *
 * // mgmt and operator: the stacks of stages 10 and 20 (see CapmoxStack)
 * const capmox = new CapmoxStack(app, '30-capmox', { config, managementCluster: mgmt.cluster, operator });
 * const clusters = new ClustersStack(app, '40-clusters', { config, managementCluster: mgmt.cluster, providers: capmox });
 * // clusters.releases is empty unless gitops.clusterDelivery is "terraform".
 */
export class ClustersStack extends StageStack {
  /** The releases, by cluster name (empty with GitOps delivery). */
  public readonly releases: ReadonlyMap<string, ChartRelease>;

  public constructor(scope: Construct, id: string, props: ClustersStackProps) {
    super(scope, id, props);
    this.addDependency(props.providers);
    const releases = new Map<string, ChartRelease>();
    const delivery = props.config.platform.gitops.clusterDelivery;
    if (delivery === 'terraform') {
      const clusterProviders = new ClusterProviders(this, 'ManagementCluster', {
        kubernetesClient: props.managementCluster.kubernetesClient,
      });
      for (const cluster of props.config.clusters) {
        const chart = new Chart(new K8sApp(), cluster.name);
        // Helm creates the namespace (create_namespace), so the chart does not carry it.
        const workload = new WorkloadCluster(chart, 'Cluster', {
          ...workloadClusterProps(props.config, cluster),
          includeNamespace: false,
        });
        new WorkloadClusterCilium(chart, 'Cilium', workloadCiliumProps(cluster, workload.namespace));
        releases.set(
          cluster.name,
          new ChartRelease(this, cluster.name, {
            chart,
            providers: clusterProviders,
            releaseName: `cluster-${cluster.name}`,
            namespace: workload.namespace,
            createNamespace: true,
          }),
        );
      }
    }
    this.releases = releases;
    const output = new TerraformOutput(this, 'cluster_delivery', {
      value:
        delivery === 'terraform'
          ? `terraform: this stage applies ${props.config.clusters.length} workload cluster(s) as Helm releases cluster-<name>`
          : 'gitops: workload clusters are committed under dist/clusters/<env>/<name>/ and applied by Argo CD; this stage manages nothing',
      description: 'How workload clusters reach the management cluster (gitops.clusterDelivery).',
    });
    output.overrideLogicalId('cluster_delivery');
  }
}
