// Splitting output files into Kubernetes documents and routing each to the checker that has its schema.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * API groups built into Kubernetes. Their kinds are checked with the kubernetes-models validators (plus an
 * unknown-field check); every other group goes to kubeconform with the schemas derived from the CRDs.
 * `v1` stands for the core (legacy, group-less) API.
 */
export const CORE_GROUPS = Object.freeze(
  new Set([
    'v1',
    'admissionregistration.k8s.io',
    'apiextensions.k8s.io',
    'apiregistration.k8s.io',
    'apps',
    'authentication.k8s.io',
    'authorization.k8s.io',
    'autoscaling',
    'batch',
    'certificates.k8s.io',
    'coordination.k8s.io',
    'discovery.k8s.io',
    'events.k8s.io',
    'flowcontrol.apiserver.k8s.io',
    'networking.k8s.io',
    'node.k8s.io',
    'policy',
    'rbac.authorization.k8s.io',
    'resource.k8s.io',
    'scheduling.k8s.io',
    'storage.k8s.io',
    'storagemigration.k8s.io',
  ]),
);

/**
 * Configuration files of build tools that sit among manifests but are never sent to a cluster, so no API
 * schema exists for them: kustomize's Kustomization/Component and the KSOPS generator (DESIGN.md: KSOPS
 * decrypts SOPS files for Argo CD). Listed by apiVersion group and kind; routed to `tool-config`.
 */
export const TOOL_CONFIG_KINDS = Object.freeze([
  { group: 'kustomize.config.k8s.io', kinds: ['Kustomization', 'Component'] },
  { group: 'viaduct.ai', kinds: ['ksops'] },
]);

/** `apps/v1` -> `apps`; `v1` -> `v1` (kubeconform's convention for the core group). */
export function groupOf(apiVersion) {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(0, slash);
}

/** `Kind/namespace/name` (or `Kind/name`), the way reports name one object. */
export function describe(obj) {
  if (!obj || typeof obj !== 'object') return '(not an object)';
  const kind = obj.kind ?? '(no kind)';
  const name = obj.metadata?.name ?? obj.metadata?.generateName ?? '(no name)';
  return obj.metadata?.namespace ? `${kind}/${obj.metadata.namespace}/${name}` : `${kind}/${name}`;
}

/** @typedef {{ file?: string, index?: number, line?: number, obj: any, text?: string, error?: string }} YamlDocument */

/**
 * Parses a YAML stream into documents. Empty documents are dropped; a document that does not parse (or has
 * duplicate keys, which kubeconform -strict rejects too) carries `error`.
 * @param {string} text
 * @param {string} [file]
 * @returns {YamlDocument[]}
 */
export function splitYamlDocuments(text, file = '<stdin>') {
  const docs = [];
  let index = 0;
  for (const doc of parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false })) {
    const start = doc.range?.[0] ?? 0;
    const line = text.slice(0, start).split('\n').length;
    /** @type {YamlDocument} */
    const entry = { file, index: index++, line, obj: undefined };
    if (doc.errors.length) {
      entry.error = doc.errors[0].message;
    } else {
      entry.obj = doc.toJS({ maxAliasCount: 100 });
      if (entry.obj === null || entry.obj === undefined) continue;
      entry.text = String(doc);
    }
    docs.push(entry);
  }
  return docs;
}

/**
 * Which checker a document goes to:
 * - `invalid`: not a mapping with string apiVersion and kind (or did not parse);
 * - `tool-config`: a kustomize or KSOPS file (TOOL_CONFIG_KINDS), not a cluster object;
 * - `core`: a built-in API group (kubernetes-models);
 * - `custom`: everything else (kubeconform with the CRD-derived strict schemas).
 */
export function routeDocument(doc) {
  const obj = doc.obj;
  if (doc.error || !obj || typeof obj !== 'object' || Array.isArray(obj)) return 'invalid';
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || !obj.apiVersion || !obj.kind) {
    return 'invalid';
  }
  const group = groupOf(obj.apiVersion);
  if (TOOL_CONFIG_KINDS.some((t) => t.group === group && t.kinds.includes(obj.kind))) return 'tool-config';
  return CORE_GROUPS.has(group) ? 'core' : 'custom';
}

/** Files under dir (recursively, sorted, skipping .terraform and node_modules) for which keep(path) holds. */
/**
 * Every file under `dir` (sorted, without .terraform, node_modules, .git) for which `keep` holds.
 * @param {string} dir
 * @param {(file: string) => boolean} [keep]
 * @returns {string[]}
 */
export function listFiles(dir, keep = () => true) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d).sort()) {
      if (entry === '.terraform' || entry === 'node_modules' || entry === '.git') continue;
      const full = path.join(d, entry);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (keep(full)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** YAML files of a manifests tree (`.yaml`/`.yml`), excluding Helm chart folders and `.sops.yaml`. */
export function manifestFiles(dir, chartDirs = findChartDirs(dir)) {
  return listFiles(
    dir,
    (f) =>
      /\.ya?ml$/.test(f) &&
      !/(^|\/)\.sops\.ya?ml$/.test(f) &&
      !chartDirs.some((c) => f === c || f.startsWith(c + path.sep)),
  );
}

/** Folders holding a Chart.yaml (a Helm chart); a chart nested in another one's charts/ is not listed twice. */
export function findChartDirs(dir) {
  const charts = listFiles(dir, (f) => path.basename(f) === 'Chart.yaml').map((f) => path.dirname(f));
  return charts.filter((c) => !charts.some((o) => o !== c && c.startsWith(o + path.sep)));
}
