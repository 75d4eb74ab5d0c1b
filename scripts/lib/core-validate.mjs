// Checks documents of the built-in Kubernetes API groups (kubeconform cannot: the default
// kubernetes-json-schema location is not reachable here).
//
// 1. Types, enums and required fields: the kubernetes-models validators (`new Kind(obj).validate()`).
// 2. Unknown fields (what `kubeconform -strict` adds): those validators accept any extra key, so the set of
//    known fields is read from the same package's type declarations (`I<Kind>` in <group>/<version>/<Kind>.d.ts)
//    with the TypeScript compiler, once per run for all kinds seen.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { groupOf } from './documents.mjs';

const require = createRequire(import.meta.url);

function modelsRoot() {
  return path.dirname(require.resolve('kubernetes-models/package.json'));
}

/** Module path of a kind in kubernetes-models (`v1/Namespace`, `apps/v1/Deployment`), or undefined. */
export function modelPath(apiVersion, kind) {
  const group = groupOf(apiVersion);
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  const rel = group === apiVersion ? `${apiVersion}/${kind}` : `${group}/${version}/${kind}`;
  return existsSync(path.join(modelsRoot(), `${rel}.d.ts`)) ? rel : undefined;
}

const LEAF = Object.freeze({ leaf: true });
const OPEN = Object.freeze({ open: true });

/**
 * Builds, from the .d.ts files, a field tree per kind: { props: Map<name, node>, extra?: node } for objects,
 * { array: node }, { map: node }, LEAF for scalars and OPEN where any value is allowed.
 */
export async function loadFieldTrees(rels) {
  const ts = (await import('typescript')).default;
  const root = modelsRoot();
  const files = rels.map((r) => path.join(root, `${r}.d.ts`));
  const program = ts.createProgram(files, {
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2020.d.ts'],
    moduleResolution: ts.ModuleResolutionKind.Node10,
  });
  const checker = program.getTypeChecker();
  const memo = new Map();
  const F = ts.TypeFlags;
  const SCALAR = F.StringLike | F.NumberLike | F.BooleanLike | F.BigIntLike | F.EnumLike;

  const build = (type) => {
    if (memo.has(type)) return memo.get(type);
    if (type.flags & (F.Any | F.Unknown)) return OPEN;
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & (F.Undefined | F.Null)));
      if (parts.length === 1) return build(parts[0]);
      if (parts.every((t) => t.flags & SCALAR)) return LEAF;
      return OPEN;
    }
    if (type.flags & SCALAR) return LEAF;
    if (checker.isArrayType(type)) {
      const node = {};
      memo.set(type, node);
      node.array = build(checker.getTypeArguments(type)[0]);
      return node;
    }
    if (type.flags & F.Object) {
      const props = checker.getPropertiesOfType(type);
      const index = checker.getIndexInfosOfType(type).find((i) => i.keyType.flags & F.String);
      if (props.length === 0) {
        const node = index ? {} : OPEN;
        memo.set(type, node);
        if (index) node.map = build(index.type);
        return node;
      }
      const node = { props: new Map() };
      memo.set(type, node);
      for (const p of props) {
        const decl = p.valueDeclaration ?? p.declarations?.[0];
        node.props.set(p.name, build(decl ? checker.getTypeOfSymbolAtLocation(p, decl) : checker.getTypeOfSymbol(p)));
      }
      if (index) node.extra = build(index.type);
      return node;
    }
    return OPEN;
  };

  const trees = new Map();
  for (const rel of rels) {
    const kind = path.basename(rel);
    const sf = program.getSourceFile(path.join(root, `${rel}.d.ts`));
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    const sym = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === `I${kind}`);
    trees.set(rel, sym ? build(checker.getDeclaredTypeOfSymbol(sym)) : OPEN);
  }
  return trees;
}

/** Unknown fields of value against a field tree: [{ path, msg }] (same wording as kubeconform). */
export function unknownFields(value, node, at = '', out = []) {
  if (!node || node === LEAF || node === OPEN || value === null || typeof value !== 'object') return out;
  if (node.array) {
    if (Array.isArray(value)) value.forEach((v, i) => unknownFields(v, node.array, `${at}/${i}`, out));
    return out;
  }
  if (Array.isArray(value)) return out;
  if (node.map) {
    for (const [k, v] of Object.entries(value)) unknownFields(v, node.map, `${at}/${k}`, out);
    return out;
  }
  if (!node.props) return out;
  const extra = [];
  for (const [k, v] of Object.entries(value)) {
    const sub = node.props.get(k) ?? node.extra;
    if (sub) unknownFields(v, sub, `${at}/${k}`, out);
    else extra.push(k);
  }
  if (extra.length) {
    out.push({ path: at || '/', msg: `additional properties ${extra.map((k) => `'${k}'`).join(', ')} not allowed` });
  }
  return out;
}

/**
 * Validates core-group documents. Returns, per document, { doc, ok, errors: [{ path, msg }] }; a kind that
 * kubernetes-models does not know fails with "no schema" (like kubeconform without -ignore-missing-schemas).
 */
export async function validateCoreDocuments(docs) {
  const rels = new Map();
  for (const d of docs) {
    const rel = modelPath(d.obj.apiVersion, d.obj.kind);
    if (rel) rels.set(rel, true);
  }
  const trees = rels.size ? await loadFieldTrees([...rels.keys()]) : new Map();
  const models = new Map();
  for (const rel of rels.keys()) {
    const mod = await import(pathToFileURL(path.join(modelsRoot(), `${rel}.mjs`)).href);
    models.set(rel, mod[path.basename(rel)]);
  }
  return docs.map((doc) => {
    const rel = modelPath(doc.obj.apiVersion, doc.obj.kind);
    if (!rel || !models.get(rel)) {
      return {
        doc,
        ok: false,
        errors: [{ path: '', msg: `could not find schema for ${doc.obj.kind} ${doc.obj.apiVersion}` }],
      };
    }
    const errors = [];
    try {
      new (models.get(rel))(doc.obj).validate();
    } catch (err) {
      for (const e of err.errors ?? [{ instancePath: '', message: err.message }]) {
        const detail = e.params?.additionalProperty ?? e.params?.missingProperty;
        errors.push({ path: e.instancePath || '/', msg: `${e.message}${detail ? ` (${detail})` : ''}` });
      }
    }
    errors.push(...unknownFields(doc.obj, trees.get(rel)));
    return { doc, ok: errors.length === 0, errors };
  });
}
