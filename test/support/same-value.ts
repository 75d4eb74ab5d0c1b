/** Plain data equal in every way but the realm: Object.is for primitives, keys in order, shared objects alike. */
export function same(a: unknown, b: unknown, pairs = new Map<object, object>()): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  const paired = pairs.get(a);
  if (paired !== undefined) return paired === b;
  pairs.set(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const protoName = (x: object): unknown =>
    (Object.getPrototypeOf(x) as { constructor?: { name?: string } } | null)?.constructor?.name;
  if (protoName(a) !== protoName(b)) return false;
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) =>
    k === 'length' && Array.isArray(a)
      ? true
      : same((a as Record<PropertyKey, unknown>)[k], (b as Record<PropertyKey, unknown>)[k], pairs),
  );
}
