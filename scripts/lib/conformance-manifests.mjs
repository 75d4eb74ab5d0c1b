// Conformance (b): every Kubernetes document of the trees (and `helm template` of every chart folder): custom kinds
// with kubeconform -strict against schemas derived from the pinned CRDs, built-in kinds with kubernetes-models plus
// an unknown-field check, then kubectl-validate over all of them; and `kustomize build` of every kustomization.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { rel } from './conformance-common.mjs';
import { schemaLocationTemplate, writeSchemaDir } from './crd-schemas.mjs';
import { validateCoreDocuments } from './core-validate.mjs';
import { BUILTIN_SCHEMA_VERSION, kubectlValidate } from './kubectl-validate.mjs';
import { describe, findChartDirs, listFiles, manifestFiles, routeDocument, splitYamlDocuments } from './documents.mjs';
import { hasSopsMetadata } from './sops.mjs';
import { run } from './tools.mjs';

/** Collects documents from manifest files and rendered charts: [{ label, file, docs }]. */
export function collectManifests(k8sDir, extraChartRoots, ctx) {
  const { report, tools, env, tmp } = ctx;
  const sources = [];
  const charts = [...new Set([k8sDir, ...extraChartRoots].filter(Boolean).flatMap((d) => findChartDirs(d)))];
  if (k8sDir) {
    for (const file of manifestFiles(k8sDir, charts)) {
      sources.push({ label: rel(file), file, docs: splitYamlDocuments(readFileSync(file, 'utf8'), rel(file)) });
    }
  }
  const helmHome = path.join(tmp, 'helm');
  const helmEnv = {
    ...env,
    HELM_CACHE_HOME: path.join(helmHome, 'cache'),
    HELM_CONFIG_HOME: path.join(helmHome, 'config'),
    HELM_DATA_HOME: path.join(helmHome, 'data'),
  };
  for (const chart of charts) {
    const label = `${rel(chart)} (helm template)`;
    const r = run(tools.helm, ['template', 'conformance', chart, '--namespace', 'default'], { env: helmEnv });
    if (r.code !== 0) {
      report.add('helm template', rel(chart), 'FAIL', (r.stderr || r.error || '').trim().split('\n')[0]);
      continue;
    }
    const docs = splitYamlDocuments(r.stdout, label);
    report.add('helm template', rel(chart), 'PASS', `${docs.length} document(s)`);
    sources.push({ label, file: undefined, docs });
  }
  return sources;
}

export async function checkManifests(sources, ctx) {
  const { report, tools, env, tmp, opts } = ctx;
  const perSource = new Map(sources.map((s) => [s.label, { errors: [], core: 0, custom: 0, tool: 0, sops: 0 }]));
  const core = [];
  const custom = [];
  for (const s of sources) {
    for (let doc of s.docs) {
      const route = routeDocument(doc);
      if (route === 'invalid') {
        perSource
          .get(s.label)
          .errors.push(
            `document ${doc.index + 1} (line ${doc.line}): ${doc.error ?? 'not a Kubernetes object (needs apiVersion and kind)'}`,
          );
        continue;
      }
      if (route === 'tool-config') {
        perSource.get(s.label).tool++;
        continue;
      }
      // a SOPS file is checked as the object it decrypts to: without its `sops` metadata, and with base64 where the
      // encrypted `data` values are (both kubeconform and kubectl-validate read them as bytes)
      if (hasSopsMetadata(doc.obj)) {
        const obj = { ...doc.obj };
        delete obj.sops;
        doc = withSopsDataDecodable({ ...doc, obj });
        perSource.get(s.label).sops++;
      }
      if (route === 'core') core.push({ s, doc });
      else custom.push({ s, doc });
    }
  }
  checkWithKubectlValidate([...custom, ...core], ctx);

  // built-in kinds
  if (core.length) {
    const results = await validateCoreDocuments(core.map((c) => c.doc));
    results.forEach((r, i) => {
      const entry = perSource.get(core[i].s.label);
      entry.core++;
      for (const e of r.errors) entry.errors.push(`${describe(r.doc.obj)}: ${e.path || '/'}: ${e.msg}`);
    });
  }

  // custom kinds: kubeconform with the CRD-derived strict schemas, and no other schema location
  if (custom.length) {
    const schemaDir = path.join(tmp, 'schemas');
    let derived;
    try {
      derived = writeSchemaDir(ctx.opts.crds, schemaDir);
    } catch (err) {
      report.add('crd schemas', rel(opts.crds), 'FAIL', err.message);
      return;
    }
    report.add('crd schemas', rel(opts.crds), 'PASS', `${derived.count} strict schemas from the pinned CRDs`);
    const kcDir = path.join(tmp, 'kubeconform');
    mkdirSync(kcDir, { recursive: true });
    const byTmp = new Map();
    const bySource = new Map();
    for (const c of custom) {
      if (!bySource.has(c.s.label)) bySource.set(c.s.label, []);
      bySource.get(c.s.label).push(c.doc);
    }
    let n = 0;
    for (const [label, docs] of bySource) {
      const file = path.join(kcDir, `${String(n++).padStart(4, '0')}.yaml`);
      writeFileSync(file, docs.map((d) => stringifyYaml(d.obj, { lineWidth: 0 })).join('---\n'));
      byTmp.set(file, { label, docs });
      perSource.get(label).custom += docs.length;
    }
    const kc = run(
      tools.kubeconform,
      [
        '-strict',
        '-summary',
        '-verbose',
        '-output',
        'json',
        '-n',
        '2',
        '-schema-location',
        schemaLocationTemplate(schemaDir),
        ...byTmp.keys(),
      ],
      { env },
    );
    let out;
    try {
      out = JSON.parse(kc.stdout);
    } catch {
      report.add(
        'kubeconform',
        `${custom.length} document(s)`,
        'FAIL',
        `kubeconform gave no JSON (exit ${kc.code}): ${(kc.stderr || kc.error || '').trim().split('\n')[0]}`,
      );
      return;
    }
    for (const r of out.resources ?? []) {
      if (r.status === 'statusValid' || r.status === 'statusEmpty') continue;
      const src = byTmp.get(r.filename);
      const label = src?.label ?? r.filename;
      const doc = src?.docs.find((d) => d.obj.kind === r.kind && d.obj.metadata?.name === r.name);
      const who = doc ? describe(doc.obj) : `${r.kind}/${r.name}`;
      const entry = perSource.get(label) ?? { errors: [] };
      if (r.validationErrors?.length) {
        for (const ve of r.validationErrors) entry.errors.push(`${who}: ${ve.path || '/'}: ${ve.msg}`);
      } else {
        entry.errors.push(`${who}: ${r.msg || r.status}`);
      }
    }
  }

  for (const [label, e] of perSource) {
    const total = e.core + e.custom;
    const notes = [
      e.sops ? `${e.sops} SOPS document(s) checked without their sops metadata` : '',
      e.tool ? `${e.tool} kustomize/KSOPS config document(s) not schema-checked` : '',
    ].filter(Boolean);
    const extra = notes.length ? `; ${notes.join('; ')}` : '';
    if (e.errors.length) report.add('kubeconform', label, 'FAIL', e.errors.join('\n'));
    else if (total === 0 && !e.tool) report.add('kubeconform', label, 'WARN', 'no Kubernetes documents');
    else if (total === 0)
      report.add(
        'kubeconform',
        label,
        'PASS',
        'kustomize/KSOPS configuration only (not cluster objects; not schema-checked)',
      );
    else
      report.add(
        'kubeconform',
        label,
        'PASS',
        `${total} document(s): ${e.custom} by kubeconform -strict, ${e.core} built-in by kubernetes-models${extra}`,
      );
  }
}

/**
 * A SOPS-encrypted Secret's `data` values are `ENC[...]` strings, not base64: kubeconform and kubectl-validate
 * reject them as bytes. They are checked as what they decrypt to, a base64 value, so each becomes an empty one (the
 * keys stay).
 */
function withSopsDataDecodable(doc) {
  const data = doc.obj?.data;
  if (doc.obj?.kind !== 'Secret' || !data || typeof data !== 'object') return doc;
  if (!Object.values(data).some((v) => typeof v === 'string' && v.startsWith('ENC['))) return doc;
  const decodable = Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, typeof v === 'string' && v.startsWith('ENC[') ? '' : v]),
  );
  return { ...doc, obj: { ...doc.obj, data: decodable } };
}

/**
 * kubectl-validate over every cluster object of both trees: one row per source with a problem (object, field, CEL
 * rule), and one row that counts every document checked.
 */
function checkWithKubectlValidate(entries, ctx) {
  const { report, tools, env, tmp, opts } = ctx;
  const check = 'kubectl-validate';
  if (!entries.length) return;
  const items = entries.map(({ s, doc }) => ({ label: s.label, doc }));
  const { results, error } = kubectlValidate(items, { tool: tools['kubectl-validate'], crdDir: opts.crds, tmp, env });
  if (error) {
    report.add(check, `${items.length} document(s)`, 'FAIL', error);
    return;
  }
  const bySource = new Map();
  for (const r of results) {
    if (!bySource.has(r.label)) bySource.set(r.label, { docs: 0, errors: [] });
    const e = bySource.get(r.label);
    e.docs++;
    e.errors.push(...r.errors.map((msg) => `${describe(r.doc.obj)}: ${msg}`));
  }
  let invalid = 0;
  for (const [label, e] of bySource) {
    if (e.errors.length) {
      invalid++;
      report.add(check, label, 'FAIL', e.errors.join('\n'));
    } else if (opts.verbose) report.add(check, label, 'PASS', `${e.docs} document(s)`);
  }
  const bad = results.filter((r) => r.errors.length).length;
  report.add(
    check,
    `every document: ${results.length} in ${bySource.size} file(s)`,
    bad ? 'FAIL' : 'PASS',
    `${bad ? `${bad} invalid in ${invalid} file(s); ` : ''}custom kinds against ${rel(opts.crds)} with their CEL rules, ` +
      `built-in kinds against the Kubernetes ${BUILTIN_SCHEMA_VERSION} OpenAPI kubectl-validate embeds`,
  );
}

/**
 * `kustomize build` (what Argo CD's repo-server and `kubectl kustomize` run) on every folder of the tree that has a
 * kustomization. A kustomization with KSOPS generators needs the KSOPS exec plugin, which cannot be installed here
 * (the Go proxy refuses github.com/viaduct-ai/kustomize-sops): it is reported as SKIP, never as PASS.
 */
export function checkKustomizations(k8sDir, ctx) {
  const { report, tools, env } = ctx;
  const files = listFiles(k8sDir).filter((f) => /^kustomization\.ya?ml$/.test(path.basename(f)));
  for (const file of files) {
    const dir = path.dirname(file);
    const ksops = readdirSync(dir).some((f) => /\.ksops\.ya?ml$/.test(f));
    if (ksops) {
      report.add('kustomize build', rel(dir), 'SKIP', 'KSOPS generator: the KSOPS plugin cannot be installed here');
      continue;
    }
    const r = run(tools.kustomize, ['build', dir], { env });
    if (r.code !== 0)
      report.add('kustomize build', rel(dir), 'FAIL', (r.stderr || r.error || '').trim().split('\n')[0]);
    else
      report.add('kustomize build', rel(dir), 'PASS', `${splitYamlDocuments(r.stdout, rel(dir)).length} document(s)`);
  }
  if (files.length === 0) report.add('kustomize build', rel(k8sDir), 'PASS', 'no kustomization in the tree');
}
