// cdk8s bindings from CRDs for scripts/import.mjs.
//
// Per API group in imports/sources.json (crds.groups):
// 1. read each CRD file from the mirror (--mirror DIR: DIR/crds/<mirrorPath>) or from its pinned upstream URL,
//    and check it against the git blob id recorded in sources.json;
// 2. pre-filter: keep only the listed kinds, and of each only the listed versions (which must exist and be
//    served: the script prints every kind's versions and fails on a mismatch);
// 3. write those kinds and versions, unpruned, as conformance data: imports/crds/<group>.yaml
//    (scripts/lib/import-crd-data.mjs);
// 4. of the kinds the code constructs (`bindings`, a subset of `kinds`), apply the pruning rules below, which only
//    remove schema text that cannot change the generated types' shape, and generate TypeScript with cdk8s-cli's CRD
//    importer (the code behind `cdk8s import <crd.yaml> --language typescript`): imports/k8s/<group>.ts. A group
//    with no bindings gets no TypeScript file (conformance still knows its kinds).
//
// Pruning rules (pre-filter only; the generated file is never edited):
// - `status` (and subresources, printer columns) is dropped from every kept version: cdk8s generates no
//   type for it (we never write status), so this only saves parsing.
// - Per-group `opaque` entries ({ kinds, paths, reason }): each schema path (dot-separated property names,
//   `*` = any property, `[]` = the items of an array, `**` = any depth) is replaced by an object with
//   `x-kubernetes-preserve-unknown-fields: true`, which cdk8s types as `any`. The field can still be set
//   (the API server validates it against the real CRD); it is only not type-checked here. Every path must
//   match at least once, so a rule that no longer applies after a version bump fails the import. Used where
//   a CRD repeats one large schema many times (Argo CD ApplicationSet: the whole Application template again
//   in every generator) and the repeated copies are optional overrides we do not set.
/* global structuredClone */ // Node 20 global
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { conformanceCrd, crdDataFile } from './import-crd-data.mjs';
import {
  jsonHeader,
  readPinnedFile,
  readTranscribedFile,
  stableJson,
  tsHeader,
  upstreamUrl,
} from './import-common.mjs';

const require = createRequire(import.meta.url);
const YAML = require('yaml');
// cdk8s-cli has no public API for its importer (its package "exports" only lists ./plugins), so load the
// module by file path; cdk8s-cli is pinned exactly in package.json.
const cdk8sCliDir = path.dirname(require.resolve('cdk8s-cli/package.json'));
const { ImportCustomResourceDefinition } = require(path.join(cdk8sCliDir, 'lib', 'import', 'crd.js'));
const { CodeMaker } = require(require.resolve('codemaker', { paths: [cdk8sCliDir] }));
const CDK8S_CLI_VERSION = require(path.join(cdk8sCliDir, 'package.json')).version;

async function readCrdFile(group, file, { mirrorDir, urlTemplate }) {
  if (file.localCopy) {
    const { upstreamRepo, tag } = group;
    return readTranscribedFile({
      label: group.group,
      localCopy: file.localCopy,
      upstreamRepo,
      tag,
      upstreamPath: file.upstreamPath,
      gitBlob: file.gitBlob,
    }).toString('utf8');
  }
  const buf = await readPinnedFile({
    label: group.group,
    mirrorDir,
    mirrorPath: file.mirrorPath,
    url: upstreamUrl(urlTemplate, group, file.upstreamPath),
    gitBlob: file.gitBlob,
  });
  return buf.toString('utf8');
}

function wantedVersions(group, kind) {
  return (group.versionsByKind && group.versionsByKind[kind]) || group.versions || [];
}

function versionFlags(v) {
  return [v.served ? 'served' : 'not served', v.storage && 'storage', v.deprecated && 'deprecated']
    .filter(Boolean)
    .join(',');
}

const OPAQUE_NOTE = 'Untyped in this binding (imports/sources.json "opaque" rule); the API server validates it.';

/** Replace every schema node at `pathExpr` (see the pruning rules above) by an untyped object; returns the count. */
export function makeOpaque(schema, pathExpr) {
  const steps = [];
  for (const seg of pathExpr.split('.')) {
    const m = /^([^[\]]+)((?:\[\])*)$/.exec(seg);
    if (!m) throw new Error(`bad opaque path ${pathExpr}`);
    steps.push(m[1] === '**' ? { deep: true } : { prop: m[1] });
    for (let i = 0; i < m[2].length / 2; i++) steps.push({ items: true });
  }
  let count = 0;
  const replaced = new Set();
  const children = (node) => [
    ...Object.entries(node.properties || {}).map(([k, v]) => [node.properties, k, v]),
    ...(node.items && typeof node.items === 'object' ? [[node, 'items', node.items]] : []),
    ...(node.additionalProperties && typeof node.additionalProperties === 'object'
      ? [[node, 'additionalProperties', node.additionalProperties]]
      : []),
  ];
  const visit = (node, i, parent, key) => {
    if (!node || typeof node !== 'object' || replaced.has(node)) return;
    if (i === steps.length) {
      const desc = node.description ? `${node.description}\n\n${OPAQUE_NOTE}` : OPAQUE_NOTE;
      const opaque = { description: desc, type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      replaced.add(opaque);
      parent[key] = opaque;
      count++;
      return;
    }
    const step = steps[i];
    if (step.deep) {
      visit(node, i + 1, parent, key); // zero levels
      for (const [p, k, v] of children(node)) visit(v, i, p, k); // one more level
      return;
    }
    if (step.items) {
      if (node.items) visit(node.items, i + 1, node, 'items');
      return;
    }
    const props = node.properties || {};
    for (const name of step.prop === '*' ? Object.keys(props) : [step.prop]) {
      if (props[name]) visit(props[name], i + 1, props, name);
    }
  };
  visit(schema, 0, undefined, undefined);
  return count;
}

/**
 * Read, check and filter the CRDs of one group. Returns { crds, conformance, report, problems }: `crds` for the
 * binding generator, `conformance` (the kept versions, nothing pruned) for imports/crds/.
 */
async function loadGroup(group, opts) {
  const problems = [];
  const report = [];
  const found = new Map();
  for (const file of group.files) {
    const text = await readCrdFile(group, file, opts);
    for (const doc of YAML.parseAllDocuments(text)) {
      const obj = doc.toJS();
      if (!obj || obj.kind !== 'CustomResourceDefinition') continue;
      const spec = obj.spec || {};
      if (spec.group !== group.group) continue;
      found.set(spec.names.kind, { obj, file: file.mirrorPath ?? file.localCopy });
    }
  }
  const crds = [];
  const conformance = [];
  const bindings = group.bindings ?? [];
  for (const kind of bindings) {
    if (!group.kinds.includes(kind))
      problems.push(`${group.group}: binding ${kind} is not in kinds (add it there too)`);
  }
  for (const rule of group.opaque || []) {
    for (const kind of rule.kinds) {
      if (!bindings.includes(kind))
        problems.push(`${group.group}: opaque rule for ${kind}, which has no binding (remove the rule)`);
    }
  }
  for (const kind of group.kinds) {
    const hit = found.get(kind);
    if (!hit) {
      problems.push(
        `${group.group}: kind ${kind} not found in ${group.files.map((f) => f.mirrorPath ?? f.localCopy).join(', ')}`,
      );
      continue;
    }
    const { obj } = hit;
    const all = obj.spec.versions || [];
    const want = wantedVersions(group, kind);
    conformance.push(conformanceCrd(obj, want));
    report.push(
      `${group.group}/${kind} [${obj.spec.scope}]: ${all.map((v) => `${v.name}(${versionFlags(v)})`).join(' ')} -> keep ${want.join(', ')}`,
    );
    for (const w of want) {
      const v = all.find((x) => x.name === w);
      if (!v)
        problems.push(`${group.group}/${kind}: version ${w} not in the CRD (has ${all.map((x) => x.name).join(', ')})`);
      else if (!v.served) problems.push(`${group.group}/${kind}: version ${w} is not served`);
      else if (v.deprecated) report.push(`  note: ${group.group}/${kind} ${w} is deprecated upstream`);
    }
    if (!bindings.includes(kind)) continue;
    const kept = all
      .filter((v) => want.includes(v.name))
      .map((v) => {
        const copy = structuredClone(v);
        if (copy.schema?.openAPIV3Schema?.properties) delete copy.schema.openAPIV3Schema.properties.status;
        if (Array.isArray(copy.schema?.openAPIV3Schema?.required)) {
          copy.schema.openAPIV3Schema.required = copy.schema.openAPIV3Schema.required.filter((r) => r !== 'status');
        }
        delete copy.subresources;
        delete copy.additionalPrinterColumns;
        return copy;
      });
    // Only what the importer reads: apiVersion, kind, metadata.name, spec.{group,names,scope,versions}.
    const filtered = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      metadata: { name: obj.metadata.name },
      spec: { group: obj.spec.group, names: obj.spec.names, scope: obj.spec.scope, versions: kept },
    };
    for (const rule of (group.opaque || []).filter((r) => r.kinds.includes(kind))) {
      for (const v of filtered.spec.versions) {
        if (rule.versions && !rule.versions.includes(v.name)) continue;
        for (const p of rule.paths) {
          const n = makeOpaque(v.schema.openAPIV3Schema, p);
          if (!n)
            problems.push(
              `${group.group}/${kind} ${v.name}: opaque path ${p} matches nothing (update imports/sources.json)`,
            );
          else report.push(`  opaque: ${kind} ${v.name} ${p} (${n} node${n > 1 ? 's' : ''})`);
        }
      }
    }
    crds.push(filtered);
  }
  return { crds, conformance, report, problems };
}

/** Run cdk8s-cli's CRD importer on YAML text; returns the TypeScript of the group's module. */
async function importCrds(yamlText, groupName, header) {
  const importer = new ImportCustomResourceDefinition(yamlText);
  if (importer.moduleNames.length !== 1 || importer.moduleNames[0] !== groupName) {
    throw new Error(`${groupName}: importer saw groups ${importer.moduleNames.join(', ')}`);
  }
  const code = new CodeMaker();
  const fileName = `${groupName}.ts`;
  code.openFile(fileName);
  code.indentation = 2;
  for (const line of header.trimEnd().split('\n')) code.line(line);
  const origLog = console.log;
  console.log = () => {}; // the importer prints each CRD key
  try {
    await importer.generateTypeScript(code, groupName, {});
  } finally {
    console.log = origLog;
  }
  code.closeFile(fileName);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'import-k8s-'));
  try {
    await code.save(tmp);
    return withPlainApiObject(withDefinedEntries(fs.readFileSync(path.join(tmp, fileName), 'utf8')));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// The importer drops undefined values with `Object.entries(x).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r,
// [i[0]]: f(i[1]) }), {})`: the spread copies the object once per property (quadratic in keys), and every toJson_*
// function ends with one. This rewrites each to a call of one linear helper appended to the file, with the same
// result: same keys in the same order (Object.entries order), undefined values dropped before f is called, f's
// result kept even when undefined, `__proto__` an own key as with a computed key in a literal.
// test/imports/defined-entries.test.ts compares the two on tricky inputs and on the generated toJson_* functions.
const REDUCE_RE =
  /Object\.entries\(([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (i\[1\]|i\[1\]\?\.value|toJson_\w+\(i\[1\]\)) \}\), \{\}\)/g;

export const DEFINED_ENTRIES_HELPER = `
/**
 * Object.entries(obj) without undefined values, each mapped by fn, as an object: what the importer's
 * reduce-with-spread computes, in one pass (see scripts/lib/import-k8s.mjs).
 */
export function definedEntries_(obj: { [key: string]: any }, fn?: (value: any) => any): { [key: string]: any } {
  const out: { [key: string]: any } = {};
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const v = fn === undefined ? value : fn(value);
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out;
}
`;

/** Generated TypeScript with each undefined-dropping reduce replaced by the linear helper (appended when used). */
export function withDefinedEntries(ts) {
  let used = false;
  const out = ts.replace(REDUCE_RE, (_, target, value) => {
    used = true;
    if (value === 'i[1]') return `definedEntries_(${target})`;
    if (value === 'i[1]?.value') return `definedEntries_(${target}, (v) => v?.value)`;
    return `definedEntries_(${target}, ${value.slice(0, -'(i[1])'.length)})`;
  });
  if (out.includes('reduce((r, i)')) throw new Error('generated code has an undefined-dropping reduce of a new shape');
  return used ? out + DEFINED_ENTRIES_HELPER : out;
}

// The classes extend lib/core/api-object.ts's ApiObject (cdk8s's, with a one-pass toJson() for plain data and the
// same output): at 1000 clusters cdk8s's resolve() was about 450 ms of the synth.
const CDK8S_IMPORT = "import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';";
const PLAIN_API_OBJECT_IMPORT =
  "import { ApiObjectMetadata, GroupVersionKind } from 'cdk8s';\nimport { ApiObject } from '../../lib/core/api-object';";

/** Generated TypeScript whose classes extend lib/core/api-object.ts's ApiObject instead of cdk8s's. */
export function withPlainApiObject(ts) {
  if (!ts.includes(CDK8S_IMPORT)) throw new Error(`generated code lacks the import it rewrites: ${CDK8S_IMPORT}`);
  return ts.replace(CDK8S_IMPORT, PLAIN_API_OBJECT_IMPORT);
}

/** Class name, apiVersion and kind of each ApiObject class in generated code. */
function classesOf(ts) {
  const out = {};
  const re = /export class (\w+) extends ApiObject \{[\s\S]*?apiVersion: '([^']+)',\s*kind: '([^']+)'/g;
  let m;
  while ((m = re.exec(ts))) out[`${m[2]}/${m[3]}`] = m[1];
  return out;
}

/**
 * Generate imports/k8s/<group>.ts (bindings) and imports/crds/<group>.yaml (conformance data) for every group in
 * sources.json into `tree`.
 * Returns { problems, notes, report }.
 */
export async function generateK8s(sources, tree, options) {
  const { log } = options;
  const crdSources = sources.crds;
  const problems = [];
  const notes = [];
  const manifest = { '//': jsonHeader('imports/sources.json (crds.groups)'), cdk8sCli: CDK8S_CLI_VERSION, groups: {} };
  tree.own('k8s/');
  tree.own('crds/');
  const opts = { mirrorDir: options.mirrorDir, urlTemplate: sources.upstreamUrl };
  log(
    options.mirrorDir ? `k8s: reading CRDs from ${options.mirrorDirLabel}` : 'k8s: reading CRDs from the upstream URLs',
  );

  for (const group of crdSources.groups) {
    if (group.generate === false) {
      notes.push(`k8s ${group.group}: not generated ("generate": false)`);
      continue;
    }
    let loaded;
    try {
      loaded = await loadGroup(group, opts);
    } catch (e) {
      problems.push(e.message);
      continue;
    }
    for (const line of loaded.report) log(`  ${line}`);
    if (loaded.problems.length) {
      problems.push(...loaded.problems);
      continue;
    }
    tree.add(`crds/${group.group}.yaml`, crdDataFile(group, loaded.conformance));
    if (!loaded.crds.length) {
      if (group.output) problems.push(`${group.group}: output ${group.output} but no bindings (remove output)`);
      continue;
    }
    const yamlText = loaded.crds.map((c) => YAML.stringify(c, { lineWidth: 0 })).join('---\n');
    const ref = group.tag ? `${group.tag} (${group.commit.slice(0, 12)})` : group.commit;
    const header = tsHeader(`${group.upstreamRepo}@${ref}; kinds ${group.bindings.join(', ')}`);
    const ts = await importCrds(yamlText, group.group, header);
    const rel = path.posix.relative('imports', group.output ?? '');
    if (rel !== `k8s/${group.group}.ts`)
      problems.push(`${group.group}: output must be imports/k8s/${group.group}.ts (is ${group.output})`);
    tree.add(rel, ts);
    const classes = classesOf(ts);
    const kinds = {};
    for (const crd of loaded.crds) {
      for (const v of crd.spec.versions) {
        const cls = classes[`${group.group}/${v.name}/${crd.spec.names.kind}`];
        if (!cls) problems.push(`${group.group}: no generated class for ${crd.spec.names.kind} ${v.name}`);
        kinds[`${crd.spec.names.kind}@${v.name}`] = { module: group.output.replace(/\.ts$/, ''), className: cls };
      }
    }
    manifest.groups[group.group] = { source: `${group.upstreamRepo}@${group.tag || group.commit}`, kinds };
  }
  tree.add('k8s/manifest.json', stableJson(manifest));
  return { problems, notes };
}
