import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { HelmChartProxy, HelmChartProxySpecReconcileStrategy } from '../../imports/k8s/addons.cluster.x-k8s.io';
import { CHART_VERSIONS } from '../core/versions';
import { CILIUM_HELM_REPOSITORY, talosCiliumValues } from '../gitops/addons/cilium';
import type { TalosCiliumValuesOptions } from '../gitops/addons/cilium';
import { WORKLOAD_CLUSTER_LABEL } from './workload/api-groups';

/** Cilium's release on a workload cluster: the same name and namespace as on the management cluster. */
export const CILIUM_RELEASE = { name: 'cilium', namespace: 'kube-system' } as const;

/** Props of {@link WorkloadClusterCilium}. */
export interface WorkloadClusterCiliumProps extends TalosCiliumValuesOptions {
  /** Name of the workload `Cluster` (it must carry `talos-platform-cdk.dev/workload-cluster: <name>`). */
  readonly clusterName: string;
  /** Namespace of the `Cluster` (a `HelmChartProxy` selects Clusters of its own namespace only). */
  readonly namespace: string;
  /**
   * Cilium chart version.
   * @default CHART_VERSIONS.cilium (the management cluster's)
   */
  readonly chartVersion?: string | undefined;
}

/**
 * Cilium on one workload cluster, delivered by Cluster API Add-on Provider Helm: a `HelmChartProxy`
 * (`addons.cluster.x-k8s.io/v1alpha1`) named `<cluster>-cilium` in the cluster's namespace, whose selector matches
 * only that Cluster (`talos-platform-cdk.dev/workload-cluster: <cluster>`).
 *
 * CAAPH (v0.6.4, `controllers/helmreleaseproxy`) waits for `Cluster.status.initialization.controlPlaneInitialized`,
 * then installs the chart with the `<cluster>-kubeconfig` Secret CACPPT writes: Cilium arrives as soon as the API
 * server answers, with no Argo CD registration. The values are {@link talosCiliumValues}, the function that renders
 * the management cluster's Cilium (stage 10 and the GitOps `cilium` app). The strategy is `Continuous`: CAAPH is the
 * one owner of Cilium on the cluster (upgrades follow `chartVersion`), and the fleet offers no Cilium ApplicationSet.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { WorkloadClusterCilium } from 'talos-platform-cdk/capi';
 *
 * new WorkloadClusterCilium(new Chart(new App(), 'cni'), 'Cilium', {
 *   clusterName: 'prod', namespace: 'prod', operatorReplicas: 2,
 * });
 */
export class WorkloadClusterCilium extends Construct {
  /** The `HelmChartProxy`. */
  public readonly resource: HelmChartProxy;
  /** The chart values (a copy). */
  public readonly values: Record<string, unknown>;

  public constructor(scope: Construct, id: string, props: WorkloadClusterCiliumProps) {
    super(scope, id);
    this.values = talosCiliumValues(props);
    // CAAPH renders valuesTemplate as a Go template (with the Cluster as data); the values hold no "{{".
    const valuesTemplate = valuesYaml(this.values);
    if (valuesTemplate.includes('{{')) {
      throw new Error(
        `${this.node.path}: the Cilium values contain "{{", which CAAPH would evaluate as a Go template.`,
      );
    }
    this.resource = new HelmChartProxy(this, 'Resource', {
      metadata: { name: `${props.clusterName}-cilium`, namespace: props.namespace },
      spec: {
        clusterSelector: { matchLabels: { [WORKLOAD_CLUSTER_LABEL]: props.clusterName } },
        repoUrl: CILIUM_HELM_REPOSITORY,
        chartName: 'cilium',
        version: props.chartVersion ?? CHART_VERSIONS.cilium,
        releaseName: CILIUM_RELEASE.name,
        namespace: CILIUM_RELEASE.namespace,
        reconcileStrategy: HelmChartProxySpecReconcileStrategy.CONTINUOUS,
        valuesTemplate,
      },
    });
  }
}

/**
 * The values as YAML (keys sorted), rendered once per distinct values: every cluster of one size gets the same
 * values, and serializing them with `yaml` was about 4 % of a 1000-cluster synth. The values are plain JSON data
 * ({@link talosCiliumValues}: strings, whole numbers, booleans), so their JSON text identifies them.
 */
function valuesYaml(values: Record<string, unknown>): string {
  const key = JSON.stringify(values);
  let text = VALUES_YAML.get(key);
  if (text === undefined) {
    text = stringify(values, { sortMapEntries: true, lineWidth: 0 });
    VALUES_YAML.set(key, text);
  }
  return text;
}

const VALUES_YAML = new Map<string, string>();
