import { Construct } from 'constructs';
import { ApplicationSet } from '../../imports/k8s/argoproj.io';
import type { ApplicationSetSpecTemplateSpec } from '../../imports/k8s/argoproj.io';
import { GitOpsChart } from '../core/synth/gitops-chart';
import { definedProps } from '../core/defined-props';
import type { Addon } from './addons/addon';
import { CREATE_NAMESPACE_OPTION, SERVER_SIDE_APPLY_OPTION } from './application';
import { APP_LABEL, DEFAULT_ARGOCD_NAMESPACE, LABEL_PREFIX, RESOURCES_FINALIZER, fleetAddonLabel } from './constants';
import { ApplicationSource } from './source';
import { SyncPolicy } from './sync-policy';

/** Folder of the GitOps tree with the fleet's ApplicationSets. */
export const FLEET_FOLDER = 'platform/fleet';

/** Label on each generated Application naming the workload cluster it targets. */
export const FLEET_CLUSTER_LABEL = `${LABEL_PREFIX}/cluster`;

/** Props of {@link Fleet}. */
export interface FleetProps {
  /** Chart addons to offer to workload clusters (each must have `fleet: true`). */
  readonly addons: readonly Addon[];
  /**
   * Argo CD project of the generated Applications.
   * @default "default"
   */
  readonly project?: string | undefined;
  /**
   * Namespace Argo CD runs in.
   * @default "argocd"
   */
  readonly argocdNamespace?: string | undefined;
  /**
   * Folder of the GitOps tree the ApplicationSets are written to.
   * @default "platform/fleet"
   */
  readonly folder?: string | undefined;
}

/**
 * Addons for workload clusters: one `ApplicationSet` (`argoproj.io/v1alpha1`) per addon, written to
 * `platform/fleet/<addon>.yaml`, whose `clusters` generator selects the Argo CD cluster Secrets labelled
 * `talos-platform-cdk.dev/addon-<addon>: "true"` and generates `<cluster>-<addon>` with the addon's chart and values.
 * The CNI is not a fleet addon: CAAPH delivers Cilium to each workload cluster (`WorkloadClusterCilium`) before any
 * registration exists, and two owners of one release would fight.
 *
 * One ApplicationSet per addon rather than one matrix of clusters x addons: each addon keeps its own values, sync
 * options and namespace labels in plain YAML, a cluster opts in or out of each addon with one label, and an addon with
 * a broken value only stalls its own Applications. Templates use `goTemplate: true` with
 * `goTemplateOptions: ["missingkey=error"]`, so a typo in a template key fails instead of rendering an empty string.
 *
 * The cluster Secrets, with those labels, come from `ArgoCdClusterRegistration` (a Kyverno generate rule over the
 * CAPI kubeconfig Secret), see docs/clusters.md.
 *
 * @example
 * import { App } from 'cdk8s';
 * import { CertManagerAddon, Fleet, LonghornAddon, fleetClusterLabels } from 'talos-platform-cdk/gitops';
 *
 * const addons = [new CertManagerAddon(), new LonghornAddon({ replicaCount: 2 })];
 * const fleet = new Fleet(new App(), 'Fleet', { addons, project: 'platform' });
 * // An Application of the app-of-apps syncs fleet.folder ("platform/fleet").
 * // Labels of a workload cluster's Argo CD cluster Secret: every addon but Longhorn.
 * const labels = fleetClusterLabels(addons, { 'talos-platform-cdk.dev/addon-longhorn': 'false' });
 */
export class Fleet extends Construct {
  /** Folder of the ApplicationSets in the tree. */
  public readonly folder: string;
  /** The ApplicationSets, by addon name. */
  public readonly applicationSets: ReadonlyMap<string, ApplicationSet>;

  public constructor(scope: Construct, id: string, props: FleetProps) {
    super(scope, id);
    this.folder = props.folder ?? FLEET_FOLDER;
    const namespace = props.argocdNamespace ?? DEFAULT_ARGOCD_NAMESPACE;
    const project = props.project ?? 'default';
    const sets = new Map<string, ApplicationSet>();
    for (const addon of props.addons) {
      if (addon.isCni) {
        throw new Error(
          `${this.node.path}: addon "${addon.name}" is the CNI, which the fleet must not install: on a workload cluster ` +
            'Cluster API Add-on Provider Helm owns Cilium (WorkloadClusterCilium), from before the cluster is registered. ' +
            'Fix: leave it out of the fleet.',
        );
      }
      if (!addon.fleet || !addon.chart) {
        throw new Error(
          `${this.node.path}: addon "${addon.name}" is not offered to workload clusters; expected a chart addon ` +
            'with fleet: true (cert-manager, Longhorn, kube-prometheus-stack, External Secrets). Fix: leave ' +
            'it out of the fleet.',
        );
      }
      if (sets.has(addon.name)) throw new Error(`${this.node.path}: addon "${addon.name}" is in the fleet twice`);
      assertNoTemplateMarkers(addon, this.node.path);
      const chart = new GitOpsChart(this, addon.name, { outputPath: `${this.folder}/${addon.name}.yaml` });
      sets.set(addon.name, this.applicationSet(chart, addon, namespace, project));
    }
    this.applicationSets = sets;
  }

  private applicationSet(scope: Construct, addon: Addon, namespace: string, project: string): ApplicationSet {
    const chart = addon.chart!;
    const syncOptions = [CREATE_NAMESPACE_OPTION, ...(addon.serverSideApply ? [SERVER_SIDE_APPLY_OPTION] : [])];
    for (const option of addon.syncOptions) if (!syncOptions.includes(option)) syncOptions.push(option);
    const source = ApplicationSource.helmChart({
      repoUrl: chart.repoUrl,
      chart: chart.chart,
      targetRevision: chart.version,
      releaseName: chart.releaseName ?? addon.name,
      values: chart.values,
    });
    const spec: ApplicationSetSpecTemplateSpec = {
      project,
      source: source._render(),
      destination: { server: '{{.server}}', namespace: addon.namespace },
      syncPolicy: SyncPolicy.automated()._render(syncOptions, addon.namespaceLabels),
    } as ApplicationSetSpecTemplateSpec;
    return new ApplicationSet(scope, 'Resource', {
      metadata: {
        name: `fleet-${addon.name}`,
        namespace,
        labels: { [APP_LABEL]: addon.name },
      },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ clusters: { selector: { matchLabels: { [fleetAddonLabel(addon.name)]: 'true' } } } }],
        template: {
          metadata: definedProps({
            name: `{{.name}}-${addon.name}`,
            labels: { [APP_LABEL]: addon.name, [FLEET_CLUSTER_LABEL]: '{{.name}}' },
            finalizers: addon.cascadeDelete ? [RESOURCES_FINALIZER] : undefined,
          }),
          spec,
        },
      },
    });
  }
}

/**
 * The labels a workload cluster's Argo CD cluster Secret needs to receive `addons` from the fleet, merged with the
 * cluster's own labels (which win, so a cluster can opt out with `talos-platform-cdk.dev/addon-<name>: "false"`).
 * Sorted by key.
 */
export function fleetClusterLabels(
  addons: readonly Addon[],
  clusterLabels: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const addon of addons) if (addon.fleet) labels[fleetAddonLabel(addon.name)] = 'true';
  Object.assign(labels, clusterLabels);
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** ApplicationSet go templates would evaluate `{{` in values; none of the catalog's values contain it. */
function assertNoTemplateMarkers(addon: Addon, path: string): void {
  const text = JSON.stringify(addon.chart?.values ?? {});
  if (text.includes('{{')) {
    throw new Error(
      `${path}: the values of addon "${addon.name}" contain "{{", which the fleet's ApplicationSet (goTemplate) ` +
        'would evaluate as a template. Expected no "{{" in fleet values. Fix: escape it as {{ "{{" }} or keep the ' +
        'addon off the fleet.',
    );
  }
}
