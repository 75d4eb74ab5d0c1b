// The generated CRD bindings drop undefined values with one linear helper, `definedEntries_`, where cdk8s-cli's
// importer writes a reduce with a spread (quadratic: scripts/lib/import-k8s.mjs rewrites it). These tests prove the
// rewrite changes no output: the helper against the importer's expression on tricky inputs, and every generated
// toJson_* function against the same module with the importer's original expression put back.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const K8S_DIR = path.resolve(__dirname, '..', '..', 'imports', 'k8s');
const MODULES = fs
  .readdirSync(K8S_DIR)
  .filter((f) => f.endsWith('.ts'))
  .sort();

type Fn = (value: unknown) => unknown;
type Helper = (obj: Record<string, unknown>, fn?: Fn) => Record<string, unknown>;

/** The importer's expression, as it generates it. */
function importerReduce(obj: Record<string, unknown>, fn: Fn = (v) => v): Record<string, unknown> {
  return Object.entries(obj).reduce<Record<string, unknown>>(
    (r, i) => (i[1] === undefined ? r : { ...r, [i[0]]: fn(i[1]) }),
    {},
  );
}

/** Keys in order, prototype and every own property's descriptor, recursively: stricter than toEqual. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value === null || typeof value !== 'object') return value;
  return {
    proto: Object.getPrototypeOf(value) === Object.prototype ? 'Object' : String(Object.getPrototypeOf(value)),
    own: Reflect.ownKeys(value).map((k) => {
      const d = Object.getOwnPropertyDescriptor(value, k) as PropertyDescriptor;
      return [String(k), d.enumerable, d.writable, d.configurable, shape(d.value)];
    }),
  };
}

/** The bindings module with the importer's original reduce put back, compiled to CommonJS and loaded. */
function loadWithImporterReduce(file: string): Record<string, unknown> {
  const text = fs.readFileSync(path.join(K8S_DIR, file), 'utf8');
  const helperAt = text.indexOf('\n/**\n * Object.entries(obj) without undefined values');
  const original = (helperAt < 0 ? text : text.slice(0, helperAt)).replace(
    /definedEntries_\(([\w$.]+)(?:, ((?:\(v\) => v\?\.value)|toJson_\w+))?\)/g,
    (_, target: string, fn: string | undefined) => {
      const value = fn === undefined ? 'i[1]' : fn.startsWith('(v)') ? 'i[1]?.value' : `${fn}(i[1])`;
      return `Object.entries(${target}).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: ${value} }), {})`;
    },
  );
  expect(original).not.toContain('definedEntries_');
  const js = ts.transpileModule(original, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const mod = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', js.outputText)(require, mod, mod.exports);
  return mod.exports;
}

/** A lazy input of any shape: each property is a value chosen from its name, nested up to a depth. */
function fakeInput(depth: number, seed: string): unknown {
  const hash = (s: string): number => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  return new Proxy(
    {},
    {
      get(_, key) {
        if (typeof key === 'symbol' || key === 'then' || key === 'toJSON') return undefined;
        const h = hash(seed + key) % 8;
        if (depth <= 0 || h === 0) return `${key}-value`;
        if (h === 1) return undefined;
        if (h === 2) return 42;
        if (h === 3) return [fakeInput(depth - 1, `${seed}${key}0`), fakeInput(depth - 1, `${seed}${key}1`)];
        if (h === 4) return { b: 'x', 10: 'ten', a: undefined, 2: { value: 'two' }, z: fakeInput(depth - 1, seed) };
        if (h === 5) return true;
        return fakeInput(depth - 1, `${seed}${key}`);
      },
    },
  );
}

function outcome(f: () => unknown): unknown {
  try {
    return { ok: shape(f()) };
  } catch (e) {
    return { threw: e instanceof Error ? e.message : String(e) };
  }
}

describe('definedEntries_ (generated CRD bindings)', () => {
  it('replaces every reduce of the importer in imports/k8s', () => {
    for (const file of MODULES) {
      const text = fs.readFileSync(path.join(K8S_DIR, file), 'utf8');
      expect(text).not.toContain('reduce((r, i)');
    }
  });

  it('computes what the importer expression computes', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module by its path, like the bindings
    const { definedEntries_ } = require(path.join(K8S_DIR, 'cilium.io')) as { definedEntries_: Helper };
    const protoKey = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const inputs: Record<string, unknown>[] = [
      {},
      { a: 1, b: undefined, c: null, d: 0, e: '', f: false },
      { b: 'x', 10: 'ten', a: undefined, 2: 'two', '-1': 'neg', '01': 'lead' },
      protoKey,
      { constructor: 'c', toString: 's', hasOwnProperty: 'h' },
      { nested: { x: undefined }, list: [undefined, 1] },
    ];
    const fns: (Fn | undefined)[] = [
      undefined,
      (v) => (v as { value?: unknown } | null)?.value,
      (v) => (typeof v === 'number' ? undefined : [v]),
    ];
    for (const input of inputs) {
      for (const fn of fns) {
        expect(shape(definedEntries_(input, fn))).toEqual(shape(importerReduce(input, fn)));
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(MODULES)('%s: every toJson_* gives the same output as with the importer reduce', (file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- every module of the folder
    const current = require(path.join(K8S_DIR, file.replace(/\.ts$/, ''))) as Record<string, unknown>;
    const original = loadWithImporterReduce(file);
    const names = Object.keys(current).filter((k) => k.startsWith('toJson_'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const now = current[name] as Fn;
      const before = original[name] as Fn;
      expect(typeof before).toBe('function');
      for (const seed of ['', 's1', 's2', 's3']) {
        expect(outcome(() => now(fakeInput(4, seed)))).toEqual(outcome(() => before(fakeInput(4, seed))));
      }
      expect(outcome(() => now(undefined))).toEqual(outcome(() => before(undefined)));
    }
  });
});
