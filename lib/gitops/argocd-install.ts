import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { stringify } from 'yaml';
import { Release } from '../../imports/providers/helm/release';
import { CHART_VERSIONS } from '../core/versions';
import { optionalProp } from '../core/defined-props';
import { argoCdChartValues } from './argocd-values';
import type { ArgoCdValuesOptions } from './argocd-values';
import { DEFAULT_ARGOCD_NAMESPACE } from './constants';

/** The argo-helm chart repository. */
export const ARGO_HELM_REPOSITORY = 'https://argoproj.github.io/argo-helm';

/**
 * How long Terraform waits for the release to become ready, in seconds. A first install pulls six images and the
 * KSOPS init image; 10 minutes leaves room for a slow registry on a home network (Helm's own default is 5).
 */
export const DEFAULT_ARGOCD_INSTALL_TIMEOUT_SECONDS = 600;

/** Props of {@link ArgoCdInstall}. */
export interface ArgoCdInstallProps extends ArgoCdValuesOptions {
  /**
   * The helm provider of the target cluster (e.g. `ClusterProviders.helm`).
   * @default - the stack's default helm provider
   */
  readonly provider?: TerraformProvider | undefined;
  /**
   * Namespace (created by the release).
   * @default "argocd"
   */
  readonly namespace?: string | undefined;
  /**
   * Helm release name. The argo-cd chart names its objects after it (`argocd-server`, ...) when it is `argocd`.
   * @default "argocd"
   */
  readonly releaseName?: string | undefined;
  /**
   * argo-cd chart version.
   * @default - CHART_VERSIONS.argoCd (10.3.3, Argo CD v3.5.1)
   */
  readonly chartVersion?: string | undefined;
  /**
   * Seconds to wait for the release.
   * @default 600
   */
  readonly timeoutSeconds?: number | undefined;
}

/**
 * Argo CD on a cluster through Terraform: a `helm_release` of the `argo-cd` chart from argo-helm, pinned, with the
 * values of {@link argoCdChartValues} (the Application health check that makes sync waves wait, KSOPS, an optional
 * Ingress). `wait` and `atomic` are on: a failed first install is rolled back and the plan fails, instead of leaving
 * half an Argo CD behind.
 *
 * @example
 * import { ClusterProviders } from 'talos-platform-cdk/bridge';
 * import { ArgoCdInstall } from 'talos-platform-cdk/gitops';
 *
 * const providers = new ClusterProviders(stack, 'Providers', { kubernetesClient: mgmt.kubernetesClient });
 * const argocd = new ArgoCdInstall(stack, 'ArgoCd', {
 *   provider: providers.helm,
 *   domain: 'argocd.example.internal', // global.domain and an Ingress with TLS
 *   ingressAnnotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
 * });
 * // Later releases wait for argocd.release; Argo CD runs in argocd.namespace ("argocd").
 */
export class ArgoCdInstall extends Construct {
  /** The `helm_release`. */
  public readonly release: Release;
  /** Namespace Argo CD runs in. */
  public readonly namespace: string;
  /** The chart values (a copy). */
  public readonly values: Record<string, unknown>;

  public constructor(scope: Construct, id: string, props: ArgoCdInstallProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? DEFAULT_ARGOCD_NAMESPACE;
    this.values = argoCdChartValues(props);
    const timeout = props.timeoutSeconds ?? DEFAULT_ARGOCD_INSTALL_TIMEOUT_SECONDS;
    if (!Number.isInteger(timeout) || timeout < 60) {
      throw new Error(`${this.node.path}: timeoutSeconds is ${timeout}; expected a whole number of at least 60`);
    }
    this.release = new Release(this, 'Resource', {
      ...optionalProp('provider', props.provider),
      name: props.releaseName ?? 'argocd',
      namespace: this.namespace,
      createNamespace: true,
      repository: ARGO_HELM_REPOSITORY,
      chart: 'argo-cd',
      version: props.chartVersion ?? CHART_VERSIONS.argoCd,
      values: [stringify(this.values, { sortMapEntries: true, lineWidth: 0 })],
      wait: true,
      atomic: true,
      timeout,
    });
  }
}
