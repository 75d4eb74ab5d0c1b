import { rangesOverlap } from '../../lib/core/net/ipv4';
import type { Ipv4Range } from '../../lib/core/net/ipv4';
import { earlierOverlaps } from '../../lib/core/spec/checks/overlaps';

/** What the checks did before: every range against every earlier one. */
function bruteForce(ranges: readonly Ipv4Range[]): number[][] {
  return ranges.map((r, i) =>
    ranges
      .slice(0, i)
      .map((e, j) => (rangesOverlap(e, r) ? j : -1))
      .filter((j) => j >= 0),
  );
}

/** A seeded generator (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('earlierOverlaps', () => {
  it('finds what comparing every pair finds, in the same order, on random ranges', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const span = 1 + Math.floor(next() * 200); // small spans force ties, nesting and shared ends
      const ranges = Array.from({ length: Math.floor(next() * 40) }, () => {
        const first = Math.floor(next() * span);
        return { first, last: first + Math.floor(next() * next() * span) };
      });
      expect(earlierOverlaps(ranges)).toEqual(bruteForce(ranges));
    }
  });

  it('leaves out pairs within a clique, and still pairs clique members with everything else', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const span = 1 + Math.floor(next() * 60);
      const shared = [
        { first: 5, last: 5 },
        { first: 10, last: 30 },
      ];
      const items = Array.from({ length: Math.floor(next() * 40) }, () => {
        const pick = next();
        // a third share one of two ranges in one of two cliques; the rest are free ranges
        if (pick < 0.33) return { range: shared[Math.floor(next() * 2)], clique: next() < 0.5 ? 'a' : 'b' };
        const first = Math.floor(next() * span);
        return { range: { first, last: first + Math.floor(next() * next() * span) }, clique: undefined };
      });
      const ranges = items.map((x) => x.range);
      const expected = bruteForce(ranges).map((earlier, i) =>
        earlier.filter(
          (j) => items[j].clique === undefined || items[j].clique !== items[i].clique || ranges[j] !== ranges[i],
        ),
      );
      expect(earlierOverlaps(ranges, (i) => items[i].clique)).toEqual(expected);
    }
  });

  it('counts touching ends, single addresses and identical ranges as overlaps', () => {
    const ranges = [
      { first: 10, last: 20 },
      { first: 20, last: 30 },
      { first: 5, last: 5 },
      { first: 10, last: 20 },
      { first: 0, last: 4 },
      { first: 0, last: 4294967295 },
    ];
    expect(earlierOverlaps(ranges)).toEqual([[], [0], [], [0, 1], [], [0, 1, 2, 3, 4]]);
  });
});
