import { createHash } from 'crypto';
import fc from 'fast-check';
import { contentHash } from '../../lib/capi/workload/names';

/** The canonical JSON the template names were first hashed with: the hash of a spec must never change. */
function referenceCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const referenceHash = (value: unknown): string =>
  createHash('sha256').update(referenceCanonicalJson(value)).digest('hex').slice(0, 8);

describe('contentHash', () => {
  it('hashes as it always did, on any JSON-like value (undefined members, odd keys, nesting)', () => {
    const leaf = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 5 }),
      map: fc.dictionary(
        fc.oneof(fc.string(), fc.constantFrom('a', 'B', '_', '10', '2', 'é', '\u{1F600}')),
        tie('node'),
        {
          maxKeys: 6,
        },
      ),
    }));
    const value = fc.oneof(tree.map, tree.list); // a spec is an object (a bare undefined has no JSON)
    fc.assert(
      fc.property(value, (v) => contentHash(v) === referenceHash(v)),
      { numRuns: 500, seed: 13 },
    );
  });

  it('keeps the hash of a known spec', () => {
    // 52f34a4b: sha256 of {"a":[true,null,"x"],"b":1,"d":{"y":-1.5,"z":0}}, as the first release named it
    expect(contentHash({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 0, y: -1.5 } })).toBe('52f34a4b');
  });
});
