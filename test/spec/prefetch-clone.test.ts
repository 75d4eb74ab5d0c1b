/**
 * The worker's data crosses a structured clone, which is not JSON: what toJS can return either arrives exactly
 * (`-0`, `NaN`, infinities, an own `__proto__` key, objects shared by aliases, deep nesting, a big file) or the file
 * is left to the main thread (a Buffer, Date or Set from a tag, nesting the main thread cannot parse, a warning).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import { parseSpecFile } from '../../lib/core/spec/parse';
import { MAX_PLAIN_DEPTH, isPlainData } from '../../lib/core/spec/plain-data';
import { given, workerParse } from './prefetch-worker';

const nested = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

/** File name (in environment `e`) -> text: the first group must come back from the worker, the others not. */
const KEPT: Record<string, string> = {
  'numbers.yaml': 'minusZero: -0\nminusZeroFloat: -0.0\ninf: .inf\nminusInf: -.inf\nnan: .nan\nbig: 1e400\n',
  'proto.yaml': '__proto__: {polluted: true}\nconstructor: x\n',
  'aliases.yaml': 'a: &shared {k: [1, 2]}\nb: *shared\nc: [*shared, *shared]\n',
  'deep.yaml': `a: ${nested(MAX_PLAIN_DEPTH - 2)}\n`,
  'big.yaml': Array.from({ length: 40_000 }, (_, i) => `key${i}: "${'v'.repeat(30)}"`).join('\n') + '\n',
};
const LEFT: Record<string, string> = {
  'binary.yaml': 'a: !!binary aGVsbG8=\n',
  'set.yaml': 'a: !!set {x}\n',
  'timestamp.yaml': 'a: !!timestamp 2001-12-14\n',
  'deeper.yaml': `a: ${nested(MAX_PLAIN_DEPTH + 1)}\n`,
  'collection-key.yaml': '? [a, b]\n: 1\n',
  'duplicate.yaml': 'a: 1\na: 2\n',
};

let dir: string;
let taken: ReturnType<typeof workerParse>;
const inEnv = (name: string): string => path.join(dir, 'e', name);
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-prefetch-clone-'));
  fs.mkdirSync(path.join(dir, 'e'));
  fs.writeFileSync(path.join(dir, 'platform.yaml'), 'kind: Platform\n');
  for (const [name, text] of Object.entries({ ...KEPT, ...LEFT })) fs.writeFileSync(inEnv(name), text);
  const warning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  taken = workerParse(dir);
  warning.mockRestore();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test.each(Object.keys(KEPT))('%s arrives exactly as parsed here', (name) => {
  const spec = taken.get(inEnv(name));
  expect(spec).toBeDefined();
  expect(spec?.data).toStrictEqual(parseSpecFile(inEnv(name), KEPT[name]).data);
});

test('the clone keeps what JSON would lose', () => {
  const numbers = taken.get(inEnv('numbers.yaml'))?.data as Record<string, number>;
  expect(Object.is(numbers.minusZero, -0) && Object.is(numbers.minusZeroFloat, -0)).toBe(true);
  expect([numbers.inf, numbers.minusInf, numbers.big]).toEqual([Infinity, -Infinity, Infinity]);
  expect(numbers.nan).toBeNaN();
  const proto = taken.get(inEnv('proto.yaml'))?.data as { polluted?: unknown };
  // a plain object (of the realm that received it), not one whose prototype is the `__proto__` value
  expect(Object.getPrototypeOf(Object.getPrototypeOf(proto))).toBeNull();
  expect(proto.polluted).toBeUndefined();
  expect(Object.keys(proto)).toEqual(['__proto__', 'constructor']);
  const aliases = taken.get(inEnv('aliases.yaml'))?.data as { a: object; b: object; c: object[] };
  expect(aliases.b).toBe(aliases.a);
  expect(aliases.c[1]).toBe(aliases.a);
});

test.each(Object.keys(LEFT))('%s is left to the main thread', (name) => {
  expect(fs.existsSync(inEnv(name))).toBe(true);
  expect(taken.has(inEnv(name))).toBe(false);
});

test('the folder loads to the same errors with the worker as without', () => {
  const warning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  const without = loadPlatformConfig(dir);
  const warned = warning.mock.calls.length;
  const withWorker = loadPlatformConfig(dir, { prefetched: given(taken) });
  // the collection key warns here, on the main thread, with the worker as without
  expect(warning.mock.calls.length - warned).toBe(warned);
  warning.mockRestore();
  expect(withWorker).toStrictEqual(without);
});

test('isPlainData accepts only what a clone keeps, to the depth limit', () => {
  class Point {
    x = 1;
  }
  const hidden = Object.defineProperty({}, 'h', { value: 1, enumerable: false });
  const shared = { k: 1 };
  for (const value of [null, 'a', -0, NaN, true, [1, { a: [] }], { shared, again: shared }]) {
    expect(isPlainData(value)).toBe(true);
  }
  for (const value of [
    undefined,
    Buffer.from('x'),
    new Uint8Array(1),
    new Date(0),
    new Set(),
    new Map(),
    new Point(),
    hidden,
    { [Symbol('s')]: 1 },
    () => 1,
    1n,
  ]) {
    expect(isPlainData({ a: [value] })).toBe(false);
  }
  const deep = (levels: number): unknown => (levels === 0 ? 1 : [deep(levels - 1)]);
  expect(isPlainData(deep(MAX_PLAIN_DEPTH))).toBe(true);
  expect(isPlainData(deep(MAX_PLAIN_DEPTH + 1))).toBe(false);
});
