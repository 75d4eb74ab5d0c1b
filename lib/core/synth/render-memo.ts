import type { ApiObject } from 'cdk8s';

/**
 * One `toJson()` per API object and synth. A synth resolves each object twice: once in a construct's own validation
 * (a workload cluster checks its rendered references) and once in the GitOps writer, about 8 % of a 1000-cluster
 * synth. The synth validates and renders back to back with no construct changed in between, so inside
 * {@link withRenderMemo} the writer takes the rendering the check made ({@link takeRenderedJson}, which drops it
 * again). Outside it (a construct used with `cdk8s synth`, a test) every call renders afresh. A memoized rendering
 * is shared: read it, never change it.
 */
let memo: WeakMap<ApiObject, unknown> | undefined;

/** Runs `fn` with one rendering per API object (nested calls share the outer one). */
export function withRenderMemo<T>(fn: () => T): T {
  const outer = memo;
  memo ??= new WeakMap();
  try {
    return fn();
  } finally {
    memo = outer;
  }
}

/** `obj.toJson()`, rendered once per {@link withRenderMemo} scope. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered objects are untyped JSON, as toJson()'s
export function renderedJson(obj: ApiObject): any {
  if (memo === undefined) return obj.toJson();
  let json = memo.get(obj);
  if (json === undefined) {
    json = obj.toJson();
    memo.set(obj, json);
  }
  return json;
}

/**
 * The last use of an object's rendering in a scope (the GitOps writer): the memoized one, which is then dropped, or
 * a fresh one that is not kept. Nothing is held longer than it was before the memo.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered objects are untyped JSON, as toJson()'s
export function takeRenderedJson(obj: ApiObject): any {
  const json = memo?.get(obj);
  if (json === undefined) return obj.toJson();
  memo?.delete(obj);
  return json;
}
