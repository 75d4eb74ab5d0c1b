// kubectl-validate (sigs.k8s.io/kubectl-validate, pinned in scripts/tools.pins) for scripts/conformance.mjs.
//
// It validates objects the way the API server's create path does, offline: strict decoding (unknown fields are
// errors), the OpenAPI schema, and for custom resources the CRD's CEL rules (`x-kubernetes-validations`), which
// kubeconform does not evaluate. Custom kinds are checked against `--local-crds imports/crds`; built-in kinds
// against the Kubernetes OpenAPI that v0.0.4 embeds (pkg/openapiclient/builtins/1.23 ... 1.30 at the tag).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadCrds } from './crd-schemas.mjs';
import { run } from './tools.mjs';

/**
 * The `--version` for built-in kinds: the newest Kubernetes whose schemas kubectl-validate v0.0.4 embeds. Any other
 * version makes it download them from GitHub (openapiclient.NewGitHubBuiltins), which conformance must not do.
 * The platform deploys a newer Kubernetes (lib/core/versions.ts); its built-in objects are checked here against the
 * 1.30 API and, field by field, by kubernetes-models (scripts/lib/core-validate.mjs).
 */
export const BUILTIN_SCHEMA_VERSION = '1.30';

/**
 * Every CEL rule of the CRDs in `crdDir`, by "apiVersion/kind": [{ path, rule, message }]. `path` is the schema path
 * of the node the rule is on (`.spec.template.spec`, `[]` for array items), as kubectl-validate reports it without
 * the indexes.
 */
export function celRules(crdDir) {
  const rules = new Map();
  for (const { crd } of loadCrds(crdDir)) {
    for (const v of crd.spec.versions ?? []) {
      const key = `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`;
      const list = [];
      const walk = (node, at) => {
        if (!node || typeof node !== 'object') return;
        for (const r of node['x-kubernetes-validations'] ?? [])
          list.push({ path: at, rule: r.rule, message: r.message });
        for (const [name, sub] of Object.entries(node.properties ?? {})) walk(sub, `${at}.${name}`);
        if (node.items) walk(node.items, `${at}[]`);
        if (node.additionalProperties && typeof node.additionalProperties === 'object')
          walk(node.additionalProperties, `${at}[*]`);
      };
      walk(v.schema?.openAPIV3Schema, '');
      rules.set(key, list);
    }
  }
  return rules;
}

/** The CEL rule a kubectl-validate cause comes from, when one of the kind's rules has its message and field. */
function ruleOf(cause, rules) {
  const field = `.${cause.field ?? ''}`.replace(/\[\d+\]/g, '[]').replace(/^\.$/, '');
  const hits = rules.filter(
    (r) =>
      (r.message ? cause.message?.includes(r.message) : cause.message?.includes(r.rule)) &&
      (r.path === field || !cause.field),
  );
  return hits.length === 1 ? hits[0] : undefined;
}

/** One line per cause of a kubectl-validate Status, with the CEL rule when the cause is one. */
function formatStatus(status, rules) {
  const causes = status.details?.causes ?? [];
  if (!causes.length) return [status.message ?? status.reason ?? 'invalid'];
  return causes.map((c) => {
    const rule = ruleOf(c, rules);
    const where = c.field ? `${c.field}: ` : '';
    return `${where}${c.message}${rule ? ` (CEL rule \`${rule.rule}\`)` : ''}`;
  });
}

/**
 * Runs kubectl-validate over `items` ([{ label, doc }], doc.obj the object), one JSON file per document (JSON: no
 * YAML 1.1 reading of `on`/`yes` strings as booleans). Returns { results: [{ label, doc, errors: string[] }] } or
 * { error } when the tool gave no usable report.
 */
export function kubectlValidate(items, { tool, crdDir, tmp, env }) {
  const dir = path.join(tmp, 'kubectl-validate');
  const kubeconfig = path.join(tmp, 'kubectl-validate.kubeconfig');
  mkdirSync(dir, { recursive: true });
  // An empty kubeconfig: kubectl-validate asks a configured cluster for schemas first (openapiclient.NewKubeConfig).
  writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\n');
  const files = items.map((item, i) => {
    const file = path.join(dir, `${String(i).padStart(4, '0')}.json`);
    writeFileSync(file, JSON.stringify(item.doc.obj));
    return file;
  });
  if (!files.length) return { results: [] };
  const r = run(tool, ['--version', BUILTIN_SCHEMA_VERSION, '--local-crds', crdDir, '--output', 'json', dir], {
    env: {
      ...env,
      KUBECONFIG: kubeconfig,
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '',
    },
  });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    return {
      error: `kubectl-validate gave no JSON report (exit ${r.code}): ${(r.stderr || r.error || r.stdout).trim().split('\n')[0]}`,
    };
  }
  const rules = celRules(crdDir);
  const results = items.map((item, i) => {
    const statuses = report[files[i]] ?? [];
    if (!statuses.length) return { ...item, errors: ['kubectl-validate did not report this document'] };
    const obj = item.doc.obj;
    const kindRules = rules.get(`${obj.apiVersion}/${obj.kind}`) ?? [];
    const errors = statuses.filter((s) => s.status !== 'Success').flatMap((s) => formatStatus(s, kindRules));
    return { ...item, errors };
  });
  return { results };
}
