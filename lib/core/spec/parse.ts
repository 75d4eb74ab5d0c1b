/** YAML to data, keeping positions: every syntax error becomes a `SpecError` with line and column. */
import { LineCounter, isScalar, parseDocument, visit } from 'yaml';
import type { Alias, Document } from 'yaml';
import type { SpecError } from '../errors';

export interface ParsedSpecFile {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** The document as plain data; undefined when it could not be parsed. */
  readonly data: unknown;
  readonly errors: SpecError[];
  /**
   * Whether the data may be kept for the same text (`parse-cache.ts`, which also requires plain data): no error and
   * no key that is a collection or an alias (the only keys `yaml`'s `toJS` warns about, through
   * `process.emitWarning`).
   */
  readonly cacheable: boolean;
}

/** Anchors and aliases are allowed, but not an alias explosion ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/** Our words for a few parser errors; the others keep the parser's message. */
const KNOWN: Record<string, { rule: string; message?: string | undefined; expected: string; hint: string }> = {
  DUPLICATE_KEY: {
    rule: 'duplicate-key',
    message: 'duplicate key',
    expected: 'each key once per mapping',
    hint: 'each key may appear once in a mapping; remove or merge the second one',
  },
  MULTIPLE_DOCS: {
    rule: 'multiple-documents',
    message: 'more than one YAML document (`---`)',
    expected: 'one YAML document per file',
    hint: 'put one spec in each file',
  },
  TAB_AS_INDENT: { rule: 'yaml-syntax', expected: 'indentation with spaces', hint: 'indent with spaces (2 per level)' },
  BAD_INDENT: {
    rule: 'yaml-syntax',
    expected: 'consistent indentation',
    hint: 'indent nested keys by 2 spaces under their parent, and close every `[` and `{`',
  },
};

/** Any other parser error. */
const YAML_SYNTAX = {
  expected: 'well-formed YAML 1.2',
  hint: 'look for a missing `: ` after a key, an unclosed quote or bracket, or a line indented differently',
};

/** A parse that stops at one error: no data. */
function failed(doc: ParsedSpecFile['doc'], lineCounter: LineCounter, error: SpecError): ParsedSpecFile {
  return { doc, lineCounter, data: undefined, errors: [error], cacheable: false };
}

/** How every spec file is parsed; `fast-parse.ts` resolves scalars with the schema these options give. */
export const YAML_PARSE_OPTIONS = {
  prettyErrors: false,
  // The parser's own duplicate-key check compares each key with every earlier one (quadratic in keys per mapping:
  // 80,000 keys took minutes); checkKeys() below does it with a set.
  uniqueKeys: false,
  version: '1.2',
} as const;

/** The document with positions, parsed as every spec file is (also again, for positions only, by the locator). */
export function parseYamlDocument(text: string): Pick<ParsedSpecFile, 'doc' | 'lineCounter'> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { ...YAML_PARSE_OPTIONS, lineCounter });
  return { doc, lineCounter };
}

export function parseSpecFile(file: string, text: string): ParsedSpecFile {
  const { doc, lineCounter } = parseYamlDocument(text);
  const yamlVersion = versionDirective(doc);
  const keys = checkKeys(doc);
  const errors: SpecError[] = [...doc.errors, ...doc.warnings, ...keys.duplicates].map((e) => {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    const known = KNOWN[e.code];
    return {
      file,
      line,
      column: col,
      path: '',
      message: known?.message ?? `YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      expected: (known ?? YAML_SYNTAX).expected,
      hint: (known ?? YAML_SYNTAX).hint,
      rule: known?.rule ?? 'yaml-syntax',
    };
  });
  if (yamlVersion !== undefined) {
    const at = /^%YAML/m.exec(text)?.index ?? 0;
    errors.push({
      file,
      line: text.slice(0, at).split('\n').length,
      column: 1,
      path: '',
      message: `the \`%YAML ${yamlVersion}\` directive is not supported`,
      expected: 'YAML 1.2 (no directive), where only `true` and `false` are booleans',
      hint: 'remove the directive: YAML 1.1 would read `yes`, `on` or `no` as booleans',
      rule: 'yaml-version-directive',
    });
  }
  // One syntax error tends to cascade into more on the same line: keep the first per line.
  if (errors.length) {
    const lines = new Set<number>();
    return {
      doc,
      lineCounter,
      data: undefined,
      errors: errors.filter((e) => !lines.has(e.line) && lines.add(e.line)),
      cacheable: false,
    };
  }
  if (doc.contents === null) {
    return failed(doc, lineCounter, {
      file,
      line: 1,
      column: 1,
      path: '',
      message: 'the file is empty',
      rule: 'empty-file',
      expected: 'a spec document: `apiVersion:`, `kind:` and the fields of docs/spec.md',
      hint: 'start from the example in docs/spec.md',
    });
  }
  try {
    const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { doc, lineCounter, data, errors, cacheable: keys.allScalar };
  } catch (err) {
    // toJS fails on aliases (undefined anchor, alias explosion): point at the first alias that is to blame.
    const message = err instanceof Error ? err.message : String(err);
    const offset = blamedAlias(doc)?.range?.[0];
    const { line, col } = offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    return failed(doc, lineCounter, {
      file,
      line,
      column: col,
      path: '',
      message: `YAML: ${message}`,
      expected: `aliases (\`*name\`) of anchors defined earlier, at most ${MAX_ALIAS_COUNT} of them`,
      hint: 'define the anchor (`&name`) before its first use, or write the values out',
      rule: 'yaml-syntax',
    });
  }
}

/** A `%YAML` directive other than 1.2 (the version option makes the parser ignore it, so say so instead). */
function versionDirective(doc: Document): string | undefined {
  const version = (
    doc.directives as
      { yaml?: { explicit?: boolean | undefined; version?: string | undefined } | undefined } | undefined
  )?.yaml;
  return version?.explicit && version.version !== '1.2' ? version.version : undefined;
}

/**
 * Keys that appear twice in one mapping, in the parser's error shape (linear: a set per mapping), and whether every
 * key is a scalar.
 */
function checkKeys(doc: Document): {
  duplicates: { code: string; message: string; pos: [number, number] }[];
  allScalar: boolean;
} {
  const duplicates: { code: string; message: string; pos: [number, number] }[] = [];
  let allScalar = true;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (!isScalar(pair.key)) allScalar = false;
        else if (seen.has(key)) {
          const start = pair.key.range?.[0] ?? 0;
          duplicates.push({ code: 'DUPLICATE_KEY', message: 'Map keys must be unique', pos: [start, start + 1] });
        }
        seen.add(key);
      }
    },
  });
  return { duplicates, allScalar };
}

function blamedAlias(doc: Document): Alias | undefined {
  let first: Alias | undefined;
  let unresolved: Alias | undefined;
  visit(doc, {
    Alias(_, node) {
      first ??= node;
      if (!unresolved && node.resolve(doc) === undefined) unresolved = node;
    },
  });
  return unresolved ?? first;
}
