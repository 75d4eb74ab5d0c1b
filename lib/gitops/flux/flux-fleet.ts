import { Construct } from 'constructs';
import { GitOpsChart } from '../../core/synth/gitops-chart';
import type { Addon } from '../addons/addon';
import { fleetAddonLabel } from '../constants';
import { FluxHelmRelease } from './flux-helm-release';

/** One workload cluster as the Flux fleet sees it. */
export interface FluxFleetCluster {
  /** Cluster API cluster name; its namespace and its `<name>-kubeconfig` Secret have the same name. */
  readonly name: string;
  /** Environment (the folder of its spec). */
  readonly environment: string;
  /**
   * The labels Argo CD's fleet ApplicationSets select on (`fleetClusterLabels`): the cluster receives each addon
   * whose `talos-platform-cdk.dev/addon-<name>` label is `"true"`.
   */
  readonly labels: Readonly<Record<string, string>>;
}

/** Props of {@link FluxFleet}. */
export interface FluxFleetProps {
  /** Chart addons offered to workload clusters (each with `fleet: true`). */
  readonly addons: readonly Addon[];
  /** The workload clusters. */
  readonly clusters: readonly FluxFleetCluster[];
  /** Folder of the tree the per-cluster folders go into (`<platform>/fleet`). */
  readonly folder: string;
}

/**
 * Addons for workload clusters, the Flux way: per cluster a folder `<folder>/<env>-<cluster>/` with one
 * `HelmRepository` + `HelmRelease` per addon the cluster's labels select, in the cluster's namespace, applied to the
 * cluster through Cluster API's `<cluster>-kubeconfig` Secret (`spec.kubeConfig.secretRef`, key `value`). The
 * selection is the label rule of the Argo CD ApplicationSets, evaluated at synth; no registration step is needed.
 * A release waits for the releases of the addons it needs (`spec.dependsOn`), and retries until the kubeconfig
 * Secret exists. The CNI is not a fleet addon: CAAPH installs Cilium on each workload cluster.
 *
 * @example
 * import { App } from 'cdk8s';
 * import { CertManagerAddon, FluxFleet, fleetClusterLabels } from 'talos-platform-cdk/gitops';
 *
 * const addons = [new CertManagerAddon()];
 * new FluxFleet(new App(), 'Fleet', {
 *   addons, folder: 'platform/fleet',
 *   clusters: [{ name: 'web', environment: 'prod', labels: fleetClusterLabels(addons) }],
 * }); // platform/fleet/prod-web/cert-manager.yaml
 */
export class FluxFleet extends Construct {
  /** Folder of each cluster's releases, by cluster name. */
  public readonly clusterFolders: ReadonlyMap<string, string>;

  public constructor(scope: Construct, id: string, props: FluxFleetProps) {
    super(scope, id);
    for (const addon of props.addons) {
      if (addon.isCni || !addon.fleet || !addon.chart) {
        throw new Error(
          `${this.node.path}: addon "${addon.name}" is not offered to workload clusters; expected a chart addon with ` +
            'fleet: true that is not the CNI. Fix: leave it out of the fleet.',
        );
      }
    }
    const folders = new Map<string, string>();
    for (const cluster of props.clusters) {
      const selected = props.addons.filter((a) => cluster.labels[fleetAddonLabel(a.name)] === 'true');
      if (selected.length === 0) continue;
      const folder = `${props.folder}/${cluster.environment}-${cluster.name}`;
      folders.set(cluster.name, folder);
      const names = new Set(selected.map((a) => a.name));
      for (const addon of selected) {
        const chart = new GitOpsChart(this, `${cluster.environment}.${cluster.name}.${addon.name}`, {
          outputPath: `${folder}/${addon.name}.yaml`,
        });
        new FluxHelmRelease(chart, 'HelmRelease', {
          name: `${cluster.name}-${addon.name}`,
          namespace: cluster.name,
          chart: addon.chart!,
          targetNamespace: addon.namespace,
          releaseName: addon.chart!.releaseName ?? addon.name,
          workloadCluster: cluster.name,
          createNamespace: true,
          dependsOn: addon.needs.filter((n) => names.has(n)).map((n) => `${cluster.name}-${n}`),
        });
      }
    }
    this.clusterFolders = folders;
  }
}
