/**
 * Platform facts and defaults in the spec's JSDoc. A fact (a port, a disk path, a name pattern, a minimum size) is
 * defined once, as a constant in `lib/core/rules/facts.ts`, and a default in `lib/core/spec/defaults.ts`; the spec
 * types name them instead of repeating their values:
 *
 *   @pattern {@fact DNS_1123_LABEL_CHARACTERS}        a RegExp fact gives its source
 *   @minimum {@fact TALOS_MINIMUM_SIZE.worker.cores}  a dotted path reads a member
 *   @examples [{@fact DEFAULT_INSTALL_DISK}]          inside JSON, a fact is its JSON value
 *   ... the API endpoint is `https://<vip>:{@fact KUBERNETES_API_PORT}`.   in prose, its text
 *
 * ts-json-schema-generator keeps an annotation it cannot parse as text, so the references reach the schema as
 * strings; `resolveFacts` replaces them there, before anything else reads the schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** The modules facts come from, relative to the repository root. */
export const FACT_MODULES = ['lib/core/rules/facts.ts', 'lib/core/spec/defaults.ts'];

/** Schema keywords whose value is text (JSDoc text tags): a fact is spliced in as text, not as JSON. */
const TEXT_KEYWORDS = new Set(['description', 'markdownDescription', 'title', 'pattern', '$comment', 'format']);

const REFERENCE = /\{@fact ([A-Za-z_$][\w$]*(?:\.[\w$]+)*)\}/g;

/**
 * Loads the exports of the fact modules. They are TypeScript; each is transpiled on its own (no type check: tsc
 * does that), and so is every relative module they import (packages come from node_modules), so this needs no build.
 * @param {string} root repository root
 * @returns {Record<string, unknown>}
 */
export function loadFacts(root) {
  /** @type {Map<string, Record<string, unknown>>} */
  const cache = new Map();
  /** @param {string} file absolute path of a .ts module */
  const load = (file) => {
    const cached = cache.get(file);
    if (cached) return cached;
    /** @type {{ exports: Record<string, unknown> }} */
    const module = { exports: {} };
    cache.set(file, module.exports);
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const requirePackage = createRequire(file);
    /** @param {string} spec */
    const requireRelative = (spec) =>
      spec.startsWith('.') ? load(resolveTs(join(dirname(file), spec))) : requirePackage(spec);
    new Function('exports', 'require', 'module', outputText)(module.exports, requireRelative, module);
    return module.exports;
  };
  return Object.assign({}, ...FACT_MODULES.map((rel) => load(join(root, rel))));
}

/** `./x` is `x.ts` or `x/index.ts`. */
function resolveTs(base) {
  return existsSync(`${base}.ts`) ? `${base}.ts` : join(base, 'index.ts');
}

/**
 * The value a reference names, or an error message.
 * @param {Record<string, unknown>} facts
 * @param {string} name e.g. `TALOS_MINIMUM_SIZE.worker.cores`
 * @returns {{ value: string | number | boolean } | { error: string }}
 */
function lookUp(facts, name) {
  /** @type {unknown} */
  let value = facts;
  for (const part of name.split('.')) {
    value = value !== null && typeof value === 'object' && Object.hasOwn(value, part) ? value[part] : undefined;
  }
  // `source` escapes `/` (`a\/b`); JSON Schema patterns are not delimited, so the schema writes it bare.
  if (value instanceof RegExp) return { value: value.source.replace(/(?<!\\)\\\//g, '/') };
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { value };
  const known = Object.keys(facts).sort().join(', ');
  return value === undefined
    ? { error: `{@fact ${name}} names no fact; the facts of ${FACT_MODULES.join(', ')} are ${known}` }
    : { error: `{@fact ${name}} is not a string, number, boolean or RegExp: name one of its members` };
}

/**
 * Replaces every `{@fact NAME}` in `node` (a JSON Schema, changed in place). Throws one error that lists every
 * reference it could not resolve, with where in the schema it is.
 * @param {unknown} node
 * @param {Record<string, unknown>} facts
 * @param {string} where schema path for messages
 */
export function resolveFacts(node, facts, where) {
  /** @type {string[]} */
  const errors = [];
  walk(node, facts, where, errors);
  if (errors.length) throw new Error(`unresolved facts in the spec types:\n  ${errors.join('\n  ')}`);
}

/**
 * @param {unknown} node
 * @param {Record<string, unknown>} facts
 * @param {string} where
 * @param {string[]} errors
 */
function walk(node, facts, where, errors) {
  if (!node || typeof node !== 'object') return;
  const entries = Array.isArray(node) ? node.entries() : Object.entries(node);
  for (const [key, value] of entries) {
    const at = `${where}/${key}`;
    if (typeof value !== 'string' || !value.includes('{@fact ')) {
      walk(value, facts, at, errors);
      continue;
    }
    const asText = TEXT_KEYWORDS.has(String(key));
    let failed = false;
    const text = value.replace(REFERENCE, (_, name) => {
      const found = lookUp(facts, name);
      if ('error' in found) {
        errors.push(`${at}: ${found.error}`);
        failed = true;
        return '';
      }
      return asText ? String(found.value) : JSON.stringify(found.value);
    });
    if (failed) continue;
    if (text.includes('{@fact')) errors.push(`${at}: malformed reference in "${value}": write {@fact NAME}`);
    else if (asText) /** @type {Record<string, unknown>} */ (node)[key] = text;
    else {
      try {
        /** @type {Record<string, unknown>} */ (node)[key] = JSON.parse(text);
      } catch {
        errors.push(`${at}: "${value}" is not JSON once its facts are filled in ("${text}")`);
      }
    }
  }
}
