import type { Construct } from 'constructs';
import { TALOS_DEFAULT_POD_SECURITY, podSecurityLabels } from '../../core/addon-prerequisites';
import type { AddonPrerequisites } from '../../core/addon-prerequisites';
import { DNS1123_LABEL } from '../constants';

/** A Helm chart an addon installs. */
export interface AddonChart {
  /** Helm repository URL. */
  readonly repoUrl: string;
  /** Chart name. */
  readonly chart: string;
  /** Pinned chart version (see `CHART_VERSIONS` in lib/core/versions.ts). */
  readonly version: string;
  /**
   * Helm release name.
   * @default - the addon name
   */
  readonly releaseName?: string | undefined;
  /** Helm values. */
  readonly values: Readonly<Record<string, unknown>>;
}

/** What every addon declares; the subclasses in this folder fill it from their own props. */
export interface AddonOptions {
  /** Application name, and the key other addons name in `needs`. A DNS-1123 label. */
  readonly name: string;
  /** Sync wave on the management cluster. */
  readonly syncWave: number;
  /** Namespace the addon is installed into. */
  readonly namespace: string;
  /**
   * Addons that must be Healthy first; each must be in an earlier wave.
   * @default []
   */
  readonly needs?: readonly string[] | undefined;
  /**
   * The Helm chart, for a chart addon; a manifests addon overrides {@link Addon.renderManifests} instead.
   * @default - a manifests addon
   */
  readonly chart?: AddonChart | undefined;
  /**
   * Apply with server-side apply (large CRDs, taking over objects another tool created).
   * @default false
   */
  readonly serverSideApply?: boolean | undefined;
  /**
   * What the addon needs from Talos and Kubernetes on every cluster it runs on (system extensions, kubelet mounts,
   * Pod Security level, node labels): `ADDON_PREREQUISITES` in lib/core/addon-prerequisites.ts. Its `podSecurity`,
   * when not Talos' `baseline`, becomes the namespace's Pod Security labels.
   * @default - none
   */
  readonly prerequisites?: AddonPrerequisites | undefined;
  /**
   * Labels Argo CD sets on the namespace it creates, after the Pod Security labels of `prerequisites`.
   * @default {}
   */
  readonly namespaceLabels?: Readonly<Record<string, string>> | undefined;
  /**
   * Further sync options.
   * @default []
   */
  readonly syncOptions?: readonly string[] | undefined;
  /**
   * This addon is the cluster's CNI: nothing may sync before it.
   * @default false
   */
  readonly isCni?: boolean | undefined;
  /**
   * Offer the addon to workload clusters through the fleet ApplicationSets (chart addons only).
   * @default false
   */
  readonly fleet?: boolean | undefined;
  /**
   * Delete what the addon deployed when its Application is removed (the resources finalizer). Off for addons a
   * cluster cannot live without (the CNI): removing the app then orphans them instead of cutting the network.
   * @default true
   */
  readonly cascadeDelete?: boolean | undefined;
}

/**
 * One installable piece of the platform (a Helm chart or a folder of manifests) with its place in the sync order.
 * Addons are plain descriptions; {@link AppOfApps.addAddon} turns one into an Argo CD Application (and its
 * manifests), and {@link Fleet} into an ApplicationSet for workload clusters.
 *
 * @example
 * import { Addon } from 'talos-platform-cdk/gitops';
 *
 * class HelloAddon extends Addon {
 *   public constructor() {
 *     super({
 *       name: 'hello', syncWave: 3, namespace: 'hello', needs: ['cert-manager'],
 *       chart: { repoUrl: 'https://charts.example.com', chart: 'hello', version: '1.2.3', values: { replicaCount: 2 } },
 *     });
 *   }
 * }
 * apps.addAddon(new HelloAddon()); // apps: an AppOfApps that has cert-manager in an earlier wave
 */
export abstract class Addon {
  /** Application name and dependency key. */
  public readonly name: string;
  /** Sync wave. */
  public readonly syncWave: number;
  /** Namespace it is installed into. */
  public readonly namespace: string;
  /** Addons it needs first. */
  public readonly needs: readonly string[];
  /** Its chart, for a chart addon. */
  public readonly chart: AddonChart | undefined;
  /** Apply server-side. */
  public readonly serverSideApply: boolean;
  /** What it needs from Talos and Kubernetes, for an addon that declares it. */
  public readonly prerequisites: AddonPrerequisites | undefined;
  /** Labels of the namespace Argo CD creates. */
  public readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Extra sync options. */
  public readonly syncOptions: readonly string[];
  /** True for the CNI. */
  public readonly isCni: boolean;
  /** Offered to workload clusters. */
  public readonly fleet: boolean;
  /** Removing the app removes what it deployed. */
  public readonly cascadeDelete: boolean;

  protected constructor(options: AddonOptions) {
    if (!DNS1123_LABEL.test(options.name)) {
      throw new Error(
        `addon name "${options.name}" is not a DNS-1123 label; expected lower-case letters, digits and "-"`,
      );
    }
    if (!Number.isInteger(options.syncWave)) {
      throw new Error(`addon "${options.name}": syncWave ${options.syncWave} is not a whole number`);
    }
    this.name = options.name;
    this.syncWave = options.syncWave;
    this.namespace = options.namespace;
    this.needs = [...(options.needs ?? [])];
    this.chart = options.chart;
    this.serverSideApply = options.serverSideApply ?? false;
    this.prerequisites = options.prerequisites;
    const podSecurity = options.prerequisites?.podSecurity ?? TALOS_DEFAULT_POD_SECURITY;
    this.namespaceLabels = {
      ...(podSecurity === TALOS_DEFAULT_POD_SECURITY ? {} : podSecurityLabels(podSecurity)),
      ...(options.namespaceLabels ?? {}),
    };
    this.syncOptions = [...(options.syncOptions ?? [])];
    this.isCni = options.isCni ?? false;
    this.fleet = (options.fleet ?? false) && options.chart !== undefined;
    this.cascadeDelete = options.cascadeDelete ?? true;
  }

  /** True when some other tool installs it: it takes part in the ordering rules but no Application is emitted. */
  public get isExternal(): boolean {
    return false;
  }

  /**
   * Renders a manifests addon's objects under `scope`: each file is a `GitOpsChart` (or `GitOpsFile`) whose
   * `outputPath` starts with `folder/` (the addon's folder in the GitOps tree, e.g. `platform/cilium-lb`).
   * Chart addons render nothing.
   */
  public renderManifests(_scope: Construct, _folder: string): void {
    // chart addons have no manifests of their own
  }
}

/** Pod Security Admission labels for a namespace whose pods need host access (Longhorn, Velero's node agent). */
export const PRIVILEGED_NAMESPACE_LABELS: Readonly<Record<string, string>> = podSecurityLabels('privileged');
