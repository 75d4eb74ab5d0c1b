/**
 * Stage 50: Argo CD on the management cluster, and the root of the app-of-apps.
 *
 * `helm_release` of the argo-cd chart (the Application health check that makes sync waves wait, KSOPS, an optional
 * Ingress), the GitOps repository's credentials from sensitive variables, and a chart with the `platform` AppProject
 * and the root Application delivered through `ChartRelease` (their CRDs come with Argo CD in the same apply, which
 * `kubernetes_manifest` could not plan). From there Argo CD syncs `dist/platform/apps`.
 *
 * Variables (set with `TF_VAR_<name>`; never written to the synthesized JSON):
 * - https repository: `gitops_repo_private` (bool, default false); when true, `gitops_repo_username` and
 *   `gitops_repo_password` (sensitive; the password may be an access token);
 * - ssh repository: `gitops_repo_ssh_private_key` (sensitive, required).
 */
import { App as K8sApp, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { ChartRelease } from '../lib/bridge/chart-release';
import { ClusterProviders } from '../lib/bridge/cluster-providers';
import type { PlatformConfig } from '../lib/core/spec/resolved';
import { AppProject } from '../lib/gitops/app-project';
import { ArgoCdInstall } from '../lib/gitops/argocd-install';
import { RepositoryAuth, RepositoryCredentials } from '../lib/gitops/repository-credentials';
import { RootApplication } from '../lib/gitops/root-app';
import type { IManagementCluster } from '../lib/talos/management-cluster-ref';
import { CATALOG_HELM_REPOSITORIES, PLATFORM_PROJECT, ROOT_APP_NAME } from './gitops-platform';
import { StageStack } from './stage-stack';
import type { StageStackProps } from './stage-stack';
import { httpsRepoVariables, isSshRepoUrl, sshPrivateKeyVariable } from './gitops-repo-variables';

/** Helm release of the root chart (AppProject + root Application). */
export const ROOT_RELEASE_NAME = 'argocd-root';

/** Props of {@link ArgoStack}. */
export interface ArgoStackProps extends StageStackProps {
  /** The resolved platform. */
  readonly config: PlatformConfig;
  /** The management cluster from stage 10. */
  readonly managementCluster: IManagementCluster;
}

/**
 * Stage 50 (`cdktf.out/stacks/50-argo`).
 *
 * @example
 * import { ArgoStack } from 'talos-platform-cdk/stacks/50-argo';
 * import { MgmtTalosStack } from 'talos-platform-cdk/stacks/10-mgmt-talos';
 *
 * // app, config and foundation as in the MgmtTalosStack example
 * const mgmt = new MgmtTalosStack(app, '10-mgmt-talos', { config, image: foundation.image });
 * const argo = new ArgoStack(app, '50-argo', { config, managementCluster: mgmt.cluster });
 * // Private https repositories: TF_VAR_gitops_repo_private=true plus TF_VAR_gitops_repo_username and _password.
 */
export class ArgoStack extends StageStack {
  /** The Argo CD release. */
  public readonly argocd: ArgoCdInstall;
  /** The release of the root chart. */
  public readonly root: ChartRelease;
  /** The repository Secret, when the repository needs credentials. */
  public readonly repositoryCredentials: RepositoryCredentials;

  public constructor(scope: Construct, id: string, props: ArgoStackProps) {
    super(scope, id, props);
    const { gitops } = props.config.platform;
    const providers = new ClusterProviders(this, 'Providers', {
      kubernetesClient: props.managementCluster.kubernetesClient,
    });

    this.argocd = new ArgoCdInstall(this, 'ArgoCd', { provider: providers.helm, domain: gitops.argocdDomain });
    this.repositoryCredentials = this.addRepositoryCredentials(gitops.repoUrl, providers);

    // The root chart is a cdk8s chart of its own (not part of dist/): Terraform delivers it.
    const rootChart = new Chart(new K8sApp(), ROOT_RELEASE_NAME);
    new AppProject(rootChart, 'Project', {
      name: PLATFORM_PROJECT,
      namespace: this.argocd.namespace,
      description: 'talos-platform-cdk: the platform addons, the fleet and the workload clusters',
      sourceRepos: [gitops.repoUrl, ...CATALOG_HELM_REPOSITORIES],
    });
    new RootApplication(rootChart, 'Root', {
      name: ROOT_APP_NAME,
      repoUrl: gitops.repoUrl,
      targetRevision: gitops.revision,
      appsPath: gitops.path === '' ? gitops.layout.apps : `${gitops.path.replace(/\/+$/, '')}/${gitops.layout.apps}`,
      project: PLATFORM_PROJECT,
      argocdNamespace: this.argocd.namespace,
    });
    this.root = new ChartRelease(this, 'Root', {
      chart: rootChart,
      providers,
      releaseName: ROOT_RELEASE_NAME,
      namespace: this.argocd.namespace,
      dependsOn: [this.argocd.release, this.repositoryCredentials.secret],
    });

    this.addOutput('argocd_namespace', this.argocd.namespace, { description: 'Namespace Argo CD runs in' });
    this.addOutput('root_application', ROOT_APP_NAME, {
      description: 'The root Application; `kubectl -n argocd get application platform` shows its sync and health',
    });
    this.addOutput(
      'argocd_url',
      gitops.argocdDomain !== undefined
        ? `https://${gitops.argocdDomain}`
        : 'no ingress: kubectl -n argocd port-forward svc/argocd-server 8080:443, then https://localhost:8080',
      { description: 'Where the Argo CD UI is' },
    );
    this.addOutput(
      'argocd_admin_password_command',
      `kubectl -n ${this.argocd.namespace} get secret argocd-initial-admin-secret ` +
        "-o jsonpath='{.data.password}' | base64 -d",
      { description: 'Prints the initial admin password (the command, not the password)' },
    );
  }

  private addRepositoryCredentials(repoUrl: string, providers: ClusterProviders): RepositoryCredentials {
    if (isSshRepoUrl(repoUrl)) {
      const key = sshPrivateKeyVariable(this, 'Argo CD', repoUrl);
      return new RepositoryCredentials(this, 'Repository', {
        repoUrl,
        auth: RepositoryAuth.sshPrivateKey(key.stringValue),
        provider: providers.kubernetes,
      });
    }
    const { isPrivate, username, password } = httpsRepoVariables(this, repoUrl);
    return new RepositoryCredentials(this, 'Repository', {
      repoUrl,
      auth: RepositoryAuth.https(username.stringValue, password.stringValue),
      provider: providers.kubernetes,
      createWhen: isPrivate.booleanValue,
    });
  }
}
