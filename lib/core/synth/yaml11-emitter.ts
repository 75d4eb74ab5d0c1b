import { Document } from 'yaml';

/** Options of {@link emitYaml11}: the subset of `yaml`'s `stringify` options the emitter reproduces. */
export interface Yaml11EmitOptions {
  /**
   * Keep map entries whose value is `undefined` (written as `null`), as cdk8s's `Yaml.stringify` does.
   * @default false
   */
  readonly keepUndefined?: boolean | undefined;
}

/**
 * Writes one YAML document exactly as `yaml`'s `stringify(value, { version: '1.1', lineWidth: 0, keepUndefined })`
 * does (the options of cdk8s's `Yaml.stringify` and of Talos patches), for the plain JSON-like values a chart or a
 * patch is made of, in a fraction of the time: no document model, no node per value.
 *
 * Returns `undefined` for anything it does not reproduce byte for byte (a top-level value that is not a plain object,
 * an object met twice (the library writes an anchor), a non-plain object, a string with control characters, a
 * multi-line key, a key over 1024 characters, ...): the caller then uses the library. The rules below are ported
 * from `yaml` 2.x (`stringify/stringifyString.js`, `stringifyPair.js`, `stringifyCollection.js`,
 * `stringifyNumber.js`); `test/synth/yaml11-emitter.test.ts` compares both on hostile values.
 */
export function emitYaml11(value: unknown, options: Yaml11EmitOptions = {}): string | undefined {
  if (!isPlainObject(value)) return undefined;
  try {
    return new Emitter(options.keepUndefined ?? false).map(value, '') + '\n';
  } catch (err) {
    if (err === UNSUPPORTED) return undefined;
    throw err;
  }
}

const UNSUPPORTED = Symbol('unsupported by the YAML 1.1 emitter');
const STEP = '  ';

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

// What makes `yaml` leave the plain style (stringifyString.js `plainString`) and force double quotes.
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// eslint-disable-next-line no-control-regex -- the library's own test for characters it double-quotes
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const MERGE_KEY = '<<';
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;

/**
 * The YAML 1.1 schema's tests for plain scalars that would read back as something other than a string (`yes`, `0o7`,
 * `1:20`, `2001-12-14`, `~`, `<<`, ...), taken from the library itself so the two cannot drift.
 */
const NON_STRING_TESTS: readonly RegExp[] = (() => {
  const schema = new Document(null, { version: '1.1' }).schema as unknown as {
    tags: { default?: unknown; tag: string; test?: RegExp | undefined }[];
    compat?: { default?: unknown; tag: string; test?: RegExp | undefined }[] | null | undefined;
  };
  return [...schema.tags, ...(schema.compat ?? [])]
    .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test instanceof RegExp)
    .map((t) => t.test as RegExp);
})();

class Emitter {
  /** Objects on the way here and before: a second visit is an alias in the library's output. */
  private readonly seen = new Set<object>();

  public constructor(private readonly keepUndefined: boolean) {}

  /** A block map whose pairs sit at `indent` (stringifyCollection.js with `itemIndent = indent`). */
  public map(obj: Record<string, unknown>, indent: string): string {
    this.visit(obj);
    let out = '';
    let first = true;
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      if (value === undefined && !this.keepUndefined) continue;
      const line = this.pair(key, value, indent + STEP);
      out += first ? line : `\n${indent}${line}`;
      first = false;
    }
    return first ? '{}' : out;
  }

  /** A block sequence at `indent`; its items at `indent + STEP` after `- `. */
  private seq(items: readonly unknown[], indent: string): string {
    this.visit(items);
    if (items.length === 0) return '[]';
    const itemIndent = indent + STEP;
    let out = '';
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      // The library turns a hole or `undefined` into a null node; not worth reproducing.
      if (item === undefined) throw UNSUPPORTED;
      const line = `- ${this.node(item, itemIndent)}`;
      out += i === 0 ? line : `\n${indent}${line}`;
    }
    return out;
  }

  /** One `key: value` (stringifyPair.js); `indent` is the pair's context indent (its map's plus one step). */
  private pair(key: string, value: unknown, indent: string): string {
    const keyText = this.string(key, indent, true);
    if (keyText.length > 1024) throw UNSUPPORTED; // the library writes an explicit `? key`
    const valueText = this.node(value === undefined ? null : value, indent);
    // A non-empty collection starts on the next line (a sequence too: `indentSeq`); `{}` and `[]` stay on this one
    // (a string never renders as either: it would be quoted).
    const block = typeof value === 'object' && value !== null && valueText !== '{}' && valueText !== '[]';
    return block ? `${keyText}:\n${indent}${valueText}` : `${keyText}: ${valueText}`;
  }

  private node(value: unknown, indent: string): string {
    switch (typeof value) {
      case 'string':
        return this.string(value, indent, false);
      case 'number':
        return numberText(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        if (value === null) return 'null';
        if (Array.isArray(value)) return this.seq(value, indent);
        if (isPlainObject(value)) return this.map(value, indent);
        throw UNSUPPORTED;
      default:
        throw UNSUPPORTED;
    }
  }

  private visit(obj: object): void {
    if (this.seen.has(obj)) throw UNSUPPORTED;
    this.seen.add(obj);
  }

  /**
   * A string scalar (stringifyString.js), as a key (`implicitKey`) or a value. Keys, kinds, names and patches
   * repeat across documents, so each text is worked out once: a single-line one does not depend on where it
   * stands, a multi-line value only on its indent.
   */
  private string(value: string, indent: string, implicitKey: boolean): string {
    const multiLine = value.includes('\n');
    if (multiLine && implicitKey) throw UNSUPPORTED;
    const key = multiLine ? `${indent}\n${value}` : value;
    let text = SCALARS.get(key);
    if (text === undefined) {
      text = scalarText(value, indent, multiLine);
      if (SCALARS.size >= MAX_SCALARS) SCALARS.clear();
      SCALARS.set(key, text);
    }
    if (text === UNSUPPORTED) throw UNSUPPORTED;
    return text;
  }
}

/** Texts of the strings seen so far (or UNSUPPORTED), keyed by the string (multi-line: indent, newline, string). */
const SCALARS = new Map<string, string | typeof UNSUPPORTED>();
/** Bounds the cache (cleared when full) in a long-lived process that emits many documents. */
const MAX_SCALARS = 200_000;

function scalarText(value: string, indent: string, multiLine: boolean): string | typeof UNSUPPORTED {
  // The schema's merge tag claims the string `<<` (stringify.js `getTagObject`) and writes it as is.
  if (value === MERGE_KEY) return value;
  if (CONTROL.test(value)) return UNSUPPORTED;
  if (multiLine) return literalBlock(value, indent);
  if (NOT_PLAIN.test(value)) return quoted(value);
  if (DOCUMENT_MARKER.test(value)) return UNSUPPORTED;
  for (const test of NON_STRING_TESTS) if (test.test(value)) return quoted(value);
  return value;
}

/** A single-line string the plain style cannot hold: single quotes if it has `"` but no `'`, else JSON's quotes. */
function quoted(value: string): string {
  if (value.includes('"') && !value.includes("'")) return `'${value}'`;
  return JSON.stringify(value);
}

/** stringifyNumber.js without `minFractionDigits` (the library never sets it for a JavaScript number). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '.nan' : n < 0 ? '-.inf' : '.inf';
  return Object.is(n, -0) ? '-0' : JSON.stringify(n);
}

/**
 * A multi-line value as a literal block (`blockString` with `lineWidth: 0`, so never folded), with the chomping and
 * indentation indicators the library picks. `indent` is never empty here: every value sits inside a map or a list.
 */
function literalBlock(text: string, indent: string): string | typeof UNSUPPORTED {
  // A block cannot end in whitespace after the last line break: the library double-quotes and folds those.
  if (/\n[\t ]+$/.test(text)) return UNSUPPORTED;
  let value = text;
  let endStart = value.length;
  while (endStart > 0 && ' \t\n'.includes(value[endStart - 1])) endStart--;
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  const chomp = endNlPos === -1 ? '-' : value === end || endNlPos !== end.length - 1 ? '+' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end.endsWith('\n')) end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd = 0;
  let startNlPos = -1;
  for (; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNlPos = startEnd;
    else break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? '2' : '') + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}
