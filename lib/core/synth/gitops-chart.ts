import { Chart } from 'cdk8s';
import type { ChartProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { isNormalizedRelativePath } from './tree-path';

/** Props of a {@link GitOpsChart}. */
export interface GitOpsChartProps extends ChartProps {
  /**
   * Path of the YAML file this chart is written to, relative to the GitOps output folder (`dist/`), using `/`.
   * Must end in `.yaml`.
   */
  readonly outputPath: string;
}

/**
 * A cdk8s chart that knows where it lands in the GitOps tree. The tree writer puts each chart's objects, in
 * construct order, into the one file named by `outputPath`.
 *
 * @example
 * import { ApiObject, App } from 'cdk8s';
 * import { GitOpsChart } from 'talos-platform-cdk/core';
 *
 * const chart = new GitOpsChart(new App(), 'MonitoringNamespace', { outputPath: 'platform/monitoring/namespace.yaml' });
 * new ApiObject(chart, 'Resource', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } });
 * // renderGitOpsTree / synthesizeApps write it to dist/platform/monitoring/namespace.yaml
 */
export class GitOpsChart extends Chart {
  /** Returns true if `x` is a GitOpsChart (works across copies of this package). */
  public static isGitOpsChart(x: unknown): x is GitOpsChart {
    return typeof x === 'object' && x !== null && GITOPS_CHART_SYMBOL in x;
  }

  /** Path of the output file relative to the GitOps folder. */
  public readonly outputPath: string;

  public constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    super(scope, id, props);
    if (!/^[a-z0-9][a-z0-9._/-]*\.yaml$/.test(props.outputPath) || !isNormalizedRelativePath(props.outputPath)) {
      throw new Error(
        `${this.node.path}: outputPath "${props.outputPath}" must be a relative path of lower-case segments ending in ` +
          '".yaml", e.g. "platform/argocd/root-app.yaml"',
      );
    }
    this.outputPath = props.outputPath;
    Object.defineProperty(this, GITOPS_CHART_SYMBOL, { value: true });
  }
}

const GITOPS_CHART_SYMBOL = Symbol.for('talos-platform-cdk.GitOpsChart');
