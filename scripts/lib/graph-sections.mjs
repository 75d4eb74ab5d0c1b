// The stage and sync-wave sections of docs/diagrams.md (scripts/graph.mjs). `view` is the model with the
// Applications and ApplicationSets picked out: { stages, files, config, apps, appSets, gitopsPath }.
import { cmp, countBy, isInCluster, label, nodeId, plural, sourceOf, waveOf } from './graph-format.mjs';

const sid = (id) => nodeId('stage', id);

/** Stages as a flowchart of their dependencies, and a table of their resources. */
export function stagesSection(view) {
  const { stages } = view;
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

/** The root app, the Applications by sync wave, and the ApplicationSets they install. */
export function wavesSection(view) {
  const { stages, apps, appSets } = view;
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
    const owner = apps.find(
      (a) => folderOf(view, a.obj) !== undefined && s.path.startsWith(`${folderOf(view, a.obj)}/`),
    );
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
    const server = isInCluster(a.obj) ? '' : ` (${a.obj.spec.destination.server ?? a.obj.spec.destination.name})`;
    lines.push(
      `| ${waveOf(a.obj)} | \`${a.obj.metadata.name}\` | ${sourceOf(a.obj)} | \`${a.obj.spec.destination.namespace}\`${server} |`,
    );
  }
  return lines;
}

/** The GitOps-tree folder an Application syncs (relative to the tree), if its source is a path in this repository. */
function folderOf(view, app) {
  const { gitopsPath } = view;
  const p = app.spec.source?.path;
  if (!p) return undefined;
  return p === gitopsPath ? '' : p.startsWith(`${gitopsPath}/`) ? p.slice(gitopsPath.length + 1) : p;
}
