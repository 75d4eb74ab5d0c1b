/**
 * The spec parse cache changes no result: a hit is what the parse gave (exactly, also where JSON would not be), only
 * clean parses are kept, and the loader reports the same errors, at the same lines, from a warm cache as without one.
 *
 * Values are compared by `same` (exact: `-0`, `NaN`, key order, which objects are shared): a hit is built in Node's
 * realm, which jest's matchers (and `util.isDeepStrictEqual`) tell from the test's own even when the values are equal.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import { parseSpecFile } from '../../lib/core/spec/parse';
import { SpecParseCache } from '../../lib/core/spec/parse-cache';
import { MAX_PLAIN_DEPTH, isPlainData } from '../../lib/core/spec/plain-data';
import { quietly } from '../support/quietly';
import { same } from '../support/same-value';
import { invalidFixtures, overlayFixture, VALID_FIXTURES_DIR } from './fixture-overlay';

const EXAMPLE_DIR = path.join(__dirname, '..', '..', 'clusters');

/** Texts whose parse is kept, and the edge each one stands for. */
const KEPT: Record<string, string> = {
  numbers: 'minusZero: -0\nminusZeroFloat: -0.0\ninf: .inf\nminusInf: -.inf\nnan: .nan\nbig: 1e400\n',
  proto: '__proto__: {polluted: true}\nconstructor: x\n',
  aliases: 'a: &shared {k: [1, 2]}\nb: *shared\nc: [*shared, *shared]\n',
  unicode: 'name: "Gr\\u00fc\\u00dfe \\U0001D11E"\nbom: x\n',
  deep: `a: ${'['.repeat(MAX_PLAIN_DEPTH - 2)}${']'.repeat(MAX_PLAIN_DEPTH - 2)}\n`,
};
/** Texts whose parse is not kept: an error, a warning of `toJS`, or data that is not plain. */
const NOT_KEPT: Record<string, string> = {
  'collection key (toJS warns)': '? [a, b]\n: 1\n',
  'alias key': 'x: &k a\n*k : 1\n',
  duplicate: 'a: 1\na: 2\n',
  'unknown tag': 'a: !!binary aGVsbG8=\n',
  'too deep': `a: ${'['.repeat(MAX_PLAIN_DEPTH + 1)}${']'.repeat(MAX_PLAIN_DEPTH + 1)}\n`,
  empty: '',
  syntax: 'a: [1, 2\n',
};

describe('SpecParseCache', () => {
  test.each(Object.keys(KEPT))('%s comes back exactly as parsed', (name) => {
    const parsed = parseSpecFile('x.yaml', KEPT[name]);
    expect(parsed.cacheable).toBe(true);
    const cache = new SpecParseCache();
    cache.set(KEPT[name], parsed.data);
    const again = SpecParseCache.deserialize(cache.serialize());
    expect(same(again?.get(KEPT[name])?.data, parsed.data)).toBe(true);
  });

  test('what JSON would lose survives, and every hit is a fresh copy', () => {
    const cache = new SpecParseCache();
    for (const text of Object.values(KEPT)) cache.set(text, parseSpecFile('x.yaml', text).data);
    const numbers = cache.get(KEPT.numbers)?.data as Record<string, number>;
    expect(Object.is(numbers.minusZero, -0) && Object.is(numbers.minusZeroFloat, -0)).toBe(true);
    expect([numbers.inf, numbers.minusInf, numbers.big]).toEqual([Infinity, -Infinity, Infinity]);
    expect(numbers.nan).toBeNaN();
    const proto = cache.get(KEPT.proto)?.data as { polluted?: unknown };
    expect(Object.getPrototypeOf(Object.getPrototypeOf(proto))).toBeNull(); // a plain object, not the value
    expect(proto.polluted).toBeUndefined();
    expect(Object.keys(proto)).toEqual(['__proto__', 'constructor']);
    const aliases = cache.get(KEPT.aliases)?.data as { a: { k: number[] }; b: object; c: object[] };
    expect(aliases.b).toBe(aliases.a);
    expect(aliases.c[1]).toBe(aliases.a);
    aliases.a.k.push(3); // a caller that changes its copy changes nothing in the cache
    expect((cache.get(KEPT.aliases)?.data as { a: { k: number[] } }).a.k).toEqual([1, 2]);
  });

  test.each(Object.keys(NOT_KEPT))('%s is not kept', (name) => {
    const parsed = quietly(() => parseSpecFile('x.yaml', NOT_KEPT[name]));
    // the parse says so, or the cache refuses the data (not plain, too deep)
    expect(parsed.cacheable && SpecParseCache.encode(parsed.data) !== undefined).toBe(false);
  });

  test('a text that differs by one byte is a miss', () => {
    const cache = new SpecParseCache();
    cache.set('a: 1\n', { a: 1 });
    expect(cache.get('a: 1\n')?.data).toEqual({ a: 1 });
    expect(cache.get('a: 1 \n')).toBeUndefined();
    expect(cache.get('a: 2\n')).toBeUndefined();
  });

  test('data that is not plain is not kept, whoever asks', () => {
    const cache = new SpecParseCache();
    cache.set('a: x\n', { a: new Date(0) });
    cache.set('b: x\n', { b: Buffer.from('x') });
    expect(cache.get('a: x\n')).toBeUndefined();
    expect(cache.get('b: x\n')).toBeUndefined();
    expect(cache.changed).toBe(false);
  });

  test('it is rewritten only when its entries change, and keeps only the texts of this load', () => {
    const first = new SpecParseCache();
    first.set('a: 1\n', { a: 1 });
    first.set('b: 1\n', { b: 1 });
    expect(first.changed).toBe(true);
    const second = SpecParseCache.deserialize(first.serialize()) as SpecParseCache;
    second.get('a: 1\n');
    second.get('b: 1\n');
    expect(second.changed).toBe(false);
    const third = SpecParseCache.deserialize(first.serialize()) as SpecParseCache;
    third.get('a: 1\n'); // b.yaml is gone
    expect(third.changed).toBe(true);
    const fourth = SpecParseCache.deserialize(third.serialize()) as SpecParseCache;
    expect(fourth.get('b: 1\n')).toBeUndefined();
    expect(fourth.get('a: 1\n')?.data).toEqual({ a: 1 });
  });

  test('bytes that are not a cache are refused, and a damaged entry is a miss', () => {
    const bad = [
      Buffer.from('not v8 data'),
      v8.serialize({ a: 1 }),
      v8.serialize(new Map([['short', Buffer.from('x')]])),
      v8.serialize(new Map([['a'.repeat(64), 'not bytes']])),
      Buffer.alloc(0),
    ];
    for (const bytes of bad) expect(SpecParseCache.deserialize(bytes)).toBeUndefined();
    const good = new SpecParseCache();
    good.set('a: 1\n', { a: 1 });
    const entries = v8.deserialize(good.serialize()) as Map<string, Uint8Array>;
    for (const key of entries.keys()) entries.set(key, Buffer.from('garbage'));
    const damaged = SpecParseCache.deserialize(v8.serialize(entries)) as SpecParseCache;
    expect(damaged.get('a: 1\n')).toBeUndefined();
  });

  test('isPlainData accepts only what the serializer keeps, to the depth limit', () => {
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
});

describe('the loader with a cache', () => {
  /** Loads `dir` with no cache, then twice with one cache carried through its bytes (cold, then warm). */
  function threeLoads(dir: string): { without: unknown; cold: unknown; warm: unknown; hits: number } {
    const without = loadPlatformConfig(dir);
    const first = new SpecParseCache();
    const cold = loadPlatformConfig(dir, { parseCache: first });
    const second = SpecParseCache.deserialize(first.serialize()) as SpecParseCache;
    const get = jest.spyOn(second, 'get');
    const warm = loadPlatformConfig(dir, { parseCache: second });
    const hits = get.mock.results.filter((r) => r.value !== undefined).length;
    get.mockRestore();
    return { without, cold, warm, hits };
  }

  test.each([
    ['the example', EXAMPLE_DIR],
    ['the valid fixtures', VALID_FIXTURES_DIR],
  ])('%s loads to the same config, every file from the cache', (_name, dir) => {
    const { without, cold, warm, hits } = threeLoads(dir);
    expect((without as { ok: boolean }).ok).toBe(true);
    expect(same(cold, without)).toBe(true);
    expect(same(warm, without)).toBe(true);
    expect(hits).toBe(countYaml(dir));
  });

  /** The keys of a cache's entries. */
  const keys = (cache: SpecParseCache): string[] => [
    ...(v8.deserialize(cache.serialize()) as Map<string, unknown>).keys(),
  ];

  test('every invalid fixture gives the same errors from a warm cache, and adds nothing to it', () => {
    const base = new SpecParseCache();
    expect(loadPlatformConfig(VALID_FIXTURES_DIR, { parseCache: base }).ok).toBe(true);
    const primed = base.serialize();
    const differ: string[] = [];
    const added: string[] = [];
    let hits = 0;
    for (const fixture of invalidFixtures()) {
      const dir = overlayFixture(fixture);
      try {
        const without = quietly(() => loadPlatformConfig(dir));
        expect(without.ok).toBe(false);
        const cache = SpecParseCache.deserialize(primed) as SpecParseCache;
        const get = jest.spyOn(cache, 'get');
        const warm = quietly(() => loadPlatformConfig(dir, { parseCache: cache }));
        hits += get.mock.results.filter((r) => r.value !== undefined).length;
        get.mockRestore();
        if (!same(warm, without)) differ.push(path.basename(fixture));
        // a rejected load keeps nothing new: not the fixture (a credential in a URL, say), not the files beside it
        if (keys(cache).some((k) => !keys(base).includes(k))) added.push(path.basename(fixture));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    expect(differ).toEqual([]);
    expect(added).toEqual([]);
    // the files the fixture leaves as they were came from the cache
    expect(hits).toBeGreaterThan(invalidFixtures().length);
  });

  test('an error in a file that came from the cache is reported at the same line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parse-cache-bridge-'));
    try {
      fs.cpSync(VALID_FIXTURES_DIR, dir, { recursive: true });
      const cache = new SpecParseCache();
      expect(loadPlatformConfig(dir, { parseCache: cache }).ok).toBe(true);
      // The bridge the clusters name is gone from the platform: the unchanged cluster files are now wrong.
      const platform = path.join(dir, 'platform.yaml');
      fs.writeFileSync(platform, fs.readFileSync(platform, 'utf8').replace('- name: vmbr0', '- name: vmbr9'));
      const without = loadPlatformConfig(dir);
      const warm = loadPlatformConfig(dir, { parseCache: cache });
      const where = (r: typeof without): string[] =>
        r.ok ? [] : r.errors.map((e) => `${path.relative(dir, e.file)}:${e.line}:${e.column} ${e.path} ${e.rule}`);
      expect(where(without)).toEqual([
        'platform.yaml:43:13 management.network.bridge unknown-bridge',
        'prod/prod.yaml:24:11 network.bridge unknown-bridge',
        'staging/staging.yaml:14:11 network.bridge unknown-bridge',
      ]);
      expect(same(warm, without)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function countYaml(dir: string): number {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).length;
}
