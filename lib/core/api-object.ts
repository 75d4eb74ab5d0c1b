/**
 * cdk8s's `ApiObject` with a one-pass `toJson()` for plain data. cdk8s 2.70's `toJson()` resolves every value with
 * `resolve()` (a `ResolutionContext`, a copied key path, an `App.of` walk to the root and three resolver calls per
 * value, the metadata twice), then copies it all again in `sanitizeValue`: about 450 ms for the 12,000 objects of a
 * 1000-cluster synth. {@link plainApiObjectJson} computes the same result in one walk when the object holds only
 * what the default resolvers leave alone or replace in a known way, and returns `undefined` otherwise, so that
 * cdk8s's own `toJson()` runs (and throws its own errors). test/core/api-object.test.ts compares both on every object
 * of the example platform, on generated fleets and on hostile values.
 */
import {
  ApiObject as Cdk8sApiObject,
  App,
  ImplicitTokenResolver,
  Lazy,
  LazyResolver,
  NumberStringUnionResolver,
  type IResolver,
} from 'cdk8s';

/** A value the one-pass walk does not render like cdk8s (it falls back to cdk8s's `toJson()`). */
const NOT_PLAIN: unique symbol = Symbol('not plain');

/** What `sanitizeValue` is called with: the metadata drops empty arrays and objects, the object itself does not. */
interface WalkOptions {
  readonly filterEmpty: boolean;
}
const METADATA: WalkOptions = { filterEmpty: true };
const BODY: WalkOptions = { filterEmpty: false };

/**
 * `sanitizeValue(resolve(value))` with the default resolvers, in one walk: values in the order `resolve` visits them
 * (so a `Lazy` is produced when cdk8s would produce it), keys sorted as `sanitizeValue` sorts them.
 *
 * - `null` and `undefined`: dropped from objects, `undefined` in arrays (as in cdk8s).
 * - A `Lazy` (`LazyResolver`): its produced value, walked again.
 * - A class instance with a number or string `value` and no `resolve()` (`NumberStringUnionResolver`, the
 *   generated `IntOrString`-like unions): `{ value }`.
 * - Anything else that is not a primitive, an array or an object literal (a function, a class instance, a token
 *   with `resolve()`, an object without `Object.prototype`, a `__proto__` or `constructor` key): {@link NOT_PLAIN}.
 */
function walk(value: unknown, options: WalkOptions): unknown /* or NOT_PLAIN */ {
  if (value === null || value === undefined) return undefined;
  const type = typeof value;
  if (type === 'function') return NOT_PLAIN;
  if (type !== 'object') return value;
  if (Array.isArray(value)) return walkArray(value, options);
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype || Object.hasOwn(value, 'constructor')) return walkInstance(value as object, options);
  return walkObject(value as Record<string, unknown>, options);
}

function walkArray(value: unknown[], options: WalkOptions): unknown /* or NOT_PLAIN */ {
  if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_PLAIN;
  if (options.filterEmpty && value.length === 0) return undefined;
  const out: unknown[] = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) continue; // a hole stays a hole, as with map()
    const item = walk(value[i], options);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    out[i] = item;
  }
  return out;
}

function walkObject(value: Record<string, unknown>, options: WalkOptions): unknown /* or NOT_PLAIN */ {
  const keys = Object.keys(value);
  const walked: unknown[] = new Array<unknown>(keys.length);
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    // `result[key] = ...` in resolve() would set the prototype for `__proto__`: leave that to cdk8s.
    if (key === '__proto__') return NOT_PLAIN;
    const item = walk(value[key], options);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    walked[i] = item;
    if (i > 0 && keys[i - 1] > key) sorted = false;
  }
  const order = keys.map((_, i) => i);
  if (!sorted) order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const i of order) {
    const item = walked[i];
    if (item === null || item === undefined) continue;
    out[keys[i]] = item;
    kept++;
  }
  return options.filterEmpty && kept === 0 ? undefined : out;
}

/** A class instance: what the default resolvers make of it, in their order. */
function walkInstance(value: object, options: WalkOptions): unknown /* or NOT_PLAIN */ {
  if (value instanceof Lazy) return walk(value.produce(), options);
  const candidate = value as { resolve?: unknown; value?: unknown; constructor?: unknown };
  if (typeof candidate.resolve === 'function' || candidate.constructor === Object) return NOT_PLAIN;
  const inner = typeof candidate.value;
  if (inner === 'number' || inner === 'string') return { value: candidate.value };
  return NOT_PLAIN;
}

/** True when `resolvers` are exactly the three an `App` adds by default, in their order. */
function defaultResolvers(resolvers: readonly IResolver[]): boolean {
  return (
    resolvers.length === 3 &&
    resolvers[0].constructor === LazyResolver &&
    resolvers[1].constructor === ImplicitTokenResolver &&
    resolvers[2].constructor === NumberStringUnionResolver
  );
}

/** The fields of cdk8s's `ApiObject` and `ApiObjectMetadataDefinition` that its `toJson()` reads (private there). */
interface Cdk8sInternals {
  readonly props?: unknown;
  readonly patches?: unknown;
  readonly metadata?: {
    readonly _additionalAttributes?: unknown;
    readonly name?: unknown;
    readonly namespace?: unknown;
    readonly annotations?: unknown;
    readonly finalizers?: unknown;
    readonly ownerReferences?: unknown;
    readonly labels?: unknown;
  };
}

/**
 * What cdk8s's `ApiObject.prototype.toJson` returns for `obj`, computed in one walk, or `undefined` when it must
 * run itself: the object has JSON patches, its `App` has resolvers of its own, `CDK8S_DISABLE_SORT` is set, cdk8s's
 * internals are not the shape this was written for (2.70), or a value is not plain data (see `walk`). A `Lazy` met
 * before such a value has been produced once already when cdk8s produces it again; cdk8s itself renders an object
 * more than once (validation, synth), so producers must not count on being called once.
 */
export function plainApiObjectJson(obj: Cdk8sApiObject): Record<string, unknown> | undefined {
  const internals = obj as unknown as Cdk8sInternals;
  const { props, patches, metadata } = internals;
  if (!Array.isArray(patches) || patches.length > 0 || process.env.CDK8S_DISABLE_SORT) return undefined;
  if (typeof props !== 'object' || props === null || typeof metadata !== 'object' || metadata === null)
    return undefined;
  if (typeof metadata._additionalAttributes !== 'object' || metadata._additionalAttributes === null) return undefined;
  const app = App.of(obj) as Partial<App>;
  if (!Array.isArray(app.resolvers) || !defaultResolvers(app.resolvers)) return undefined;
  try {
    // ApiObjectMetadataDefinition.toJson(): the same literal, in the same key order.
    const meta = walk(
      {
        ...metadata._additionalAttributes,
        name: metadata.name,
        namespace: metadata.namespace,
        annotations: metadata.annotations,
        finalizers: metadata.finalizers,
        ownerReferences: metadata.ownerReferences,
        labels: metadata.labels,
      },
      METADATA,
    );
    if (meta === NOT_PLAIN) return undefined;
    const json = walk({ ...props, metadata: meta }, BODY);
    if (json === NOT_PLAIN || typeof json !== 'object' || json === null) return undefined;
    // ApiObject.toJson(): apiVersion, kind and metadata first, then the rest (sorted already).
    const body = json as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(body)]) {
      if (key in body) result[key] = body[key];
    }
    return result;
  } catch (err) {
    // A producer that throws: cdk8s's own message.
    throw new Error(`Failed serializing construct at path '${obj.node.path}' with name '${obj.name}': ${String(err)}`);
  }
}

/**
 * cdk8s's `ApiObject`, rendered by {@link plainApiObjectJson} when it can and by cdk8s otherwise: the same JSON, and
 * the same errors. The generated bindings (`imports/k8s/`) and the constructs in `lib/` extend or create this one.
 */
export class ApiObject extends Cdk8sApiObject {
  public override toJson(): any /* eslint-disable-line @typescript-eslint/no-explicit-any -- as cdk8s's */ {
    return plainApiObjectJson(this) ?? super.toJson();
  }
}
