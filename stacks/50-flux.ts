/**
 * Stage 50 with `gitops.engine: flux`: Flux on the management cluster, and the root of the Flux tree.
 *
 * `helm_release`s of the Flux Operator and its FluxInstance (`FluxInstall`), the GitOps repository's credentials from
 * sensitive variables, and a chart with the `GitRepository` and the root `Kustomization` `platform` delivered through
 * `ChartRelease`. From there Flux applies `dist/<layout.apps>`. The stage keeps the id `50-argo` of the Argo CD
 * variant, so switching engines replaces the release in the same state instead of leaving two engines running.
 *
 * Variables (set with `TF_VAR_<name>`; never written to the synthesized JSON):
 * - https repository: `gitops_repo_private` (bool, default false); when true, `gitops_repo_username` and
 *   `gitops_repo_password` (sensitive);
 * - ssh repository: `gitops_repo_ssh_private_key` and `gitops_repo_ssh_known_hosts` (sensitive, required).
 *
 * The age key Flux decrypts SOPS files with is the Secret `flux-system/sops-age` (key `age.agekey`), created out of
 * band (docs/gitops.md, "Flux").
 */
import { App as K8sApp, Chart } from 'cdk8s';
import { Fn, TerraformVariable, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { SecretV1 } from '../imports/providers/kubernetes/secret-v1';
import { ChartRelease } from '../lib/bridge/chart-release';
import { ClusterProviders } from '../lib/bridge/cluster-providers';
import type { PlatformConfig } from '../lib/core/spec/resolved';
import { FLUX_NAMESPACE, FLUX_ROOT_NAME } from '../lib/gitops/flux/constants';
import { FluxInstall } from '../lib/gitops/flux/flux-install';
import { FluxRoot } from '../lib/gitops/flux/flux-root';
import type { IManagementCluster } from '../lib/talos/management-cluster-ref';
import { StageStack } from './stage-stack';
import type { StageStackProps } from './stage-stack';
import { httpsRepoVariables, isSshRepoUrl, sshPrivateKeyVariable } from './gitops-repo-variables';

/** Helm release of the root chart (GitRepository + root Kustomization). */
export const FLUX_ROOT_RELEASE_NAME = 'flux-root';
/** Secret (in `flux-system`) with the GitOps repository's credentials. */
export const FLUX_REPOSITORY_SECRET = 'gitops-repository';

/** Props of {@link FluxStack}. */
export interface FluxStackProps extends StageStackProps {
  /** The resolved platform. */
  readonly config: PlatformConfig;
  /** The management cluster from stage 10. */
  readonly managementCluster: IManagementCluster;
}

/**
 * Stage 50 for Flux (`cdktf.out/stacks/50-argo`, the id of the stage whichever engine it installs).
 *
 * @example
 * import { FluxStack } from 'talos-platform-cdk/stacks/50-flux';
 *
 * // app, config and mgmt as in the ArgoStack example, with config.platform.gitops.engine === 'flux'
 * new FluxStack(app, '50-argo', { config, managementCluster: mgmt.cluster });
 */
export class FluxStack extends StageStack {
  /** Flux. */
  public readonly flux: FluxInstall;
  /** The release of the root chart. */
  public readonly root: ChartRelease;

  public constructor(scope: Construct, id: string, props: FluxStackProps) {
    super(scope, id, props);
    const { gitops } = props.config.platform;
    const providers = new ClusterProviders(this, 'Providers', {
      kubernetesClient: props.managementCluster.kubernetesClient,
    });
    this.flux = new FluxInstall(this, 'Flux', { provider: providers.helm });
    const secret = this.addRepositoryCredentials(gitops.repoUrl, providers);

    const rootChart = new Chart(new K8sApp(), FLUX_ROOT_RELEASE_NAME);
    const base = gitops.path.replace(/^\/+|\/+$/g, '');
    new FluxRoot(rootChart, 'Root', {
      repoUrl: gitops.repoUrl,
      targetRevision: gitops.revision,
      appsPath: base === '' ? gitops.layout.apps : `${base}/${gitops.layout.apps}`,
      secretName: FLUX_REPOSITORY_SECRET,
    });
    this.root = new ChartRelease(this, 'Root', {
      chart: rootChart,
      providers,
      releaseName: FLUX_ROOT_RELEASE_NAME,
      namespace: FLUX_NAMESPACE,
      dependsOn: [this.flux.instance, secret],
    });

    this.addOutput('flux_namespace', FLUX_NAMESPACE, { description: 'Namespace Flux runs in' });
    this.addOutput('root_kustomization', FLUX_ROOT_NAME, {
      description: '`kubectl -n flux-system get kustomizations` shows the root and every unit with its readiness',
    });
  }

  /**
   * The repository Secret. A public repository gets an empty one (GitRepository `secretRef` must name an existing
   * Secret): an https repository with `gitops_repo_private` set gets `username`/`password`, an ssh one
   * `identity`/`known_hosts` (source-controller's keys).
   */
  private addRepositoryCredentials(repoUrl: string, providers: ClusterProviders): SecretV1 {
    const metadata = { name: FLUX_REPOSITORY_SECRET, namespace: FLUX_NAMESPACE };
    if (isSshRepoUrl(repoUrl)) {
      const key = sshPrivateKeyVariable(this, 'Flux', repoUrl);
      const knownHosts = new TerraformVariable(this, 'gitops_repo_ssh_known_hosts', {
        type: 'string',
        sensitive: true,
        description: 'known_hosts lines of the Git host (ssh-keyscan output) (TF_VAR_gitops_repo_ssh_known_hosts)',
      });
      return new SecretV1(this, 'Repository', {
        provider: providers.kubernetes,
        metadata,
        data: { identity: key.stringValue, known_hosts: knownHosts.stringValue },
      });
    }
    const { isPrivate, username, password } = httpsRepoVariables(this, repoUrl);
    const data = Token.asStringMap(
      Fn.conditional(isPrivate.booleanValue, { username: username.stringValue, password: password.stringValue }, {}),
    );
    return new SecretV1(this, 'Repository', { provider: providers.kubernetes, metadata, data });
  }
}
