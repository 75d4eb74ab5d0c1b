// lib/core/api-object.ts renders plain data in one walk instead of cdk8s's resolve() and sanitizeValue(). These tests
// prove it changes no output: every API object of the example platform and of the fixtures against cdk8s's own
// ApiObject.prototype.toJson, hostile values one by one, random values, and the cases it must leave to cdk8s.
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { ApiObject as Cdk8sApiObject, App, Chart, JsonPatch, Lazy, LazyResolver } from 'cdk8s';
import type { IResolver, ResolutionContext } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import fc from 'fast-check';
import { ApiObject, plainApiObjectJson } from '../../lib/core/api-object';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import { REPO_ROOT_CONTEXT } from '../../lib/secrets/sops-secret';
import { TalosControlPlaneSpecRolloutStrategyRollingUpdateMaxSurge as MaxSurge } from '../../imports/k8s/controlplane.cluster.x-k8s.io';
import { buildPlatform } from '../../stacks/platform';

const REPO = path.resolve(__dirname, '..', '..');
const OUT = path.join(os.tmpdir(), 'api-object-test-never-written');

/** Key order, prototypes and array holes, recursively: stricter than toStrictEqual on the values themselves. */
function ordered(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) if (i in value) items[i] = ordered(value[i]);
    return ['array', items];
  }
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  return [
    proto === Object.prototype ? 'object' : String(proto),
    Object.keys(value).map((k) => [k, ordered((value as Record<string, unknown>)[k])]),
  ];
}

/** What cdk8s renders for the object (its own toJson, not a subclass's), or the error it throws. */
function cdk8sRendering(obj: Cdk8sApiObject): { json?: unknown; error?: string } {
  try {
    return { json: ordered(Cdk8sApiObject.prototype.toJson.call(obj)) };
  } catch (err) {
    return { error: String(err) };
  }
}

/** What our ApiObject renders (its own toJson, not a generated subclass's). */
function ourRendering(obj: Cdk8sApiObject): { json?: unknown; error?: string } {
  try {
    return { json: ordered(ApiObject.prototype.toJson.call(obj)) };
  } catch (err) {
    return { error: String(err) };
  }
}

/** Every API object the platform of `configDir` builds (as synth builds it), in this jest sandbox. */
function platformObjects(configDir: string, repoRoot?: string): Cdk8sApiObject[] {
  const loaded = loadPlatformConfig(configDir);
  if (!loaded.ok) throw new Error(`${configDir} does not load: ${JSON.stringify(loaded.errors)}`);
  const apps = { tf: new TfApp({ outdir: OUT }), k8s: new App({ outdir: OUT }) };
  if (repoRoot) {
    apps.tf.node.setContext(REPO_ROOT_CONTEXT, repoRoot);
    apps.k8s.node.setContext(REPO_ROOT_CONTEXT, repoRoot);
  }
  buildPlatform(loaded.config, apps);
  return apps.k8s.node.findAll().filter((c): c is Cdk8sApiObject => Cdk8sApiObject.isApiObject(c));
}

const PLATFORMS: [string, string | undefined][] = [
  [path.join(REPO, 'clusters'), undefined],
  [path.join(REPO, 'test', 'fixtures', 'valid-flux'), undefined],
  [path.join(REPO, 'test', 'fixtures', 'addons'), path.join(REPO, 'test', 'gitops', 'addons', 'fixtures', 'repo')],
  [path.join(REPO, 'test', 'fixtures', 'worker-pools'), undefined],
];

interface DifferentialReport {
  readonly objects: number;
  readonly notOurs: string[];
  readonly fellBack: string[];
  readonly differ: string[];
}

test('every API object of the example, the fixtures and 40 generated clusters: one walk, the same JSON as cdk8s', () => {
  // In a process of its own (see the script): jest's sandbox is a second realm.
  const script = path.join(REPO, 'test', 'support', 'api-object-differential.cjs');
  const dirs = PLATFORMS.map(([dir, sops]) => (sops ? `${dir}=${sops}` : dir));
  const stdout = execFileSync(process.execPath, [script, REPO, ...dirs, '--fleet', '40'], { encoding: 'utf8' });
  const report = JSON.parse(stdout) as Record<string, DifferentialReport>;
  expect(Object.keys(report)).toHaveLength(PLATFORMS.length + 1);
  for (const [name, r] of Object.entries(report)) {
    expect({ name, objects: r.objects > 10 }).toEqual({ name, objects: true });
    expect({ name, notOurs: r.notOurs, fellBack: r.fellBack, differ: r.differ }).toEqual({
      name,
      notOurs: [],
      fellBack: [],
      differ: [],
    });
  }
  expect(report['40 generated clusters'].objects).toBeGreaterThan(40 * 10);
});

describe.each(PLATFORMS)('every API object of %s, in the jest sandbox', (configDir, repoRoot) => {
  test("renders exactly what cdk8s's own toJson renders (in one walk or by cdk8s)", () => {
    for (const obj of platformObjects(configDir, repoRoot)) {
      const ours = JSON.stringify(ourRendering(obj));
      expect({ path: obj.node.path, same: ours === JSON.stringify(cdk8sRendering(obj)) }).toEqual({
        path: obj.node.path,
        same: true,
      });
    }
  });
});

/** A new object of ours with `spec` (and optional metadata) in a new app and chart. */
function objectWith(spec: unknown, metadata: Record<string, unknown> = {}, app: App = new App()): ApiObject {
  const chart = new Chart(app, 'Chart', { labels: { chart: 'label' } });
  return new ApiObject(chart, 'Obj', { apiVersion: 'example.com/v1', kind: 'Example', metadata, spec });
}

describe('hostile values', () => {
  // Three entries per row: jest takes a test function with more parameters than the row as one that waits for done().
  const cases: [string, () => unknown, Record<string, unknown>][] = [
    ['undefined and null in objects and arrays', () => ({ a: undefined, b: null, c: [undefined, null, 1], d: {} }), {}],
    ['empty arrays and objects (kept outside the metadata)', () => ({ a: [], b: {}, c: [[], {}], d: { e: {} } }), {}],
    ['keys in every order', () => ({ b: 1, a: 2, B: 3, 10: 4, 9: 5, é: 6, _: 7, '': 8, 'a b': 9 }), {}],
    // eslint-disable-next-line no-sparse-arrays -- the point
    ['an array with holes', () => [1, , 3], {}],
    ['numbers and strings of every kind', () => [0, -0, NaN, Infinity, 1e300, '', 'null', '1', 'true', '\u2028'], {}],
    ['booleans, a bigint and a symbol', () => ({ t: true, f: false, big: BigInt(10), sym: Symbol.for('x') }), {}],
    ['a number-or-string union', () => ({ maxSurge: MaxSurge.fromNumber(1), other: MaxSurge.fromString('50%') }), {}],
    ['a Lazy, a Lazy of a Lazy, a Lazy of undefined', () => lazies(), {}],
    ['a `value` key in a plain object', () => ({ value: 1, nested: { value: 'x' } }), {}],
    ['a `resolve` key that is not a function', () => ({ resolve: 'no', also: { resolve: 1 } }), {}],
    [
      'empty and null metadata fields (dropped there)',
      () => ({}),
      { labels: {}, annotations: { a: '' }, finalizers: [], ownerReferences: [], extra: { x: null } },
    ],
    ['a Lazy in the metadata', () => ({}), { annotations: { lazy: Lazy.any({ produce: () => 'v' }) } }],
  ];

  test.each(cases)('%s: the same as cdk8s, in one walk', (_, spec, metadata) => {
    const obj = objectWith(spec(), metadata);
    expect(plainApiObjectJson(obj)).toBeDefined();
    expect(ourRendering(obj)).toStrictEqual(cdk8sRendering(obj));
  });

  test('Lazy values are produced in the order cdk8s produces them: metadata first, then keys as written', () => {
    const calls: string[] = [];
    const lazy = (name: string): Lazy => Lazy.any({ produce: () => (calls.push(name), name) });
    const obj = objectWith({ z: lazy('z'), a: lazy('a'), m: [lazy('m0'), lazy('m1')] }, { labels: { l: lazy('l') } });
    plainApiObjectJson(obj);
    const ours = calls.splice(0);
    Cdk8sApiObject.prototype.toJson.call(obj);
    expect(ours).toEqual(calls);
    expect(ours).toEqual(['l', 'z', 'a', 'm0', 'm1']);
  });

  test("a producer's error is cdk8s's error", () => {
    const obj = objectWith({
      a: Lazy.any({
        produce: () => {
          throw new Error('boom');
        },
      }),
    });
    expect(ourRendering(obj)).toStrictEqual(cdk8sRendering(obj));
    expect(ourRendering(obj).error).toMatch(/Failed serializing construct at path 'Chart\/Obj' .*boom/);
  });
});

function lazies(): unknown {
  return {
    one: Lazy.any({ produce: () => ({ b: 1, a: [2] }) }),
    two: Lazy.any({ produce: () => Lazy.any({ produce: () => 'inner' }) }),
    none: Lazy.any({ produce: () => undefined }),
  };
}

describe('left to cdk8s (same output or the same error)', () => {
  class Token {
    public resolve(): string {
      return 'resolved';
    }
  }
  class Opaque {
    public readonly x = 1;
  }
  const cases: [string, () => unknown][] = [
    ['a function', () => ({ f: () => 1 })],
    ['a Date', () => ({ d: new Date(0) })],
    ['a Map', () => ({ m: new Map([[1, 2]]) })],
    ['a class instance', () => ({ o: new Opaque() })],
    ['an implicit token (resolve())', () => ({ t: new Token() })],
    ['an object without a prototype', () => ({ n: Object.create(null) as unknown })],
    ['a `__proto__` key', () => JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as unknown],
    ['a `constructor` key', () => ({ constructor: 'x', a: 1 })],
    ['an array subclass', () => ({ a: new (class extends Array<number> {})() })],
    ['a plain value after a Lazy', () => ({ a: Lazy.any({ produce: () => 1 }), z: () => 2 })],
  ];

  test.each(cases)('%s', (_, spec) => {
    const obj = objectWith(spec());
    expect(plainApiObjectJson(obj)).toBeUndefined();
    expect(ourRendering(obj)).toStrictEqual(cdk8sRendering(obj));
  });

  test('an object with JSON patches', () => {
    const obj = objectWith({ a: 1 });
    obj.addJsonPatch(JsonPatch.add('/spec/b', 2));
    expect(plainApiObjectJson(obj)).toBeUndefined();
    expect(ourRendering(obj)).toStrictEqual(cdk8sRendering(obj));
    expect(obj.toJson()).toMatchObject({ spec: { a: 1, b: 2 } });
  });

  test('an app with resolvers of its own', () => {
    const upper: IResolver = {
      resolve: (context: ResolutionContext) => {
        if (typeof context.value === 'string' && context.value !== context.value.toUpperCase())
          context.replaceValue(context.value.toUpperCase());
      },
    };
    const obj = objectWith({ a: 'x' }, {}, new App({ resolvers: [upper] }));
    expect(plainApiObjectJson(obj)).toBeUndefined();
    expect(obj.toJson()).toMatchObject({ spec: { a: 'X' } });
    expect(ourRendering(obj)).toStrictEqual(cdk8sRendering(obj));
  });

  test('an app whose resolvers are the defaults in another order', () => {
    const obj = objectWith({ a: 'x' }, {}, new App({ resolvers: [new LazyResolver()] }));
    expect(plainApiObjectJson(obj)).toBeUndefined();
  });

  test('CDK8S_DISABLE_SORT', () => {
    const obj = objectWith({ b: 1, a: 2 });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(plainApiObjectJson(obj)).toBeUndefined();
      expect(Object.keys((obj.toJson() as { spec: object }).spec)).toEqual(['b', 'a']);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });
});

test('random values render as cdk8s renders them', () => {
  const value = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(undefined, null, true, false, 0, -0, 1.5, NaN, '', 'a', 'B', '10', '__proto__'),
      fc.string(),
      fc.integer(),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(
        fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('constructor', 'resolve', 'value')),
        tie('value'),
        { maxKeys: 5 },
      ),
      tie('value').map((v) => Lazy.any({ produce: () => v })),
      fc
        .oneof(fc.integer(), fc.string())
        .map((v) => (typeof v === 'number' ? MaxSurge.fromNumber(v) : MaxSurge.fromString(v))),
      fc.constantFrom(new Date(0), () => 1, Object.create(null) as unknown),
    ),
  }));
  fc.assert(
    fc.property(
      value.value,
      fc.dictionary(fc.string({ maxLength: 3 }), value.value, { maxKeys: 3 }),
      (spec, labels) => {
        const obj = objectWith(spec, { annotations: labels });
        expect(ourRendering(obj)).toStrictEqual(cdk8sRendering(obj));
      },
    ),
    { numRuns: 2000, seed: 13 },
  );
});
