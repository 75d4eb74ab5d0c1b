/**
 * The fast path gives what `yaml` gives, or nothing: whenever `fastParse` returns data, it is plain, and
 * `parseSpecFile` (the parse every error and position comes from) finds no error or warning and the same data,
 * exactly (`-0`, `NaN`, key order).
 * Checked on every YAML file of the repository, on other renderings of their data, on each edge of the subset, on
 * every plain scalar form of the core schema, and on mutated fixtures (`FAST_PARSE_RUNS`, default 4000, seeded).
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { Document, stringify } from 'yaml';
import { fastParse, MAX_LINE } from '../../lib/core/spec/fast-parse';
import { parseSpecFile } from '../../lib/core/spec/parse';
import { isPlainData, MAX_PLAIN_DEPTH } from '../../lib/core/spec/plain-data';
import { quietly } from '../support/quietly';
import { same } from '../support/same-value';

const ROOT = path.join(__dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const FILES = [...yamlFiles(path.join(ROOT, 'clusters')), ...yamlFiles(path.join(ROOT, 'test'))];

/** Why the fast path is wrong about `text`, or `undefined` when it agrees with `yaml` (or stays out). */
function disagreement(text: string): string | undefined {
  const fast = fastParse(text);
  if (!fast) return undefined;
  const slow = quietly(() => parseSpecFile('f.yaml', text));
  if (slow.errors.length) return `the fast path read what yaml rejects: ${slow.errors[0].message}`;
  if (!slow.cacheable) return 'the fast path read what yaml warns about';
  if (!isPlainData(fast.data)) return 'the fast path gave data that is not plain';
  if (!same(fast.data, slow.data)) {
    return `different data: ${JSON.stringify(fast.data)} against ${JSON.stringify(slow.data)}`;
  }
  return undefined;
}

/** The same data written other ways: block, flow, double-quoted, JSON. */
function renderings(text: string): string[] {
  const slow = quietly(() => parseSpecFile('f.yaml', text));
  if (slow.errors.length || slow.data === null || typeof slow.data !== 'object') return [];
  const data = slow.data;
  return [
    stringify(data),
    new Document(data).toString({ collectionStyle: 'flow' }),
    stringify(data, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
    stringify(data, { defaultStringType: 'QUOTE_SINGLE', defaultKeyType: 'QUOTE_SINGLE' }),
    JSON.stringify(data, null, 2),
    JSON.stringify(data),
  ];
}

const CORPUS = FILES.map((f) => fs.readFileSync(f, 'utf8'));
const RENDERED = CORPUS.flatMap(renderings);

describe('fastParse', () => {
  it('agrees with yaml on every YAML file of the repository and on other renderings of their data', () => {
    const wrong = [...CORPUS, ...RENDERED]
      .map((text, i) => ({ at: FILES[i] ?? `rendering ${i}`, why: disagreement(text) }))
      .filter((r) => r.why !== undefined);
    expect(wrong).toEqual([]);
  });

  it('reads the example, the bench files and most renderings (the fast path is taken, not only declined)', () => {
    for (const file of yamlFiles(path.join(ROOT, 'clusters'))) {
      expect([file, fastParse(fs.readFileSync(file, 'utf8')) !== undefined]).toEqual([file, true]);
    }
    const taken = RENDERED.filter((t) => fastParse(t) !== undefined).length;
    expect(taken / RENDERED.length).toBeGreaterThan(0.8);
  });

  const OUTSIDE: Record<string, string> = {
    anchor: 'a: &x 1\n',
    alias: 'a: &x 1\nb: *x\n',
    tag: 'a: !!str 1\n',
    'local tag': 'a: !mine x\n',
    'tag on a collection': 'a: !!map {b: 1}\n',
    directive: '%YAML 1.2\n---\na: 1\n',
    'a second document': 'a: 1\n---\nb: 2\n',
    'a document start marker': '---\na: 1\n',
    'a document end marker': 'a: 1\n...\n',
    'an end marker before the content': '...\na: 1\n',
    'literal block scalar': 'a: |\n  x\n',
    'folded block scalar': 'a: >\n  x\n',
    'multi-line plain scalar': 'a: x\n  y\n',
    'multi-line quoted scalar': 'a: "x\n  y"\n',
    'double-quoted escape': 'a: "x\\ty"\n',
    'single-quoted quote': "a: 'it''s'\n",
    tab: 'a:\t1\n',
    CRLF: 'a: 1\r\nb: 2\r\n',
    BOM: '\uFEFFa: 1\n',
    NEL: 'a: x\u0085y\n',
    'line separator': 'a: x\u2028y\n',
    surrogate: 'a: \uD834\uDD1E\n',
    control: 'a: x\u0007\n',
    'long line': `a: ${'x'.repeat(MAX_LINE)}\n`,
    'collection key': '? [a, b]\n: 1\n',
    'flow collection key': '[a, b]: 1\n',
    'null key': 'null: 1\n',
    'empty key': ': 1\n',
    'number key': '1: a\n',
    'boolean key': 'true: a\n',
    'merge key': '<<: {a: 1}\n',
    'duplicate key': 'a: 1\na: 2\n',
    'flow collection over lines in a block mapping': 'a: [\n  1\n]\n',
    'flow mapping over lines in a block sequence': 'a:\n- {b: 1,\n  c: 2}\n',
    empty: '',
    'only a comment': '# nothing\n',
    'a top-level sequence': '- a\n',
    'a top-level scalar': 'a\n',
    'not YAML': 'a: [1, 2\n',
  };
  it.each(Object.entries(OUTSIDE))('leaves %s to yaml', (_, text) => {
    expect(fastParse(text)).toBeUndefined();
  });

  it('reads a flow collection over lines at the top, and a one-line one in a block mapping', () => {
    expect(fastParse('{\n  "a": [\n    1\n  ],\n  "b": {}\n}\n')?.data).toEqual({ a: [1], b: {} });
    expect(fastParse('a: [x, "y", {b: []}] # c\n')?.data).toEqual({ a: ['x', 'y', { b: [] }] });
  });

  it('reads nesting up to the depth plain data may have, and leaves deeper nesting to yaml', () => {
    const nested = (levels: number): string => `a: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
    expect(fastParse(nested(MAX_PLAIN_DEPTH - 1))).toBeDefined();
    expect(disagreement(nested(MAX_PLAIN_DEPTH - 1))).toBeUndefined();
    expect(fastParse(nested(MAX_PLAIN_DEPTH))).toBeUndefined();
  });

  it('keeps __proto__ as an own key, as yaml does', () => {
    const data = fastParse('__proto__: {polluted: true}\nb: 1\n')?.data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['__proto__', 'b']);
    expect(disagreement('__proto__: {polluted: true}\nb: 1\n')).toBeUndefined();
  });

  // Every form a YAML 1.2 core scalar (or a YAML 1.1 one that 1.2 reads as a string) may take: read by the fast
  // path in every context, typed as yaml types it.
  const TYPED = [
    ...['1', '-1', '+1', '0', '-0', '017', '0o17', '0o8', '0x1F', '0X1F', '0b101', '1_000', '9007199254740993'],
    ...['.5', '1.', '-0.0', '1e3', '1E-3', '1e400', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', '1.5.2'],
    ...['~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'false', 'yes', 'no', 'on', 'off', 'y'],
    ...['2026-12-03', '12:30', '1:30:00', '0.0.0.0/0', '10.0.0.1', 'v1.9.0', 'a b', 'x:y', 'a#b'],
    ...['"1"', "'true'", '""', "''", '"~"', '"a: b"', "'#x'"],
  ];
  it.each(TYPED)('reads %s as yaml does, in block and flow context', (scalar) => {
    for (const text of [`v: ${scalar}\n`, `v: [${scalar}]\n`, `{v: ${scalar}}\n`, `v:\n- ${scalar}\n`]) {
      expect([text, fastParse(text) !== undefined, disagreement(text)]).toEqual([text, true, undefined]);
    }
  });

  // Scalars that are invalid, or outside the subset, in some of these contexts.
  const OTHER = ['1,000', '%x', '-', '- a', '@x', '`x', '!x', '&x', '*x', '|', '>', '?', '? x', '#x', ': x', '[', '{}'];
  it.each(OTHER)('agrees with yaml on %s, in block and flow context', (scalar) => {
    for (const text of [`v: ${scalar}\n`, `v: [${scalar}]\n`, `{v: ${scalar}}\n`, `v:\n- ${scalar}\n`]) {
      expect([text, disagreement(text)]).toEqual([text, undefined]);
    }
  });

  it('agrees with yaml on random data written in every style yaml and JSON write', () => {
    const style = fc.record({
      indent: fc.integer({ min: 1, max: 4 }),
      indentSeq: fc.boolean(),
      collectionStyle: fc.constantFrom('any' as const, 'block' as const, 'flow' as const),
      defaultStringType: fc.constantFrom('PLAIN' as const, 'QUOTE_DOUBLE' as const, 'QUOTE_SINGLE' as const),
      defaultKeyType: fc.constantFrom(null, 'PLAIN' as const, 'QUOTE_DOUBLE' as const, 'QUOTE_SINGLE' as const),
      flowCollectionPadding: fc.boolean(),
      lineWidth: fc.constantFrom(0, 20, 80),
    });
    const data = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 });
    let taken = 0;
    fc.assert(
      fc.property(data, style, fc.integer({ min: 0, max: 4 }), (value, options, jsonIndent) => {
        for (const text of [new Document(value).toString(options), JSON.stringify(value, null, jsonIndent)]) {
          if (fastParse(text)) taken++;
          if (disagreement(text) !== undefined) return false;
        }
        return true;
      }),
      { numRuns: Number(process.env.FAST_PARSE_RUNS ?? 4000), seed: Number(process.env.FAST_PARSE_SEED ?? 20261203) },
    );
    if (process.env.FAST_PARSE_DEBUG) console.log('taken', taken);
    expect(taken).toBeGreaterThan(0);
  });

  it('agrees with yaml on small documents made of random lines (indentation, flow, keys)', () => {
    const PIECES = ['a:', 'b: 1', 'c: x y', '- ', '- d', '- e: 2', '-', '? f', ': g', '[h, i]', '{j: k}', '[', ']'];
    PIECES.push('{', '}', ',', '"l"', "'m'", '"n": o', 'p: [q,', 'r]', 's: {t: u,', 'v}', '# w', 'x: # y', 'z: ""');
    PIECES.push('a: b: c', 'true: 1', '1: a', 'b:c', '- - a', '- [a]', 'a: - b', 'a:  ', ' ', 'a: [', 'a: {', '...');
    const line = fc
      .tuple(fc.integer({ min: 0, max: 6 }), fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 3 }))
      .map(([indent, pieces]) => ' '.repeat(indent) + pieces.join(' '));
    let taken = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        if (fastParse(text)) taken++;
        return disagreement(text) === undefined;
      }),
      { numRuns: Number(process.env.FAST_PARSE_RUNS ?? 4000), seed: Number(process.env.FAST_PARSE_SEED ?? 20261203) },
    );
    if (process.env.FAST_PARSE_DEBUG) console.log('taken', taken);
    expect(taken).toBeGreaterThan(0);
  });

  it('agrees with yaml on mutated fixtures', () => {
    const SNIPPETS = [' ', '  ', '\n', '\n  ', '\n- ', ':', ': ', '-', '- ', '#', ' #', '[', ']', '{', '}', ',', '"'];
    SNIPPETS.push("'", '?', '? ', '&a ', '*a', '!', '|', '>', '%', '@', '`', '\\', '~', '0', '.', 'a', '---', '...');
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...SNIPPETS) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -2, max: 2 }) }),
    );
    type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;
    const apply = (text: string, e: Edit): string => {
      if (e.kind === 'insert') {
        const at = e.at % (text.length + 1);
        return text.slice(0, at) + e.text + text.slice(at);
      }
      if (e.kind === 'delete') {
        const at = e.at % (text.length + 1);
        return text.slice(0, at) + text.slice(at + e.length);
      }
      const lines = text.split('\n');
      const i = e.line % lines.length;
      lines[i] = e.by >= 0 ? ' '.repeat(e.by) + lines[i] : lines[i].replace(new RegExp(`^ {1,${-e.by}}`), '');
      return lines.join('\n');
    };
    // short texts mutate into more interesting shapes than long ones
    const bases = [...CORPUS, ...RENDERED].filter((t) => t.length < 4000);
    let taken = 0;
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(edit, { minLength: 1, maxLength: 4 }), (base, edits) => {
        const text = edits.reduce(apply, base);
        if (fastParse(text)) taken++;
        return disagreement(text) === undefined;
      }),
      { numRuns: Number(process.env.FAST_PARSE_RUNS ?? 4000), seed: Number(process.env.FAST_PARSE_SEED ?? 20261203) },
    );
    if (process.env.FAST_PARSE_DEBUG) console.log('taken', taken);
    expect(taken).toBeGreaterThan(0);
  });
});
