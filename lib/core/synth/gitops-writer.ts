import { ApiObject, Chart, Yaml } from 'cdk8s';
import type { App } from 'cdk8s';
import { dependencyOrder } from './dependency-order';
import { GitOpsChart } from './gitops-chart';
import { GitOpsFile } from './gitops-file';
import { takeRenderedJson } from './render-memo';
import { findFileFolderClash } from './tree-path';
import { emitYaml11 } from './yaml11-emitter';

/**
 * Renders a cdk8s app to file contents keyed by path in the GitOps tree, sorted by path. Pure: writes nothing.
 * Each {@link GitOpsChart} is one file; charts that are not land in `<chart id>.k8s.yaml`, as `cdk8s synth` names
 * them; each {@link GitOpsFile} is copied as is. Two writers of one path are an error. `onFile` sees each file as
 * soon as it is rendered (before the checks of the whole tree: what it does with it must be undone if this throws).
 */
export function renderGitOpsTree(app: App, onFile?: (relPath: string, content: string) => void): Map<string, string> {
  const files = new Map<string, string>();
  const owners = new Map<string, string>();
  const claim = (relPath: string, ownerPath: string): void => {
    const owner = owners.get(relPath);
    if (owner !== undefined) {
      throw new Error(`Two constructs write ${relPath}: ${owner} and ${ownerPath}. Give each its own outputPath.`);
    }
    owners.set(relPath, ownerPath);
  };
  // App.charts, without its dependency graph when there are no dependencies (dependency-order.ts)
  for (const chart of dependencyOrder(app).filter((c): c is Chart => c instanceof Chart)) {
    const relPath = GitOpsChart.isGitOpsChart(chart) ? chart.outputPath : `${chart.node.id}.k8s.yaml`;
    const docs = chartObjects(chart).map(takeRenderedJson);
    if (docs.length === 0) continue;
    claim(relPath, chart.node.path);
    const content = chartYaml(docs);
    files.set(relPath, content);
    onFile?.(relPath, content);
  }
  for (const node of app.node.findAll()) {
    if (!GitOpsFile.isGitOpsFile(node)) continue;
    claim(node.outputPath, node.node.path);
    files.set(node.outputPath, node.content);
    onFile?.(node.outputPath, node.content);
  }
  const clash = findFileFolderClash(files.keys());
  if (clash) {
    throw new Error(
      `${owners.get(clash[0])} writes the file ${clash[0]}, but ${owners.get(clash[1])} writes ${clash[1]} inside a ` +
        'folder of that name. Rename one of them.',
    );
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The chart's documents as cdk8s's `Yaml.stringify(...docs)` writes them, byte for byte: each through the fast
 * emitter, or through cdk8s itself when the emitter does not reproduce that document.
 */
function chartYaml(docs: readonly unknown[]): string {
  return docs.map((doc) => emitYaml11(doc, { keepUndefined: true }) ?? Yaml.stringify(doc)).join('---\n');
}

/**
 * The API objects of one chart in dependency order, as `Chart.toJson()` orders them. `Chart.toJson()` itself
 * re-validates and re-resolves the whole app on every call, which makes rendering N charts cost O(N^2); the synth
 * validates the whole tree once before rendering (`collectValidationErrors`), so here each chart is rendered alone.
 */
function chartObjects(chart: Chart): ApiObject[] {
  return dependencyOrder(chart).filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
}
