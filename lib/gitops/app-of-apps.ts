import { Construct } from 'constructs';
import { GitOpsChart } from '../core/synth/gitops-chart';
import type { Addon } from './addons/addon';
import { Application } from './application';
import { DEFAULT_ARGOCD_NAMESPACE } from './constants';
import type { FolderDeliveryOptions, IPlatformDelivery } from './delivery';
import { PlatformDeliveryBase } from './platform-delivery-base';
import type { PlatformDeliveryProps } from './platform-delivery-base';
import { ApplicationDestination } from './destination';
import { GitOpsLayout } from './layout';
import { ApplicationSource } from './source';
import type { SyncPolicy } from './sync-policy';
import { checkWaveRules } from './wave-rules';
import type { WaveNode } from './wave-rules';

/** Folder of the GitOps tree that holds one file per child Application by default; the root app points at it. */
export const APPS_FOLDER = GitOpsLayout.DEFAULT.appsFolder;

/** Props of {@link AppOfApps}. */
export interface AppOfAppsProps extends PlatformDeliveryProps {
  /**
   * Namespace Argo CD runs in (where the Applications live).
   * @default "argocd"
   */
  readonly argocdNamespace?: string | undefined;
  /**
   * Argo CD project of every child Application.
   * @default "default"
   */
  readonly project?: string | undefined;
  /**
   * Sync policy of every child Application.
   * @default - SyncPolicy.automated({ prune: true, selfHeal: true })
   */
  readonly syncPolicy?: SyncPolicy | undefined;
}

/** Options of {@link AppOfApps.addApplication}. */
export interface ChildApplicationOptions {
  /** Application name (also the file name). */
  readonly name: string;
  /** Sync wave. */
  readonly syncWave: number;
  /** What it deploys. */
  readonly source: ApplicationSource;
  /** Namespace on the destination cluster. */
  readonly namespace: string;
  /**
   * Destination cluster.
   * @default - the cluster Argo CD runs in
   */
  readonly destination?: ApplicationDestination | undefined;
  /**
   * Apps that must be Healthy first (checked against the waves).
   * @default []
   */
  readonly needs?: readonly string[] | undefined;
  /**
   * Create the namespace if missing.
   * @default true
   */
  readonly createNamespace?: boolean | undefined;
  /**
   * Server-side apply.
   * @default false
   */
  readonly serverSideApply?: boolean | undefined;
  /**
   * Further sync options.
   * @default []
   */
  readonly syncOptions?: readonly string[] | undefined;
  /**
   * Labels of the namespace Argo CD creates.
   * @default {}
   */
  readonly namespaceLabels?: Readonly<Record<string, string>> | undefined;
  /**
   * Removing the Application removes what it deployed.
   * @default true
   */
  readonly cascadeDelete?: boolean | undefined;
}

/**
 * The children of the root Application: one Application per file under the layout's apps folder (default
 * `platform/apps/`, named `<wave>-<name>.yaml`), addon manifests under `<platform>/<addon>/`, and the ordering rules
 * over all of them.
 *
 * The root app ({@link RootApplication}, delivered by stage 50) syncs this folder; with the
 * `argoproj.io/Application` health check in `argocd-cm` each wave waits until the previous wave's Applications are
 * Healthy. The rules run at synth
 * (`node.addValidation`): the CNI is in wave 0 and nothing comes before it, every need is in an earlier wave, and
 * needs have no cycle.
 *
 * @example
 * import { App } from 'cdk8s';
 * import { AppOfApps, ApplicationSource, CertManagerAddon, CiliumAddon } from 'talos-platform-cdk/gitops';
 *
 * const repoUrl = 'https://github.com/example/gitops.git';
 * const apps = new AppOfApps(new App(), 'Platform', { repoUrl, targetRevision: 'main' });
 * apps.addAddon(new CiliumAddon()); // wave 0: the CNI
 * apps.addAddon(new CertManagerAddon()); // wave 1
 * apps.addApplication({
 *   name: 'cluster-web', syncWave: 4, namespace: 'web', needs: ['cert-manager'],
 *   source: ApplicationSource.git({ repoUrl, path: apps.repoPath('clusters/prod/web'), targetRevision: 'main' }),
 * });
 * // The root Application (RootApplication) syncs apps.appsPath, "dist/platform/apps".
 */
export class AppOfApps extends PlatformDeliveryBase implements IPlatformDelivery {
  /** The engine: Argo CD. */
  public readonly engine = 'argocd' as const;
  /** Argo CD namespace. */
  public readonly argocdNamespace: string;
  /** Project of the child Applications. */
  public readonly project: string;

  private readonly syncPolicy: SyncPolicy | undefined;
  private readonly nodes: WaveNode[] = [];
  private readonly applications = new Map<string, Application>();

  public constructor(scope: Construct, id: string, props: AppOfAppsProps) {
    super(scope, id, props);
    this.argocdNamespace = props.argocdNamespace ?? DEFAULT_ARGOCD_NAMESPACE;
    this.project = props.project ?? 'default';
    this.syncPolicy = props.syncPolicy;
    this.node.addValidation({ validate: () => checkWaveRules(this.nodes) });
  }

  /** The Application of a child, by name. */
  public application(name: string): Application | undefined {
    return this.applications.get(name);
  }

  /**
   * Adds an addon: a chart addon becomes an Application with a Helm source; a manifests addon renders its objects
   * into `platform/<name>/` and becomes an Application of that folder; an external addon only joins the ordering
   * rules. Returns the Application, if one was made.
   */
  public addAddon(addon: Addon): Application | undefined {
    this.addonList.push(addon);
    const node: WaveNode = { name: addon.name, syncWave: addon.syncWave, needs: addon.needs, isCni: addon.isCni };
    if (addon.isExternal) {
      this.nodes.push(node);
      return undefined;
    }
    let source: ApplicationSource;
    if (addon.chart) {
      source = ApplicationSource.helmChart({
        repoUrl: addon.chart.repoUrl,
        chart: addon.chart.chart,
        targetRevision: addon.chart.version,
        releaseName: addon.chart.releaseName ?? addon.name,
        values: addon.chart.values,
      });
    } else {
      const folder = this.layout.addonFolder(addon.name);
      addon.renderManifests(new Construct(this, `${addon.name}-manifests`), folder);
      source = ApplicationSource.git({
        repoUrl: this.repoUrl,
        path: this.repoPath(folder),
        targetRevision: this.targetRevision,
      });
    }
    return this.addChild(node, {
      name: addon.name,
      syncWave: addon.syncWave,
      needs: addon.needs,
      source,
      namespace: addon.namespace,
      serverSideApply: addon.serverSideApply,
      namespaceLabels: addon.namespaceLabels,
      syncOptions: addon.syncOptions,
      cascadeDelete: addon.cascadeDelete,
    });
  }

  /** Adds an Application of a folder of the tree (the engine-neutral form of {@link addApplication}). */
  public addFolder(options: FolderDeliveryOptions): Application {
    return this.addApplication({
      name: options.name,
      syncWave: options.syncWave,
      needs: options.needs,
      source: ApplicationSource.git({
        repoUrl: this.repoUrl,
        path: this.repoPath(options.folder),
        targetRevision: this.targetRevision,
      }),
      namespace: options.namespace,
      destination:
        options.workloadCluster === undefined
          ? undefined
          : ApplicationDestination.clusterName(options.workloadCluster, options.namespace),
      createNamespace: options.createNamespace,
      cascadeDelete: options.cascadeDelete,
    });
  }

  /** Adds a child Application that is not an addon (e.g. the Applications that sync `clusters/<env>/<name>/`). */
  public addApplication(options: ChildApplicationOptions): Application {
    const node: WaveNode = { name: options.name, syncWave: options.syncWave, needs: options.needs ?? [], isCni: false };
    return this.addChild(node, options);
  }

  private addChild(node: WaveNode, options: ChildApplicationOptions): Application {
    if (this.applications.has(options.name)) {
      throw new Error(
        `${this.node.path}: app "${options.name}" is added twice; expected one Application per name. ` +
          'Fix: give the second one another name, or add it once.',
      );
    }
    this.nodes.push(node);
    const chart = new GitOpsChart(this, options.name, {
      outputPath: `${this.layout.appsFolder}/${waveFilePrefix(options.syncWave)}-${options.name}.yaml`,
    });
    const destination = (options.destination ?? ApplicationDestination.inCluster(options.namespace)).withNamespace(
      options.namespace,
    );
    const app = new Application(chart, 'Application', {
      name: options.name,
      namespace: this.argocdNamespace,
      project: this.project,
      source: options.source,
      destination,
      syncPolicy: this.syncPolicy,
      syncWave: options.syncWave,
      createNamespace: options.createNamespace,
      serverSideApply: options.serverSideApply,
      syncOptions: options.syncOptions,
      namespaceLabels: options.namespaceLabels,
      cascadeDelete: options.cascadeDelete,
    });
    this.applications.set(options.name, app);
    return app;
  }
}

/** `00`, `01`, ... for waves 0-99 (files sort in sync order); `m1`, `m2`, ... for negative waves. */
export function waveFilePrefix(wave: number): string {
  return wave < 0 ? `m${Math.abs(wave)}` : String(wave).padStart(2, '0');
}
