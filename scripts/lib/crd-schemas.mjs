// Strict JSON schemas for kubeconform, derived at test time from the pinned CRDs (shared/reference/crds).
//
// kubeconform -strict only rejects unknown fields where a schema says `additionalProperties: false`; a CRD's
// openAPIV3Schema never does (the API server prunes unknown fields instead). So, like kubeconform's
// openapi2jsonschema with its strict option, every object schema with `properties` and without
// `additionalProperties` or `x-kubernetes-preserve-unknown-fields: true` is closed, `metadata` becomes a
// strict ObjectMeta and `apiVersion`/`kind` are pinned to the exact values.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The CRD folders of shared/reference/crds that match the pinned platform versions (DESIGN.md), in
 * precedence order. `cluster-api/` (v1.14) and `ipam-in-cluster/` (v1.0) are left out on purpose: they would
 * shadow CAPI v1.12 and in-cluster IPAM v1.1.
 */
export const DEFAULT_CRD_FOLDERS = Object.freeze([
  'cluster-api-v1.12',
  'ipam-in-cluster-v1.1',
  'cluster-api-operator',
  'capmox',
  'cabpt',
  'cacppt',
  'argo-cd',
  'cilium',
  'cert-manager',
  'external-secrets',
  'velero',
  'flux',
  'caaph',
  'kyverno',
]);

/**
 * kubeconform v0.7.0 `-schema-location` template for a schema folder laid out by writeSchemaDir. Its
 * template data (pkg/registry/registry.go) are Group (apiVersion before `/`, `v1` for the core group),
 * ResourceKind (lower-cased kind) and ResourceAPIVersion (apiVersion after `/`).
 */
export function schemaLocationTemplate(schemaDir) {
  return `${schemaDir}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;
}

/** The file writeSchemaDir writes for one kind; same naming as schemaLocationTemplate. */
export function schemaFileFor(schemaDir, apiVersion, kind) {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? apiVersion : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  return path.join(schemaDir, group, `${kind.toLowerCase()}_${version}.json`);
}

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };

/** ObjectMeta (meta/v1) with every field a client may send, and nothing else. */
export const STRICT_OBJECT_META = Object.freeze({
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    generateName: { type: 'string' },
    namespace: { type: 'string' },
    labels: stringMap,
    annotations: stringMap,
    finalizers: { type: 'array', items: { type: 'string' } },
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['apiVersion', 'kind', 'name', 'uid'],
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          name: { type: 'string' },
          uid: { type: 'string' },
          controller: { type: 'boolean' },
          blockOwnerDeletion: { type: 'boolean' },
        },
      },
    },
    uid: { type: 'string' },
    resourceVersion: { type: 'string' },
    generation: { type: 'integer' },
    selfLink: { type: 'string' },
    creationTimestamp: { type: ['string', 'null'] },
    deletionTimestamp: { type: ['string', 'null'] },
    deletionGracePeriodSeconds: { type: 'integer' },
    managedFields: { type: 'array', items: { type: 'object' } },
  },
});

const clone = (v) => JSON.parse(JSON.stringify(v));

function isOpen(schema) {
  return schema['x-kubernetes-preserve-unknown-fields'] === true;
}

/**
 * Returns a strict copy of one OpenAPI v3 (structural) schema node, recursively:
 * - closes objects that list `properties` (unless they preserve unknown fields or set additionalProperties);
 * - `x-kubernetes-int-or-string: true` accepts an integer or a string;
 * - `nullable: true` also accepts null;
 * - `x-kubernetes-embedded-resource: true` objects get apiVersion/kind and a strict metadata.
 * Sub-schemas of anyOf/oneOf/allOf/not are value validations over the same object and stay as they are.
 */
export function strictify(node) {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const out = { ...node };

  if (out['x-kubernetes-int-or-string'] === true && out.type === undefined && out.anyOf === undefined) {
    out.type = ['integer', 'string'];
  }
  if (out.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }

  if (out.properties && typeof out.properties === 'object') {
    const props = {};
    for (const [key, sub] of Object.entries(out.properties)) props[key] = strictify(sub);
    out.properties = props;
  }
  if (out['x-kubernetes-embedded-resource'] === true && !isOpen(out)) {
    out.properties = {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      ...(out.properties ?? {}),
      metadata: clone(STRICT_OBJECT_META),
    };
  }
  if (out.items && typeof out.items === 'object') {
    out.items = Array.isArray(out.items) ? out.items.map(strictify) : strictify(out.items);
  }
  if (out.additionalProperties && typeof out.additionalProperties === 'object') {
    out.additionalProperties = strictify(out.additionalProperties);
  }
  if (out.properties && out.additionalProperties === undefined && !isOpen(out)) {
    out.additionalProperties = false;
  }
  return out;
}

/** The strict schema of one served version of a CRD. */
export function strictSchemaFor(crd, version) {
  const group = crd.spec.group;
  const kind = crd.spec.names.kind;
  const apiVersion = `${group}/${version.name}`;
  const source = version.schema?.openAPIV3Schema;
  if (!source) throw new Error(`CRD ${crd.metadata?.name}: version ${version.name} has no openAPIV3Schema`);
  const schema = strictify(clone(source));
  schema.type = 'object';
  schema.properties = {
    ...(schema.properties ?? {}),
    apiVersion: { type: 'string', enum: [apiVersion] },
    kind: { type: 'string', enum: [kind] },
    metadata: clone(STRICT_OBJECT_META),
  };
  schema.required = [...new Set(['apiVersion', 'kind', ...(schema.required ?? [])])];
  if (!isOpen(schema)) schema.additionalProperties = false;
  schema.description = `${kind} ${apiVersion}, strict (derived from CRD ${crd.metadata?.name} by scripts/lib/crd-schemas.mjs)`;
  return schema;
}

/** Every served version of one CRD: [{ group, kind, version, apiVersion, schema }]. */
export function crdToSchemas(crd) {
  if (crd?.kind !== 'CustomResourceDefinition') return [];
  if (!String(crd.apiVersion).startsWith('apiextensions.k8s.io/v1')) {
    throw new Error(`${crd.metadata?.name}: unsupported CRD apiVersion ${crd.apiVersion}`);
  }
  return (crd.spec.versions ?? [])
    .filter((v) => v.served !== false)
    .map((v) => ({
      group: crd.spec.group,
      kind: crd.spec.names.kind,
      version: v.name,
      apiVersion: `${crd.spec.group}/${v.name}`,
      schema: strictSchemaFor(crd, v),
    }));
}

function yamlFilesUnder(dir) {
  const files = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) files.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/.test(entry)) files.push(full);
  }
  return files;
}

/** Reads every CRD in the given folders (recursively) of crdRoot: [{ file, crd }]. */
export function loadCrds(crdRoot, folders = DEFAULT_CRD_FOLDERS) {
  const crds = [];
  for (const folder of folders) {
    const dir = path.join(crdRoot, folder);
    let files;
    try {
      files = yamlFilesUnder(dir);
    } catch (err) {
      throw new Error(`CRD folder ${dir} cannot be read (${err.code ?? err.message}); pass --crds DIR`);
    }
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
        const crd = doc.toJS();
        if (crd?.kind === 'CustomResourceDefinition') crds.push({ file, crd });
      }
    }
  }
  return crds;
}

/**
 * Writes `<outDir>/<group>/<kind>_<version>.json` for every served version of every CRD in the folders.
 * Two different CRDs for the same group/kind/version are an error (one pinned folder would shadow another).
 * Returns { count, kinds: Map<"apiVersion/kind", { file, source }> }.
 */
export function writeSchemaDir(crdRoot, outDir, { folders = DEFAULT_CRD_FOLDERS } = {}) {
  const kinds = new Map();
  for (const { file, crd } of loadCrds(crdRoot, folders)) {
    for (const s of crdToSchemas(crd)) {
      const key = `${s.apiVersion}/${s.kind}`;
      const target = schemaFileFor(outDir, s.apiVersion, s.kind);
      const text = JSON.stringify(s.schema);
      const seen = kinds.get(key);
      if (seen) {
        if (seen.text !== text) {
          throw new Error(
            `${s.kind} ${s.apiVersion} is defined by both ${seen.source} and ${file}; ` +
              'keep one of these folders out of the CRD folder list',
          );
        }
        continue;
      }
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
      kinds.set(key, { file: target, source: file, text });
    }
  }
  for (const v of kinds.values()) delete v.text;
  return { count: kinds.size, kinds };
}
