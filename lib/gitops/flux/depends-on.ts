import type { WaveNode } from '../wave-rules';

/** A unit of the Flux tree in the order: a Kustomization, or an external addon (ordered, not rendered). */
export interface FluxOrderNode extends WaveNode {
  /** Namespace of its Kustomization. */
  readonly namespace: string;
  /** False for an addon another tool installs: no Kustomization exists to depend on. */
  readonly rendered: boolean;
}

/** One `spec.dependsOn` entry. */
export interface FluxDependency {
  readonly name: string;
  readonly namespace: string;
}

/**
 * The `dependsOn` of `node` that encodes the Argo CD sync waves: every rendered unit of the nearest earlier wave that
 * has one (which, by the same rule, depends on the wave before it), plus the node's own `needs`. An external addon
 * (cert-manager from stage 20) has no Kustomization, so its wave is skipped to the one below. Sorted by name.
 */
export function fluxDependsOn(nodes: readonly FluxOrderNode[], node: FluxOrderNode): FluxDependency[] {
  const rendered = nodes.filter((n) => n.rendered && n !== node);
  const earlierWaves = [...new Set(rendered.map((n) => n.syncWave).filter((w) => w < node.syncWave))];
  const previous = earlierWaves.length > 0 ? Math.max(...earlierWaves) : undefined;
  const deps = new Map<string, FluxDependency>();
  for (const n of rendered) {
    if (n.syncWave === previous || node.needs.includes(n.name)) {
      deps.set(`${n.namespace}/${n.name}`, { name: n.name, namespace: n.namespace });
    }
  }
  return [...deps.values()].sort((a, b) => compare(a.name, b.name) || compare(a.namespace, b.namespace));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
