import { DependencyGraph } from 'cdk8s';
import type { IConstruct } from 'constructs';

/**
 * The constructs under `scope` (itself included) in the order cdk8s's `new DependencyGraph(scope.node).topology()`
 * returns them, which is how `App.charts` orders charts and `Chart.toJson()` orders objects.
 *
 * With no dependency under `scope` that graph has no edges, and its topology is the vertices in the order they
 * were added: `findAll()` order, since they are keyed by path and paths keep insertion order as object keys, all
 * but array-index-like ones (a root-level id such as `0`). Building the graph (a vertex per construct, each path
 * computed, `findAll()` twice) was about 10 % of a 1000-cluster synth, so that case takes `findAll()` as is; a
 * dependency or an index-like path anywhere below `scope` builds the graph as before.
 */
export function dependencyOrder(scope: IConstruct): IConstruct[] {
  const all = scope.node.findAll();
  const edgeless = all.every((c) => c.node.dependencies.length === 0);
  const indexLike = scope.node.scope === undefined && scope.node.children.some((c) => ARRAY_INDEX.test(c.node.id));
  return edgeless && !indexLike ? all : new DependencyGraph(scope.node).topology();
}

/** A canonical array index (`0`, `17`, never `01`): JavaScript orders such object keys first. */
const ARRAY_INDEX = /^(0|[1-9]\d{0,9})$/;
