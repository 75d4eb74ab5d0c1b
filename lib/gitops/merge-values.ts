/**
 * Deep-merges Helm values: objects merge key by key, anything else (lists, scalars) in `override` replaces the
 * value in `base`, as `helm -f base -f override` does. Returns a new object; neither input is changed.
 */
export function mergeValues(
  base: Readonly<Record<string, unknown>>,
  override: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeValues(current, value) : structuredClone(value);
  }
  return out;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
