/**
 * Everything the spec refers to must exist: environments (folders), Proxmox nodes, datastores and bridges; a
 * datastore must be available on the nodes that use it, and a VLAN needs a VLAN-aware bridge.
 */
import { code } from '../issue';
import type { Issue, SpecPath } from '../issue';
import { suggestion } from '../suggest';
import type { PlatformConfig, ResolvedNetwork, ResolvedPlacement } from '../resolved';

interface Refs {
  readonly config: PlatformConfig;
  readonly nodes: readonly string[];
  readonly datastores: readonly string[];
  readonly bridges: readonly string[];
}

export function checkReferences(config: PlatformConfig): Issue[] {
  const { platform } = config;
  const px = platform.proxmox;
  const refs: Refs = {
    config,
    nodes: px.nodes.map((n) => n.name),
    datastores: px.datastores.map((d) => d.name),
    bridges: px.bridges.map((b) => b.name),
  };
  const file = platform.sourceFile;
  const issues: Issue[] = [];
  px.datastores.forEach((d, i) =>
    d.nodes.forEach((n, j) => node(issues, refs, file, ['proxmox', 'datastores', i, 'nodes', j], n)),
  );
  node(issues, refs, file, ['proxmox', 'image', 'templateNode'], px.image.templateNode);
  datastoreOn(issues, refs, file, ['proxmox', 'image', 'datastore'], px.image.datastore, [px.image.templateNode]);
  datastoreOn(issues, refs, file, ['proxmox', 'image', 'templateDatastore'], px.image.templateDatastore, [
    px.image.templateNode,
  ]);
  placement(issues, refs, file, ['management', 'placement'], platform.management.placement);
  network(issues, refs, file, ['management', 'network'], platform.management.network);

  const environments = platform.environments.map((e) => e.name);
  for (const cluster of config.clusters) {
    const f = cluster.sourceFile;
    if (!environments.includes(cluster.environment)) {
      issues.push({
        file: f,
        path: [],
        rule: 'undefined-environment',
        message: `folder ${code(cluster.environment)} is not an environment of the platform`,
        expected: environments.length
          ? `one of ${environments.map((e) => code(e)).join(', ')}`
          : 'an environment listed in platform.yaml',
        hint: `add \`- name: ${cluster.environment}\` to \`environments\` in ${file}, or move the file`,
      });
    }
    placement(issues, refs, f, ['placement'], cluster.placement);
    node(issues, refs, f, ['placement', 'template', 'node'], cluster.placement.template.node);
    // A template's datastore other than the stage 00 template's own (which is checked above, in platform.yaml).
    const template = cluster.placement.template;
    if (template.datastore !== undefined && template.datastore !== px.image.templateDatastore) {
      datastoreOn(issues, refs, f, ['placement', 'template', 'datastore'], template.datastore, [template.node]);
    }
    network(issues, refs, f, ['network'], cluster.network);
  }
  return issues;
}

function placement(issues: Issue[], refs: Refs, file: string, at: SpecPath, p: ResolvedPlacement): void {
  p.nodes.forEach((n, i) => node(issues, refs, file, [...at, 'nodes', i], n));
  datastoreOn(issues, refs, file, [...at, 'datastore'], p.datastore, p.nodes);
}

function node(issues: Issue[], refs: Refs, file: string, path: SpecPath, name: string): void {
  if (refs.nodes.includes(name)) return;
  issues.push({
    file,
    path,
    rule: 'unknown-node',
    message: `Proxmox node ${code(name)} is not in proxmox.nodes`,
    expected: `one of ${refs.nodes.map((n) => code(n)).join(', ')}`,
    hint: suggestion(name, refs.nodes) || `add ${code(name)} to proxmox.nodes, or use one of those`,
  });
}

/** The datastore must exist and be available on every node that uses it. */
function datastoreOn(
  issues: Issue[],
  refs: Refs,
  file: string,
  path: SpecPath,
  name: string,
  nodes: readonly string[],
): void {
  const store = refs.config.platform.proxmox.datastores.find((d) => d.name === name);
  if (!store) {
    issues.push({
      file,
      path,
      rule: 'unknown-datastore',
      message: `datastore ${code(name)} is not in proxmox.datastores`,
      expected: `one of ${refs.datastores.map((d) => code(d)).join(', ')}`,
      hint: suggestion(name, refs.datastores) || `add ${code(name)} to proxmox.datastores, or use one of those`,
    });
    return;
  }
  const missing = nodes.filter((n) => refs.nodes.includes(n) && !store.nodes.includes(n));
  if (missing.length) {
    issues.push({
      file,
      path,
      rule: 'datastore-not-on-node',
      message: `datastore ${code(name)} is not available on ${missing.map((n) => code(n)).join(', ')}`,
      expected: `a datastore on every node used here (${code(name)} is on ${store.nodes
        .map((n) => code(n))
        .join(', ')})`,
      hint: `add the nodes to the datastore's \`nodes\`, or restrict the placement to its nodes`,
    });
  }
}

function network(issues: Issue[], refs: Refs, file: string, at: SpecPath, n: ResolvedNetwork): void {
  const bridge = refs.config.platform.proxmox.bridges.find((b) => b.name === n.bridge);
  if (!bridge) {
    issues.push({
      file,
      path: [...at, 'bridge'],
      rule: 'unknown-bridge',
      message: `bridge ${code(n.bridge)} is not in proxmox.bridges`,
      expected: `one of ${refs.bridges.map((b) => code(b)).join(', ')}`,
      hint:
        suggestion(n.bridge, refs.bridges) ||
        `add ${code(n.bridge)} to proxmox.bridges (\`create: true\` has stage 00 make it), or use one of those`,
    });
  } else if (n.vlan !== undefined && bridge.create && !bridge.vlanAware) {
    issues.push({
      file,
      path: [...at, 'vlan'],
      rule: 'vlan-on-non-vlan-aware-bridge',
      message: `VLAN ${n.vlan} on bridge ${code(n.bridge)}, which stage 00 creates without VLAN awareness`,
      expected: 'an untagged network, or a VLAN-aware bridge',
      hint: `set \`vlanAware: true\` on bridge ${code(n.bridge)} or remove \`vlan\``,
    });
  }
}
