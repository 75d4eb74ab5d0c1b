/**
 * The fast YAML emitter writes exactly what `yaml` writes with cdk8s's options (and the Talos patches' options), or
 * declines: compared with the library on hostile values and on seeded random documents, and it must not decline the
 * ordinary shapes (or it would be no faster).
 */
import { Yaml } from 'cdk8s';
import { stringify } from 'yaml';
import { emitYaml11 } from '../../lib/core/synth/yaml11-emitter';

const cdk8sOptions = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;
const patchOptions = { lineWidth: 0, version: '1.1' } as const;

/** Strings that sit on every quoting rule of YAML 1.1 and of the library's plain style. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  'plain',
  'with space',
  ' leading',
  'trailing ',
  'a: b',
  'a:b',
  'a:',
  ':a',
  'a #b',
  'a#b',
  '#a',
  '-',
  '- a',
  '-a',
  '?',
  '? a',
  '?a',
  '[a]',
  '{a}',
  'a,b',
  ',a',
  '*a',
  '&a',
  '!a',
  '|a',
  '>a',
  "'a'",
  '"a"',
  "it's",
  'say "hi"',
  'both \' and "',
  '%a',
  '@a',
  '`a',
  'yes',
  'Yes',
  'YES',
  'no',
  'No',
  'on',
  'Off',
  'y',
  'n',
  'Y',
  'true',
  'False',
  'null',
  'Null',
  'NULL',
  '~',
  '0',
  '007',
  '0o7',
  '0x1F',
  '0b101',
  '1_000',
  '1e3',
  '1.5',
  '.5',
  '-.inf',
  '.NaN',
  '+1',
  '-1',
  '1:20',
  '190:20:30',
  '1:20.5',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10',
  '<<',
  '=',
  '---',
  '--- a',
  '...',
  '%YAML',
  'a---',
  'a\tb',
  '\ta',
  'a\t',
  'é ü 日本',
  '\u2028',
  'a\u00a0b',
  'line1\nline2',
  'line1\nline2\n',
  'line1\nline2\n\n',
  '\nleading newline',
  '  indented\nnext',
  'a\n\n\nb',
  'ends with spaces\n  ',
  'a \nb',
  'a\n b',
  'only\n',
  '\n',
  '\n\n',
  'x\n---\ny',
  '# not a comment\nx: y',
  'control\u0007',
  'del\u007f',
  'nul\u0000',
  'k'.repeat(1100),
  'http://example.com/a?b=c#d',
  'key=value',
  '10.0.0.1/24',
  '192.168.1.1',
  'v1.31.2',
  '1.31',
  '0.5.0',
  'a'.repeat(200),
  'long with spaces '.repeat(20),
];

const OTHER_SCALARS: unknown[] = [
  0,
  -0,
  1,
  -1,
  1.5,
  1e21,
  1e-7,
  123456789012,
  NaN,
  Infinity,
  -Infinity,
  true,
  false,
  null,
];

function expectSameOrDeclined(value: unknown, options: { keepUndefined?: boolean }, library: string): boolean {
  const ours = emitYaml11(value, options);
  if (ours !== undefined) expect(ours).toBe(library);
  return ours !== undefined;
}

describe('emitYaml11', () => {
  test.each(HOSTILE_STRINGS.map((s) => [JSON.stringify(s).slice(0, 60), s]))(
    'string %s as a key, a value, a list item',
    (_, s) => {
      const doc = { [s]: s, nested: { list: [s, { [s]: [s] }], deeper: { v: s } }, items: [[s], s] };
      expectSameOrDeclined(doc, { keepUndefined: true }, stringify(doc, cdk8sOptions));
      expectSameOrDeclined(doc, {}, stringify(doc, patchOptions));
    },
  );

  test.each(OTHER_SCALARS.map((v) => [String(v), v]))('scalar %s', (_, v) => {
    const doc = { v, list: [v], map: { v } };
    expect(emitYaml11(doc)).toBe(stringify(doc, patchOptions));
  });

  test('empty collections, undefined values and nesting', () => {
    const doc = {
      emptyMap: {},
      emptyList: [],
      listOfEmpty: [{}, [], [[]]],
      undef: undefined,
      onlyUndef: { a: undefined },
      deep: [[1, [2, { a: [{ b: {} }] }]]],
      mapInList: [{ a: 1, b: [1, 2], c: { d: 'x\ny' } }],
    };
    expect(emitYaml11(doc, { keepUndefined: true })).toBe(stringify(doc, cdk8sOptions));
    expect(emitYaml11(doc)).toBe(stringify(doc, patchOptions));
    expect(emitYaml11({})).toBe(stringify({}, patchOptions));
  });

  test('a string met again (another depth, a key after a value, a later document) is written as there', () => {
    const block = 'line one\n  indented\nlast\n';
    const docs = [
      { a: block, b: { c: block, d: [block, { e: block }] } },
      { top: { deeper: { deepest: block } }, again: block },
      { yes: 'yes', list: ['yes', { on: 'on' }], x: 'x' },
      { x: { x: ['x'] } },
    ];
    for (const doc of [...docs, ...docs]) expect(emitYaml11(doc)).toBe(stringify(doc, patchOptions));
    // declined once, declined again; and the same text as a key is declined while the value is not
    expect(emitYaml11({ c: 'bell\u0007' })).toBeUndefined();
    expect(emitYaml11({ c: 'bell\u0007' })).toBeUndefined();
    expect(emitYaml11({ v: 'two\nlines' })).toBe(stringify({ v: 'two\nlines' }, patchOptions));
    expect(emitYaml11({ 'two\nlines': 1 })).toBeUndefined();
  });

  test('declines what it does not reproduce, and the library output is then used', () => {
    const shared = { a: 1 };
    const declined: unknown[] = [
      { a: shared, b: shared }, // the library writes an anchor and an alias
      { d: new Date(0) },
      { m: new Map([['a', 1]]) },
      { big: BigInt(1) },
      { l: [undefined] },
      { ['k'.repeat(1100)]: 1 },
      [1, 2],
      'scalar',
      undefined,
      null,
      { 'multi\nline key': 1 },
      { c: 'bell\u0007' },
      { t: 'ends\n  ' },
    ];
    for (const doc of declined) expect(emitYaml11(doc, { keepUndefined: true })).toBeUndefined();
  });

  test('seeded random documents: identical to cdk8s Yaml.stringify whenever it emits, and it emits most', () => {
    let seed = 13;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = [...HOSTILE_STRINGS.filter((s) => s.length < 300), 'name', 'app.kubernetes.io/name', 'x'];
    const scalar = (): unknown =>
      rand(4) === 0 ? OTHER_SCALARS[rand(OTHER_SCALARS.length)] : pieces[rand(pieces.length)];
    const gen = (depth: number): unknown => {
      const r = rand(10);
      if (depth > 3 || r < 5) return scalar();
      if (r < 7) return Array.from({ length: rand(4) }, () => gen(depth + 1));
      return Object.fromEntries(Array.from({ length: rand(5) }, () => [pieces[rand(pieces.length)], gen(depth + 1)]));
    };
    let emitted = 0;
    const total = 400;
    for (let i = 0; i < total; i++) {
      const doc = { apiVersion: 'v1', kind: 'ConfigMap', data: gen(0), more: gen(1) };
      if (expectSameOrDeclined(doc, { keepUndefined: true }, Yaml.stringify(doc))) emitted++;
    }
    // Declines come only from the hostile strings it leaves to the library (control characters, ...).
    expect(emitted).toBeGreaterThan(total / 2);
  });
});
