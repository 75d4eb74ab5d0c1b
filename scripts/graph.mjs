#!/usr/bin/env node
// `npm run graph`: draws docs/diagrams.md from the model. Builds the reference platform from clusters/ in this
// process (compiled JavaScript in build/, through the package's own exports), synthesizes the Terraform stacks into a
// scratch folder, and walks what came out: stages and their cross-stack dependencies (`stack.dependencies`, filled in
// by CDKTF when it resolves cross-stack references), the objects each stage puts on a cluster, the Argo CD
// Applications by `argocd.argoproj.io/sync-wave`, and the workload clusters' Cluster API objects.
// Nothing is typed in by hand, so the diagrams change only when the model does.
//
//   node scripts/graph.mjs [--check] [--config <dir>] [--out <file>]
//
// --check writes nothing and exits 1 when the file differs from what the model gives (CI: `npm run graph:check`).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const check = args.includes('--check');
const configDir = resolve(root, option('--config', 'clusters'));
const outFile = resolve(root, option('--out', 'docs/diagrams.md'));
const configLabel = relative(root, configDir).startsWith('..') ? configDir : relative(root, configDir) || '.';

const require = createRequire(join(root, 'package.json'));

// Run on a current build/: recompile and re-run this script when a source is newer (the CLI's own check).
const freshBuild = join(root, 'build', 'lib', 'cli', 'fresh-build.js');
if (!existsSync(freshBuild)) {
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
const rerun = await require(freshBuild).rerunIfBuildIsStale(root, fileURLToPath(import.meta.url), args);
if (rerun !== undefined) process.exit(rerun);
const { App: TfApp, TerraformStack } = require('cdktf');
const { App: K8sApp } = require('cdk8s');
const YAML = require('yaml');
// Self-reference through the exports map: the same entry points a consumer imports.
const { buildPlatform } = require('talos-platform-cdk/stacks');
const { loadConfigOrThrow } = require('talos-platform-cdk/stacks/load');
const { GitOpsChart, collectValidationErrors } = require('talos-platform-cdk/core');

const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
const IN_CLUSTER = 'https://kubernetes.default.svc';

// ---------------------------------------------------------------------------------------------------------- model
const scratch = mkdtempSync(join(tmpdir(), 'tpc-graph-'));
let model;
try {
  model = readModel(scratch);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function readModel(outdir) {
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
          objects: r.body.chart.startsWith('./') ? chartObjects(join(dir, r.body.chart)) : [],
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

function chartObjects(chartDir) {
  const filesDir = join(chartDir, 'files');
  if (!existsSync(filesDir)) return [];
  return readdirSync(filesDir)
    .sort(cmp)
    .flatMap((f) => YAML.parseAllDocuments(readFileSync(join(filesDir, f), 'utf8')).map((d) => d.toJSON()))
    .filter((o) => o && o.kind);
}

// ------------------------------------------------------------------------------------------------------- helpers
function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function nodeId(...parts) {
  return parts.join('_').replace(/[^A-Za-z0-9]+/g, '_');
}
function label(...lines) {
  return `"${lines
    .filter((l) => l !== undefined && l !== '')
    .map((l) => String(l).replace(/"/g, '#quot;'))
    .join('<br/>')}"`;
}
function countBy(items) {
  const counts = new Map();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => cmp(a, b));
}
function times([name, n]) {
  return n > 1 ? `${name} ×${n}` : name;
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
function waveOf(obj) {
  const w = obj.metadata?.annotations?.[SYNC_WAVE];
  return w === undefined ? 0 : Number(w);
}
function sourceOf(app) {
  const s = app.spec.source ?? app.spec.sources?.[0] ?? {};
  return s.chart ? `chart ${s.chart} ${s.targetRevision}` : `path ${s.path}`;
}

// ------------------------------------------------------------------------------------------------------ sections
const { stages, files, config } = model;
const sid = (id) => nodeId('stage', id);
const apps = files.filter((f) => f.obj.kind === 'Application');
const appSets = files.filter((f) => f.obj.kind === 'ApplicationSet');
const gitopsPath = config.platform.gitops.path.replace(/\/+$/, '');

function stagesSection() {
  const lines = ['```mermaid', 'flowchart LR'];
  for (const s of stages) {
    const providers = s.providers.length ? `providers: ${s.providers.join(', ')}` : 'no providers';
    lines.push(`  ${sid(s.id)}[${label(s.id, providers, plural(s.resources.length, 'resource'))}]`);
  }
  for (const s of stages) for (const d of s.dependsOn) lines.push(`  ${sid(d)} --> ${sid(s.id)}`);
  lines.push('```', '');
  lines.push('| stage | reads from | resources |', '| --- | --- | --- |');
  for (const s of stages) {
    const types = countBy(s.resources.map((r) => r.type)).map(([t, n]) => (n > 1 ? `\`${t}\` ×${n}` : `\`${t}\``));
    lines.push(
      `| \`${s.id}\` | ${s.dependsOn.map((d) => `\`${d}\``).join(', ') || '-'} | ${types.join(', ') || 'none'} |`,
    );
  }
  return lines;
}

function wavesSection() {
  const lines = ['```mermaid', 'flowchart LR'];
  const rootApps = stages.flatMap((s) =>
    s.releases.flatMap((r) => r.objects.filter((o) => o.kind === 'Application').map((o) => ({ stage: s.id, obj: o }))),
  );
  for (const r of rootApps) {
    lines.push(
      `  ${nodeId('root', r.obj.metadata.name)}[${label(`root app ${r.obj.metadata.name}`, `stage ${r.stage}`, sourceOf(r.obj))}]`,
    );
  }
  const waves = [...new Set(apps.map((a) => waveOf(a.obj)))].sort((a, b) => a - b);
  for (const w of waves) {
    lines.push(`  subgraph ${nodeId('wave', w)}["wave ${w}"]`);
    for (const a of apps
      .filter((x) => waveOf(x.obj) === w)
      .sort((x, y) => cmp(x.obj.metadata.name, y.obj.metadata.name))) {
      const d = a.obj.spec.destination;
      lines.push(
        `    ${nodeId('app', a.obj.metadata.name)}[${label(a.obj.metadata.name, sourceOf(a.obj), `to ${d.namespace}`)}]`,
      );
    }
    lines.push('  end');
  }
  for (const r of rootApps)
    if (waves.length) lines.push(`  ${nodeId('root', r.obj.metadata.name)} --> ${nodeId('wave', waves[0])}`);
  for (let i = 1; i < waves.length; i++)
    lines.push(`  ${nodeId('wave', waves[i - 1])} -->|"Healthy"| ${nodeId('wave', waves[i])}`);
  // ApplicationSets under an app's folder: the app installs them, they generate one Application per workload cluster.
  for (const s of appSets) {
    const owner = apps.find((a) => folderOf(a.obj) !== undefined && s.path.startsWith(`${folderOf(a.obj)}/`));
    const id = nodeId('appset', s.obj.metadata.name);
    lines.push(
      `  ${id}[${label(`ApplicationSet ${s.obj.metadata.name}`, `${(s.obj.spec.generators ?? []).map((g) => Object.keys(g)[0]).join(', ')} generator`)}]`,
    );
    if (owner) lines.push(`  ${nodeId('app', owner.obj.metadata.name)} --> ${id}`);
  }
  lines.push('```', '');
  lines.push('| wave | application | source | destination namespace |', '| --- | --- | --- | --- |');
  for (const a of [...apps].sort(
    (x, y) => waveOf(x.obj) - waveOf(y.obj) || cmp(x.obj.metadata.name, y.obj.metadata.name),
  )) {
    const server =
      a.obj.spec.destination.server === IN_CLUSTER
        ? ''
        : ` (${a.obj.spec.destination.server ?? a.obj.spec.destination.name})`;
    lines.push(
      `| ${waveOf(a.obj)} | \`${a.obj.metadata.name}\` | ${sourceOf(a.obj)} | \`${a.obj.spec.destination.namespace}\`${server} |`,
    );
  }
  return lines;
}

/** The GitOps-tree folder an Application syncs (relative to the tree), if its source is a path in this repository. */
function folderOf(app) {
  const p = app.spec.source?.path;
  if (!p) return undefined;
  return p === gitopsPath ? '' : p.startsWith(`${gitopsPath}/`) ? p.slice(gitopsPath.length + 1) : p;
}

function whereSection() {
  const lines = ['```mermaid', 'flowchart TB'];
  const mgmtName = stages.map((s) => s.outputs.cluster_name?.value).find((v) => typeof v === 'string') ?? 'management';
  const pveNodes = new Set();
  const vms = [];
  const downloads = [];
  for (const s of stages) {
    for (const r of s.resources) {
      if (r.body.node_name) pveNodes.add(r.body.node_name);
      if (r.type === 'proxmox_virtual_environment_vm')
        vms.push({ stage: s.id, name: r.body.name, template: r.body.template === true });
      if (r.type === 'proxmox_download_file') downloads.push({ stage: s.id, node: r.body.node_name });
    }
  }
  // Cluster API objects, wherever they come from: the GitOps tree or a stage's bridge chart.
  const capiObjects = [
    ...files.map((f) => ({ obj: f.obj, from: 'argoapps' })),
    ...stages.flatMap((s) => s.releases.flatMap((r) => r.objects.map((obj) => ({ obj, from: nodeId('on', s.id) })))),
  ];
  const workload = capiObjects
    .filter(({ obj }) => obj.kind === 'Cluster' && obj.apiVersion?.startsWith('cluster.x-k8s.io/'))
    .map(({ obj: c, from }) => {
      const ns = c.metadata.namespace;
      const replicas = (kind) =>
        capiObjects
          .map(({ obj }) => obj)
          .filter((o) => o.kind === kind && o.metadata.namespace === ns && o.spec?.replicas !== undefined)
          .reduce((n, o) => n + o.spec.replicas, 0);
      const counts = { controlPlanes: replicas('TalosControlPlane'), workers: replicas('MachineDeployment') };
      return { name: c.metadata.name, namespace: ns, from, ...counts };
    })
    .sort((a, b) => cmp(a.name, b.name));

  lines.push(`  subgraph pve[${label(`Proxmox VE: ${[...pveNodes].sort(cmp).join(', ')}`)}]`);
  for (const [stage, n] of countBy(downloads.map((d) => d.stage))) {
    lines.push(
      `    ${nodeId('img', stage)}[${label(`Talos nocloud image on ${plural(n, 'node')}`, `stage ${stage}`)}]`,
    );
  }
  for (const stage of [...new Set(vms.map((v) => v.stage))]) {
    const names = vms.filter((v) => v.stage === stage).map((v) => (v.template ? `template ${v.name}` : v.name));
    lines.push(`    ${nodeId('vms', stage)}[${label(`VMs: ${names.join(', ')}`, `stage ${stage}`)}]`);
  }
  for (const w of workload) {
    lines.push(
      `    ${nodeId('wlvms', w.name)}[${label(`${w.name} machines: ${plural(w.controlPlanes, 'control plane')}, ${plural(w.workers, 'worker')}`, 'cloned by CAPMOX')}]`,
    );
  }
  lines.push('  end');

  lines.push(`  subgraph mgmt[${label(`management cluster ${mgmtName}`)}]`);
  const talosStages = stages.filter((s) => s.resources.some((r) => r.type.startsWith('talos_machine')));
  for (const s of talosStages)
    lines.push(`    ${nodeId('talos', s.id)}[${label('Talos: machine secrets, config, bootstrap', `stage ${s.id}`)}]`);
  for (const s of stages) {
    const k8sResources = s.resources
      .filter((r) => r.type.startsWith('kubernetes_'))
      .map((r) => r.type.replace(/^kubernetes_|_v1$/g, ''));
    const items = [
      ...s.releases.map((r) =>
        r.objects.length
          ? `${r.name}: ${countBy(r.objects.map((o) => o.kind))
              .map(times)
              .join(', ')}`
          : `${r.name} (${r.chart} ${r.version})`,
      ),
      ...countBy(k8sResources).map(times),
    ];
    if (items.length) lines.push(`    ${nodeId('on', s.id)}[${label(`stage ${s.id}`, ...items)}]`);
  }
  const inCluster = apps.filter((a) => a.obj.spec.destination.server === IN_CLUSTER);
  if (inCluster.length) {
    lines.push(
      `    argoapps[${label(
        `Argo CD apps: ${inCluster
          .map((a) => a.obj.metadata.name)
          .sort(cmp)
          .join(', ')}`,
      )}]`,
    );
  }
  for (const w of workload)
    lines.push(
      `    ${nodeId('capi', w.name)}[${label(`Cluster API objects of ${w.name}`, `namespace ${w.namespace}`)}]`,
    );
  lines.push('  end');

  if (workload.length) {
    lines.push(`  subgraph wl[${label('workload clusters')}]`);
    for (const w of workload) lines.push(`    ${nodeId('wl', w.name)}[${label(w.name)}]`);
    lines.push('  end');
  }

  for (const stage of [...new Set(vms.map((v) => v.stage))]) {
    if (talosStages.some((s) => s.id === stage)) lines.push(`  ${nodeId('vms', stage)} --> ${nodeId('talos', stage)}`);
  }
  for (const w of workload) {
    if (w.from !== 'argoapps' || inCluster.length) lines.push(`  ${w.from} --> ${nodeId('capi', w.name)}`);
    lines.push(`  ${nodeId('capi', w.name)} -->|"CAPMOX"| ${nodeId('wlvms', w.name)}`);
    lines.push(`  ${nodeId('wlvms', w.name)} --> ${nodeId('wl', w.name)}`);
  }
  if (appSets.length && workload.length) {
    lines.push(
      `  fleet[${label(
        `fleet: ${appSets
          .map((s) => s.obj.metadata.name)
          .sort(cmp)
          .join(', ')}`,
      )}]`,
    );
    if (inCluster.length) lines.push('  argoapps --> fleet');
    for (const w of workload) lines.push(`  fleet -.->|"addon labels"| ${nodeId('wl', w.name)}`);
  }
  lines.push('```', '');
  // Helm releases a stage installs that an Argo CD Application then manages: same chart, same namespace.
  const adopted = [];
  for (const s of stages) {
    for (const r of s.releases) {
      const app = inCluster.find(
        (a) => a.obj.spec.source?.chart === r.chart && a.obj.spec.destination.namespace === r.namespace,
      );
      if (app) {
        const by = `\`${app.obj.metadata.name}\` (wave ${waveOf(app.obj)})`;
        adopted.push(`| \`${r.name}\` | ${r.chart} ${r.version} | \`${r.namespace}\` | \`${s.id}\` | ${by} |`);
      }
    }
  }
  if (adopted.length) {
    lines.push(
      'Helm releases a stage installs once and an Argo CD Application then manages (same chart, same namespace):',
      '',
      '| release | chart | namespace | installed by stage | then managed by |',
      '| --- | --- | --- | --- | --- |',
      ...adopted,
    );
  } else {
    lines.push('No Helm release is installed by a stage and then managed by Argo CD.');
  }
  return lines;
}

const doc = [
  '<!-- Generated by `npm run graph` (scripts/graph.mjs) from the reference platform in clusters/. Do not edit. -->',
  '',
  '# Diagrams',
  '',
  `Drawn from the model of the reference platform (\`${configLabel}\`), not by hand: \`npm run graph\``,
  'rebuilds this page, and `npm run graph:check` (run in CI) fails when it is stale. What each stage does and why is',
  'in [architecture.md](architecture.md); how to run them is in [runbooks/bootstrap.md](runbooks/bootstrap.md).',
  '',
  '## Stages and their dependencies',
  '',
  'One Terraform state per stage (`cdktf.out/stacks/<stage>`). An arrow points from a stage to one that reads its',
  'outputs through remote state (or declares it as a dependency): apply the source first.',
  '',
  ...stagesSection(),
  '',
  '## GitOps sync waves',
  '',
  'Stage 50 installs the root app; it syncs one Application per file under `platform/apps/` in wave order and moves',
  'on only when every app of a wave is Healthy (the `argoproj.io/Application` health check in `argocd-cm`).',
  'ApplicationSets generate one Application per registered workload cluster; waves do not order those.',
  '',
  ...wavesSection(),
  '',
  '## What runs where',
  '',
  'Proxmox runs every VM; the management cluster runs Cluster API, Argo CD and the platform addons; workload clusters',
  'are created by Cluster API on the management cluster and get their addons from the fleet ApplicationSets.',
  '',
  ...whereSection(),
  '',
];
const text = `${doc
  .join('\n')
  .replace(/\n{3,}/g, '\n\n')
  .trimEnd()}\n`;

const rel = relative(root, outFile);
if (check) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  if (current !== text) {
    process.stderr.write(
      `${rel} is stale: the model draws different diagrams. Run \`npm run graph\` and commit the result.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`${rel} is up to date.\n`);
} else {
  writeFileSync(outFile, text);
  process.stdout.write(
    `wrote ${rel} (${stages.length} stages, ${apps.length} applications, ${appSets.length} ApplicationSets)\n`,
  );
}
