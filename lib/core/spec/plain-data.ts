/**
 * Whether parsed YAML survives V8's serializer (`v8.serialize`, the structured clone) unchanged. That is not JSON: it
 * keeps `-0`, `NaN`, the infinities, an own `__proto__` key and objects shared by aliases, but it turns a Buffer
 * (what `!!binary` gives) into a plain Uint8Array. So only strings, numbers, booleans, `null`, arrays and plain
 * objects pass (a tag that yields a Date, Set or Map fails too), and only up to a depth (spec files nest about 8
 * levels).
 */

/** Levels of nesting plain data may have: a spec file nests about 8, and deserializing is recursive. */
export const MAX_PLAIN_DEPTH = 100;

export function isPlainData(data: unknown, maxDepth: number = MAX_PLAIN_DEPTH): boolean {
  // Objects shared by aliases are walked again only when reached deeper than before: bounded, not exponential.
  const deepest = new Map<object, number>();
  const walk = (value: unknown, depth: number): boolean => {
    if (value === null) return true;
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
        return true;
      case 'object':
        break;
      default:
        return false;
    }
    if (depth >= maxDepth) return false;
    if ((deepest.get(value) ?? -1) >= depth) return true;
    deepest.set(value, depth);
    const proto = Object.getPrototypeOf(value) as unknown;
    if (Array.isArray(value)) {
      return proto === Array.prototype && value.every((v) => walk(v, depth + 1));
    }
    if (proto !== Object.prototype) return false;
    const keys = Object.keys(value);
    // a non-enumerable or symbol-keyed property would not be serialized
    if (Reflect.ownKeys(value).length !== keys.length) return false;
    return keys.every((k) => walk((value as Record<string, unknown>)[k], depth + 1));
  };
  return walk(data, 0);
}
