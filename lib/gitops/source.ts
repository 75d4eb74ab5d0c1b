import type { ApplicationSpecSource } from '../../imports/k8s/argoproj.io';
import { definedProps } from '../core/defined-props';

/** Scheme of an OCI registry URL. */
const OCI_SCHEME = 'oci://';

/** Options of {@link ApplicationSource.git}. */
export interface GitSourceOptions {
  /** Git repository URL (https or ssh). */
  readonly repoUrl: string;
  /** Folder in the repository, without a leading `/`, e.g. `dist/platform/apps`. */
  readonly path: string;
  /** Branch, tag or commit to track. */
  readonly targetRevision: string;
  /**
   * Read YAML in sub-folders too (plain-directory sources only; ignored when the folder holds a kustomization).
   * @default false
   */
  readonly recurse?: boolean | undefined;
}

/** Options of {@link ApplicationSource.helmChart}. */
export interface HelmChartSourceOptions {
  /**
   * Helm repository URL, e.g. `https://helm.cilium.io`, or an OCI registry path, e.g.
   * `oci://ghcr.io/sergelogvinov/charts` (Argo CD v3.1+ then pulls `<repoUrl>/<chart>` as an OCI source).
   */
  readonly repoUrl: string;
  /** Chart name in that repository. */
  readonly chart: string;
  /** Chart version (never a range: the platform pins every chart). */
  readonly targetRevision: string;
  /**
   * Helm release name.
   * @default - the Application name (Argo CD's default)
   */
  readonly releaseName?: string | undefined;
  /**
   * Helm values, written to `helm.valuesObject` as an object (not a string), so they are reviewed as YAML in Git.
   * @default - the chart's defaults
   */
  readonly values?: Readonly<Record<string, unknown>> | undefined;
}

/** What an Application deploys: a folder of manifests in Git (plain YAML or a kustomization) or a Helm chart. */
export class ApplicationSource {
  /** A folder in a Git repository. A `kustomization.yaml` in it makes Argo CD run kustomize (and KSOPS). */
  public static git(options: GitSourceOptions): ApplicationSource {
    return new ApplicationSource(options.repoUrl, options.targetRevision, {
      path: options.path,
      recurse: options.recurse ?? false,
    });
  }

  /** A chart from a Helm repository. */
  public static helmChart(options: HelmChartSourceOptions): ApplicationSource {
    return new ApplicationSource(options.repoUrl, options.targetRevision, {
      chart: options.chart,
      releaseName: options.releaseName,
      values: options.values,
    });
  }

  /** Repository URL. */
  public readonly repoUrl: string;
  /** Revision (Git) or version (chart). */
  public readonly targetRevision: string;
  /** Folder in the repository, for Git sources. */
  public readonly path: string | undefined;
  /** Chart name, for Helm sources. */
  public readonly chart: string | undefined;
  /** Helm release name, for Helm sources that set one. */
  public readonly releaseName: string | undefined;
  private readonly recurse: boolean;
  private readonly values: Readonly<Record<string, unknown>> | undefined;

  private constructor(
    repoUrl: string,
    targetRevision: string,
    parts: {
      path?: string | undefined;
      recurse?: boolean | undefined;
      chart?: string | undefined;
      releaseName?: string | undefined;
      values?: Readonly<Record<string, unknown>> | undefined;
    },
  ) {
    this.repoUrl = repoUrl;
    this.targetRevision = targetRevision;
    this.path = parts.path;
    this.recurse = parts.recurse ?? false;
    this.chart = parts.chart;
    this.releaseName = parts.releaseName;
    this.values = parts.values;
  }

  /** True for a Helm chart source. */
  public get isHelmChart(): boolean {
    return this.chart !== undefined;
  }

  /** The Helm values (a deep copy), or undefined. */
  public get helmValues(): Record<string, unknown> | undefined {
    return this.values === undefined ? undefined : (structuredClone(this.values) as Record<string, unknown>);
  }

  /**
   * The URL Argo CD fetches, which the AppProject's `sourceRepos` must allow: `repoUrl`, or for an OCI chart
   * `<repoUrl>/<chart>`.
   */
  public get sourceRepoUrl(): string {
    return this.isOciChart ? `${this.repoUrl}/${this.chart}` : this.repoUrl;
  }

  private get isOciChart(): boolean {
    return this.isHelmChart && this.repoUrl.startsWith(OCI_SCHEME);
  }

  /** @internal The `spec.source` object. */
  public _render(): ApplicationSpecSource {
    if (this.isHelmChart) {
      const hasHelm = this.releaseName !== undefined || this.values !== undefined;
      const helm = hasHelm ? definedProps({ releaseName: this.releaseName, valuesObject: this.helmValues }) : undefined;
      // Argo CD's OCI source (docs/user-guide/oci.md): the chart is the artifact, `path` must be `.`.
      if (this.isOciChart) {
        return definedProps({ repoUrl: this.sourceRepoUrl, path: '.', targetRevision: this.targetRevision, helm });
      }
      return definedProps({
        repoUrl: this.repoUrl,
        chart: this.chart,
        targetRevision: this.targetRevision,
        helm,
      });
    }
    return definedProps({
      repoUrl: this.repoUrl,
      path: this.path,
      targetRevision: this.targetRevision,
      directory: this.recurse ? { recurse: true } : undefined,
    });
  }
}
