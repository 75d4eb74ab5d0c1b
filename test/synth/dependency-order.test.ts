import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import { dependencyOrder } from '../../lib/core/synth/dependency-order';

/** Paths, so that a failure prints a readable diff. */
const paths = (cs: readonly IConstruct[]): string[] => cs.map((c) => c.node.path);
const graphOrder = (scope: IConstruct): string[] => paths(new DependencyGraph(scope.node).topology());
const ourOrder = (scope: IConstruct): string[] => paths(dependencyOrder(scope));

/** A seeded generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An app of charts, plain constructs and objects with ids that include index-like ones; some with dependencies. */
function randomApp(seed: number, withDependencies: boolean): App {
  const next = random(seed);
  const app = new App();
  const ids = ['a', 'b', '0', '7', '10', '01', 'z', 'Chart', '4294967295'];
  const all: Construct[] = [];
  const grow = (scope: Construct, depth: number): void => {
    const used = new Set<string>();
    for (let i = 0, n = Math.floor(next() * 4); i < n; i++) {
      const id = `${ids[Math.floor(next() * ids.length)]}${used.size}`.replace(/^(\d+)\d$/, '$1');
      if (used.has(id)) continue;
      used.add(id);
      const kind = next();
      const child =
        depth === 0 || kind < 0.3
          ? new Chart(scope, id)
          : kind < 0.6
            ? new Construct(scope, id)
            : new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap' });
      all.push(child);
      if (depth < 3) grow(child, depth + 1);
    }
  };
  grow(app, 0);
  if (withDependencies && all.length > 2) {
    const a = all[Math.floor(next() * all.length)];
    const b = all[Math.floor(next() * all.length)];
    if (a !== b && !a.node.path.startsWith(b.node.path) && !b.node.path.startsWith(a.node.path)) {
      a.node.addDependency(b);
    }
  }
  return app;
}

describe('dependencyOrder', () => {
  it("is DependencyGraph's topology, for the app and for every chart, with and without dependencies", () => {
    for (let seed = 1; seed <= 150; seed++) {
      const app = randomApp(seed, seed % 3 === 0);
      expect(ourOrder(app)).toEqual(graphOrder(app));
      for (const chart of app.node.findAll().filter((c) => c instanceof Chart)) {
        expect(ourOrder(chart)).toEqual(graphOrder(chart));
      }
    }
  });

  it('keeps the graph order when a root-level id is an array index (JavaScript puts those keys first)', () => {
    const app = new App();
    new Chart(app, 'a');
    new Chart(app, '1');
    new Chart(app, '0');
    expect(graphOrder(app)).not.toEqual(paths(app.node.findAll())); // `0` and `1` come first
    expect(ourOrder(app)).toEqual(graphOrder(app));
    expect(app.charts.map((c) => c.node.id)).toEqual(
      dependencyOrder(app)
        .filter((c) => c instanceof Chart)
        .map((c) => c.node.id),
    );
  });
});
