// The "What runs where" section of docs/diagrams.md (scripts/graph.mjs): `view` as in graph-sections.mjs.
import { cmp, countBy, isInCluster, label, nodeId, plural, times, waveOf } from './graph-format.mjs';

/** Proxmox, the management cluster and the workload clusters, with what each stage and app puts where. */
export function whereSection(view) {
  const { stages, files, apps, appSets } = view;
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
  const inCluster = apps.filter((a) => isInCluster(a.obj));
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
