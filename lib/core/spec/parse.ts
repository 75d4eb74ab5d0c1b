/** YAML to data, keeping positions: every syntax error becomes a `SpecError` with line and column. */
import { LineCounter, parseDocument, visit } from 'yaml';
import type { Alias, Document } from 'yaml';
import type { SpecError } from '../errors';

export interface ParsedSpecFile {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** The document as plain data; undefined when it could not be parsed. */
  readonly data: unknown;
  readonly errors: SpecError[];
}

/** Anchors and aliases are allowed, but not an alias explosion ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/** Our words for a few parser errors; the others keep the parser's message. */
const KNOWN: Record<string, { rule: string; message?: string; hint?: string }> = {
  DUPLICATE_KEY: {
    rule: 'duplicate-key',
    message: 'duplicate key',
    hint: 'each key may appear once in a mapping; remove or merge the second one',
  },
  MULTIPLE_DOCS: {
    rule: 'multiple-documents',
    message: 'more than one YAML document (`---`)',
    hint: 'put one spec in each file',
  },
  TAB_AS_INDENT: { rule: 'yaml-syntax', hint: 'indent with spaces (2 per level)' },
  BAD_INDENT: {
    rule: 'yaml-syntax',
    hint: 'indent nested keys by 2 spaces under their parent, and close every `[` and `{`',
  },
};

export function parseSpecFile(file: string, text: string): ParsedSpecFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    version: '1.2',
  });
  const errors: SpecError[] = [...doc.errors, ...doc.warnings].map((e) => {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    const known = KNOWN[e.code];
    return {
      file,
      line,
      column: col,
      path: '',
      message: known?.message ?? `YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      ...(known?.hint && { hint: known.hint }),
      rule: known?.rule ?? 'yaml-syntax',
    };
  });
  // One syntax error tends to cascade into more on the same line: keep the first per line.
  if (errors.length)
    return {
      doc,
      lineCounter,
      data: undefined,
      errors: errors.filter((e, i) => errors.findIndex((o) => o.line === e.line) === i),
    };
  if (doc.contents === null) {
    return {
      doc,
      lineCounter,
      data: undefined,
      errors: [
        {
          file,
          line: 1,
          column: 1,
          path: '',
          message: 'the file is empty',
          rule: 'empty-file',
          hint: 'start from the example in docs/spec.md',
        },
      ],
    };
  }
  try {
    return { doc, lineCounter, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), errors };
  } catch (err) {
    // toJS fails on aliases (undefined anchor, alias explosion): point at the first alias that is to blame.
    const message = err instanceof Error ? err.message : String(err);
    const offset = blamedAlias(doc)?.range?.[0];
    const { line, col } = offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    return {
      doc,
      lineCounter,
      data: undefined,
      errors: [{ file, line, column: col, path: '', message: `YAML: ${message}`, rule: 'yaml-syntax' }],
    };
  }
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
