import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import type { ITerraformDependable } from 'cdktf';
import type { Chart } from 'cdk8s';
import { Release } from '../../imports/providers/helm/release';
import { isDnsLabel } from '../core/rules/names';
import { optionalProp } from '../core/defined-props';
import type { IClusterProviders } from './cluster-providers';
import { renderHelmChart, writeChartSource } from './render-chart';
import type { RenderedHelmChart } from './render-chart';

/** Helm's limit on release names (`helm install` rejects longer ones). */
const MAX_RELEASE_NAME_LENGTH = 53;
/**
 * Seconds Helm waits for the release's resources. 10 minutes, double Helm's 5-minute default: provider objects
 * trigger image pulls on a fresh management cluster.
 */
export const DEFAULT_CHART_RELEASE_TIMEOUT_SECONDS = 600;
/** Release revisions Helm keeps (Helm's own default is unlimited, which grows the release Secrets forever). */
export const DEFAULT_CHART_RELEASE_MAX_HISTORY = 10;

/** Props of {@link ChartRelease}. */
export interface ChartReleaseProps {
  /**
   * The cdk8s chart to deliver. Its objects are rendered once, when the ChartRelease is created: add every object
   * to the chart first. It must not contain Secret data.
   */
  readonly chart: Chart;
  /** Providers of the target cluster (the helm provider is used). */
  readonly providers: IClusterProviders;
  /** Helm release name: lower-case letters, digits and `-`, at most 53 characters. Also the chart's name. */
  readonly releaseName: string;
  /**
   * Namespace of the release (where Helm keeps its release Secret). Objects in the chart carry their own
   * namespaces; objects without one land here.
   */
  readonly namespace: string;
  /**
   * Create the release namespace if it does not exist.
   * @default false - the namespace exists, or is one of the chart's own objects
   */
  readonly createNamespace?: boolean | undefined;
  /**
   * Wait until the release's Deployments, StatefulSets, Jobs ... are ready (custom resources count as ready once
   * created).
   * @default true
   */
  readonly wait?: boolean | undefined;
  /**
   * Roll back (first install: uninstall) when the release fails, so a failed apply leaves nothing half-done.
   * @default true
   */
  readonly atomic?: boolean | undefined;
  /**
   * Seconds to wait for each Kubernetes operation.
   * @default 600
   */
  readonly timeoutSeconds?: number | undefined;
  /**
   * Release revisions to keep.
   * @default 10
   */
  readonly maxHistory?: number | undefined;
  /**
   * Resources the release must wait for (e.g. the stage's operator release).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[] | undefined;
}

/**
 * Delivers a cdk8s chart through a CDKTF stack without needing the objects' CRDs at plan time.
 *
 * `kubernetes_manifest` reads each CRD's schema during `plan`, so it cannot plan objects whose CRDs a previous
 * apply installs. Instead the chart's objects are rendered into a local Helm chart (one raw file per object,
 * included verbatim by a single template), shipped with the stack as a {@link TerraformAsset}, and installed by
 * `helm_release` with `chart = "./assets/..."` relative to the stack folder. The asset path contains the content
 * hash, so a changed object changes the plan and an unchanged one gives an empty plan. Validation errors of the
 * chart's constructs are reported as this construct's (a private cdk8s App is not validated by any synth).
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { ChartRelease, ClusterProviders } from 'talos-platform-cdk/bridge';
 * import { CapiProviders } from 'talos-platform-cdk/capi';
 *
 * // stack: a cdktf TerraformStack; mgmt: the IManagementCluster of stage 10
 * const chart = new Chart(new App(), 'capi-providers');
 * new CapiProviders(chart, 'Providers', { proxmoxCredentials: { name: 'capmox-credentials' } });
 * const providers = new ClusterProviders(stack, 'ManagementCluster', { kubernetesClient: mgmt.kubernetesClient });
 * new ChartRelease(stack, 'Providers', {
 *   chart, providers, releaseName: 'capi-providers', namespace: 'capi-operator-system',
 * });
 */
export class ChartRelease extends Construct {
  /** The `helm_release` resource; undefined when the chart has validation errors (synth then reports them). */
  public readonly release: Release | undefined;
  /** The rendered chart (files, hash, version); undefined when the chart has validation errors. */
  public readonly rendered: RenderedHelmChart | undefined;
  /** The chart folder inside the stack folder, relative to it, e.g. `assets/<id>/<hash>`. */
  public readonly chartPath: string | undefined;

  public constructor(scope: Construct, id: string, props: ChartReleaseProps) {
    super(scope, id);
    if (!isDnsLabel(props.releaseName, MAX_RELEASE_NAME_LENGTH)) {
      throw new Error(
        `${this.node.path}: releaseName "${props.releaseName}" is not a valid Helm release name. Expected lower-case ` +
          `letters, digits and "-", at most ${MAX_RELEASE_NAME_LENGTH} characters, e.g. "capi-providers".`,
      );
    }
    const timeoutSeconds = props.timeoutSeconds ?? DEFAULT_CHART_RELEASE_TIMEOUT_SECONDS;
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) {
      throw new Error(`${this.node.path}: timeoutSeconds must be a positive integer, got ${timeoutSeconds}.`);
    }

    // The chart usually lives in a private cdk8s App that no synth validates: report its constructs' validation
    // errors (e.g. Cluster API reference checks) as this construct's own, and render nothing until they are fixed.
    const chartErrors = props.chart.node
      .findAll()
      .flatMap((c) => c.node.validate().map((message) => `${c.node.path}: ${message}`));
    if (chartErrors.length > 0) {
      this.node.addValidation({ validate: () => chartErrors });
      return;
    }

    this.rendered = renderHelmChart(props.chart, {
      name: props.releaseName,
      description: `Objects of the cdk8s chart ${props.chart.node.path}, rendered by talos-platform-cdk. Do not edit.`,
    });
    const asset = new TerraformAsset(this, 'Chart', {
      path: writeChartSource(this.rendered),
      type: AssetType.DIRECTORY,
      assetHash: this.rendered.hash.slice(0, 32),
    });
    this.chartPath = asset.path;

    this.release = new Release(this, 'Resource', {
      provider: props.providers.helm,
      name: props.releaseName,
      namespace: props.namespace,
      chart: `./${asset.path}`,
      createNamespace: props.createNamespace ?? false,
      wait: props.wait ?? true,
      atomic: props.atomic ?? true,
      cleanupOnFail: true,
      timeout: timeoutSeconds,
      maxHistory: props.maxHistory ?? DEFAULT_CHART_RELEASE_MAX_HISTORY,
      ...optionalProp('dependsOn', props.dependsOn),
    });
  }
}
