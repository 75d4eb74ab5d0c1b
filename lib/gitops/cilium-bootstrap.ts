import { Construct } from 'constructs';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { stringify } from 'yaml';
import { Release } from '../../imports/providers/helm/release';
import { CHART_VERSIONS } from '../core/versions';
import { optionalProp } from '../core/defined-props';
import { CILIUM_HELM_REPOSITORY, talosCiliumValues } from './addons/cilium';
import type { TalosCiliumValuesOptions } from './addons/cilium';

/**
 * Seconds Terraform waits for Cilium to become ready: a first install pulls the agent, envoy and operator images on
 * every node before any node turns Ready.
 */
export const DEFAULT_CILIUM_BOOTSTRAP_TIMEOUT_SECONDS = 900;

/** Props of {@link CiliumBootstrap}. */
export interface CiliumBootstrapProps extends TalosCiliumValuesOptions {
  /**
   * The helm provider of the cluster (configured from the new cluster's kubeconfig).
   * @default - the stack's default helm provider
   */
  readonly provider?: TerraformProvider | undefined;
  /**
   * Cilium chart version; keep it equal to the GitOps `cilium` Application's, which adopts the release.
   * @default CHART_VERSIONS.cilium
   */
  readonly chartVersion?: string | undefined;
  /**
   * Seconds to wait for the release.
   * @default DEFAULT_CILIUM_BOOTSTRAP_TIMEOUT_SECONDS
   */
  readonly timeoutSeconds?: number | undefined;
  /**
   * Resources the release must wait for (the bootstrap and kubeconfig of the cluster).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[] | undefined;
}

/**
 * Installs Cilium once, from Terraform, right after a Talos cluster is bootstrapped with `cni: none` and kube-proxy
 * disabled. Without a CNI no pod can start, so nothing in the cluster (Argo CD included) could install it later.
 *
 * It is the same chart, release name (`cilium` in `kube-system`) and Talos values as the GitOps `cilium`
 * Application (wave 0), which adopts the release once Argo CD runs (server-side apply over the same objects). From
 * then on Argo CD is the one owner of Cilium:
 *
 * - the release ignores later changes of values and version, so a re-plan of this stage never fights Argo CD;
 * - it is `prevent_destroy`: the helm provider (hashicorp/helm 3.x, `helm/resource_helm_release.go` `Delete`) always
 *   runs `helm uninstall` when the resource is destroyed or replaced, with no option to keep the release, and that
 *   would take the CNI from under a running cluster. A `tofu destroy` (or a change forcing replacement) of this
 *   stage therefore stops with an error instead; docs/runbooks/cilium.md says how to hand the release over
 *   (`tofu state rm`) before a teardown.
 *
 * @example
 * import { ClusterProviders } from 'talos-platform-cdk/bridge';
 * import { CiliumBootstrap } from 'talos-platform-cdk/gitops';
 *
 * // cluster: the TalosManagementCluster of the same stack (CNI none, kube-proxy off)
 * const providers = new ClusterProviders(stack, 'Kubernetes', { kubernetesClient: cluster.kubernetesClient });
 * new CiliumBootstrap(stack, 'Cilium', {
 *   provider: providers.helm,
 *   l2Announcements: true, // the same options as the GitOps CiliumAddon that adopts the release
 *   dependsOn: [cluster.bootstrap, cluster.kubeconfigResource],
 * });
 */
export class CiliumBootstrap extends Construct {
  /** The `helm_release`. */
  public readonly release: Release;
  /** The chart values (a copy). */
  public readonly values: Record<string, unknown>;

  public constructor(scope: Construct, id: string, props: CiliumBootstrapProps = {}) {
    super(scope, id);
    const timeout = props.timeoutSeconds ?? DEFAULT_CILIUM_BOOTSTRAP_TIMEOUT_SECONDS;
    if (!Number.isInteger(timeout) || timeout < 60) {
      throw new Error(`${this.node.path}: timeoutSeconds is ${timeout}; expected a whole number of at least 60`);
    }
    this.values = talosCiliumValues(props);
    this.release = new Release(this, 'Resource', {
      ...optionalProp('provider', props.provider),
      name: 'cilium',
      namespace: 'kube-system',
      repository: CILIUM_HELM_REPOSITORY,
      chart: 'cilium',
      version: props.chartVersion ?? CHART_VERSIONS.cilium,
      values: [stringify(this.values, { sortMapEntries: true, lineWidth: 0 })],
      wait: true,
      atomic: true,
      timeout,
      ...optionalProp('dependsOn', props.dependsOn),
      // Argo CD owns Cilium after the bootstrap; destroying the release would uninstall the CNI (class comment).
      lifecycle: { ignoreChanges: ['values', 'version'], preventDestroy: true },
    });
  }
}
