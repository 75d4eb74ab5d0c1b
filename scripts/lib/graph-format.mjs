// Mermaid and Markdown helpers of `npm run graph` (scripts/graph.mjs), and what it reads off Argo CD objects.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let gitops;
/**
 * The library's Argo CD names (lib/gitops/constants.ts, compiled), required on first use: graph.mjs makes sure
 * build/ is current before it draws anything.
 */
const argo = () => (gitops ??= require('talos-platform-cdk/gitops'));

/** Whether an Application is deployed to the cluster Argo CD runs in. */
export function isInCluster(app) {
  return app.spec.destination.server === argo().IN_CLUSTER_SERVER;
}

export function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
export function nodeId(...parts) {
  return parts.join('_').replace(/[^A-Za-z0-9]+/g, '_');
}
export function label(...lines) {
  return `"${lines
    .filter((l) => l !== undefined && l !== '')
    .map((l) => String(l).replace(/"/g, '#quot;'))
    .join('<br/>')}"`;
}
export function countBy(items) {
  const counts = new Map();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => cmp(a, b));
}
export function times([name, n]) {
  return n > 1 ? `${name} ×${n}` : name;
}
export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
export function waveOf(obj) {
  const w = obj.metadata?.annotations?.[argo().SYNC_WAVE_ANNOTATION];
  return w === undefined ? 0 : Number(w);
}
export function sourceOf(app) {
  const s = app.spec.source ?? app.spec.sources?.[0] ?? {};
  return s.chart ? `chart ${s.chart} ${s.targetRevision}` : `path ${s.path}`;
}
