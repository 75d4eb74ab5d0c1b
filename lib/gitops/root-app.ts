import { Construct } from 'constructs';
import { Application } from './application';
import { DEFAULT_ARGOCD_NAMESPACE } from './constants';
import { ApplicationDestination } from './destination';
import { ApplicationSource } from './source';
import { SyncPolicy } from './sync-policy';

/** Name of the root Application when none is given. */
export const DEFAULT_ROOT_APP_NAME = 'platform';

/** Props of {@link RootApplication}. */
export interface RootApplicationProps {
  /** The GitOps repository. */
  readonly repoUrl: string;
  /** Branch, tag or commit Argo CD tracks. */
  readonly targetRevision: string;
  /** Folder of child Applications in the repository, e.g. `dist/platform/apps` (`AppOfApps.appsPath`). */
  readonly appsPath: string;
  /**
   * Application name.
   * @default "platform"
   */
  readonly name?: string | undefined;
  /**
   * Argo CD project.
   * @default "default"
   */
  readonly project?: string | undefined;
  /**
   * Namespace Argo CD runs in; the child Applications are created there.
   * @default "argocd"
   */
  readonly argocdNamespace?: string | undefined;
}

/**
 * The root of the app-of-apps: an Application that syncs the folder of child Applications into Argo CD's own
 * namespace. Automated with prune (removing a file removes the child app and, through its finalizer, what it
 * deployed) and self-heal; sync wave 0; no `CreateNamespace` (Argo CD's namespace exists). The root app itself has
 * no resources finalizer: destroying stage 50 (which deletes it) leaves the platform running instead of deleting
 * every addon, the CNI included, while Argo CD is being uninstalled.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { AppOfApps, RootApplication } from 'talos-platform-cdk/gitops';
 *
 * const repoUrl = 'https://github.com/example/gitops.git';
 * const apps = new AppOfApps(new App(), 'Platform', { repoUrl, targetRevision: 'main' });
 * // Not part of dist/: a chart of its own that Terraform delivers (stage 50, through ChartRelease).
 * const rootChart = new Chart(new App(), 'argocd-root');
 * new RootApplication(rootChart, 'Root', { repoUrl, targetRevision: 'main', appsPath: apps.appsPath });
 */
export class RootApplication extends Construct {
  /** The Application. */
  public readonly application: Application;

  public constructor(scope: Construct, id: string, props: RootApplicationProps) {
    super(scope, id);
    const namespace = props.argocdNamespace ?? DEFAULT_ARGOCD_NAMESPACE;
    this.application = new Application(this, 'Resource', {
      name: props.name ?? DEFAULT_ROOT_APP_NAME,
      namespace,
      project: props.project,
      source: ApplicationSource.git({
        repoUrl: props.repoUrl,
        path: props.appsPath,
        targetRevision: props.targetRevision,
      }),
      destination: ApplicationDestination.inCluster(namespace),
      syncPolicy: SyncPolicy.automated({ prune: true, selfHeal: true }),
      createNamespace: false,
      cascadeDelete: false,
    });
  }
}
