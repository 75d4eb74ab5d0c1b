// The model `npm run graph` draws (scripts/graph.mjs): the reference platform built from a config folder in this
// process, its Terraform stacks synthesized into a scratch folder and read back, and the GitOps tree's objects.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cmp } from './graph-format.mjs';

/**
 * Builds and synthesizes the platform of `configDir` (stacks into `outdir`); returns `{ config, stages, files }`.
 * `require` resolves the package's own compiled exports (build/).
 */
export function readModel(require, configDir, outdir) {
  const { App: TfApp, TerraformStack } = require('cdktf');
  const { App: K8sApp } = require('cdk8s');
  // Self-reference through the exports map: the same entry points a consumer imports.
  const { buildPlatform } = require('talos-platform-cdk/stacks');
  const { loadConfigOrThrow } = require('talos-platform-cdk/stacks/load');
  const { GitOpsChart, collectValidationErrors } = require('talos-platform-cdk/core');
  const YAML = require('yaml');
  const config = loadConfigOrThrow(configDir);
  const tf = new TfApp({ outdir });
  const k8s = new K8sApp();
  buildPlatform(config, { tf, k8s });
  const errors = collectValidationErrors(tf, k8s);
  if (errors.length > 0) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  tf.synth();

  const stages = tf.node.children
    .filter((c) => TerraformStack.isStack(c))
    .map((stack) => {
      const id = stack.node.id;
      const dir = join(outdir, 'stacks', id);
      const json = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8'));
      const resources = [];
      for (const [type, byId] of Object.entries(json.resource ?? {})) {
        for (const [logicalId, body] of Object.entries(byId)) resources.push({ type, logicalId, body });
      }
      resources.sort((a, b) => cmp(a.type, b.type) || cmp(a.logicalId, b.logicalId));
      const releases = resources
        .filter((r) => r.type === 'helm_release')
        .map((r) => ({
          name: r.body.name,
          namespace: r.body.namespace,
          chart: r.body.chart,
          version: r.body.version,
          // A chart in the stack folder is a cdk8s chart the bridge delivers: read the objects it carries.
          objects: r.body.chart.startsWith('./') ? chartObjects(YAML, join(dir, r.body.chart)) : [],
        }));
      return {
        id,
        dependsOn: stack.dependencies.map((d) => d.node.id).sort(cmp),
        providers: Object.keys(json.provider ?? {}).sort(cmp),
        resources,
        releases,
        outputs: json.output ?? {},
      };
    });

  const files = [];
  for (const chart of k8s.charts) {
    const path = GitOpsChart.isGitOpsChart(chart) ? chart.outputPath : `${chart.node.id}.k8s.yaml`;
    for (const obj of chart.toJson()) files.push({ path, obj });
  }
  files.sort((a, b) => cmp(a.path, b.path));
  return { config, stages, files };
}

function chartObjects(YAML, chartDir) {
  const filesDir = join(chartDir, 'files');
  if (!existsSync(filesDir)) return [];
  return readdirSync(filesDir)
    .sort(cmp)
    .flatMap((f) => YAML.parseAllDocuments(readFileSync(join(filesDir, f), 'utf8')).map((d) => d.toJSON()))
    .filter((o) => o && o.kind);
}
