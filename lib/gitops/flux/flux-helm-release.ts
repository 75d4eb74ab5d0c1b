import { Construct } from 'constructs';
import {
  HelmRelease,
  HelmReleaseSpecChartSpecSourceRefKind,
  HelmReleaseSpecInstallCrds,
  HelmReleaseSpecUpgradeCrds,
} from '../../../imports/k8s/helm.toolkit.fluxcd.io';
import { HelmRepository } from '../../../imports/k8s/source.toolkit.fluxcd.io';
import type { AddonChart } from '../addons/addon';
import { APP_LABEL } from '../constants';
import { definedProps } from '../../core/defined-props';
import { CAPI_KUBECONFIG_KEY, FLUX_INTERVAL, FLUX_REPOSITORY_INTERVAL, capiKubeconfigSecret } from './constants';

/** Props of {@link FluxHelmRelease}. */
export interface FluxHelmReleaseProps {
  /** `metadata.name` of the HelmRelease; its HelmRepository is named after it too. */
  readonly name: string;
  /** Namespace of the HelmRelease and its HelmRepository. */
  readonly namespace: string;
  /** The chart, its pinned version and values (an addon's {@link AddonChart}). */
  readonly chart: AddonChart;
  /** Namespace the chart is installed into; also the Helm storage namespace. */
  readonly targetNamespace: string;
  /** Helm release name (the addon's `chart.releaseName`, else its name). */
  readonly releaseName: string;
  /**
   * Apply to this workload cluster, through Cluster API's `<cluster>-kubeconfig` Secret (`spec.kubeConfig`); the
   * Secret is read from the HelmRelease's namespace.
   * @default - the cluster Flux runs in
   */
  readonly workloadCluster?: string | undefined;
  /**
   * HelmReleases (same namespace) that must be Ready first (`spec.dependsOn`).
   * @default []
   */
  readonly dependsOn?: readonly string[] | undefined;
  /**
   * Create the target namespace when it is missing (`spec.install.createNamespace`).
   * @default false
   */
  readonly createNamespace?: boolean | undefined;
}

/**
 * A chart the way Flux installs it: a `HelmRepository` (`source.toolkit.fluxcd.io/v1`) of the chart's repository and
 * a `HelmRelease` (`helm.toolkit.fluxcd.io/v2`) with the addon's pinned version and values. `releaseName` and
 * `storageNamespace` are set explicitly (the defaults would be `<targetNamespace>-<name>` in the HelmRelease's own
 * namespace), so a release another tool installed under that name (stage 10's Cilium) is found in storage and
 * upgraded in place: helm-controller v1.6.3 treats a release it has no history of as `Unmanaged` and upgrades it
 * (`internal/reconcile/state.go`, `atomic_release.go`). CRDs are created and replaced on install and upgrade.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { CiliumAddon, FluxHelmRelease } from 'talos-platform-cdk/gitops';
 *
 * const cilium = new CiliumAddon();
 * new FluxHelmRelease(new Chart(new App(), 'cilium'), 'Cilium', {
 *   name: 'cilium', namespace: 'flux-system', chart: cilium.chart!, targetNamespace: 'kube-system', releaseName: 'cilium',
 * });
 */
export class FluxHelmRelease extends Construct {
  /** The HelmRelease. */
  public readonly resource: HelmRelease;
  /** The HelmRepository. */
  public readonly repository: HelmRepository;

  public constructor(scope: Construct, id: string, props: FluxHelmReleaseProps) {
    super(scope, id);
    const labels = { [APP_LABEL]: props.name };
    this.repository = new HelmRepository(this, 'Repository', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: { interval: FLUX_REPOSITORY_INTERVAL, url: props.chart.repoUrl },
    });
    const dependsOn = props.dependsOn ?? [];
    this.resource = new HelmRelease(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: definedProps({
        interval: FLUX_INTERVAL,
        releaseName: props.releaseName,
        targetNamespace: props.targetNamespace,
        storageNamespace: props.targetNamespace,
        chart: {
          spec: {
            chart: props.chart.chart,
            version: props.chart.version,
            sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: props.name },
          },
        },
        install: definedProps({
          createNamespace: props.createNamespace ? true : undefined,
          crds: HelmReleaseSpecInstallCrds.CREATE_REPLACE,
          remediation: { retries: 3 },
        }),
        upgrade: { crds: HelmReleaseSpecUpgradeCrds.CREATE_REPLACE, remediation: { retries: 3 } },
        dependsOn: dependsOn.length > 0 ? [...dependsOn].sort().map((name) => ({ name })) : undefined,
        kubeConfig:
          props.workloadCluster === undefined
            ? undefined
            : { secretRef: { name: capiKubeconfigSecret(props.workloadCluster), key: CAPI_KUBECONFIG_KEY } },
        values: structuredClone(props.chart.values) as Record<string, unknown>,
      }),
    });
  }
}
