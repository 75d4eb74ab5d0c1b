import type { Ipv4Range } from '../../net/ipv4';

/**
 * For each range, the indices of the earlier ranges (lower index) that overlap it, ascending: what comparing every
 * range with every earlier one finds, in O(n log n + pairs) instead of O(n²). Ranges sorted by their first address
 * overlap a range exactly when they start inside it, so each pair is met once, by the range that starts first.
 * Every range must have `first <= last`.
 */
export function earlierOverlaps(ranges: readonly Ipv4Range[]): number[][] {
  const order = ranges.map((_, i) => i).sort((a, b) => ranges[a].first - ranges[b].first || a - b);
  const earlier = ranges.map((): number[] => []);
  for (let p = 0; p < order.length; p++) {
    const last = ranges[order[p]].last;
    for (let q = p + 1; q < order.length && ranges[order[q]].first <= last; q++) {
      const [a, b] = [order[p], order[q]];
      if (a < b) earlier[b].push(a);
      else earlier[a].push(b);
    }
  }
  for (const list of earlier) list.sort((a, b) => a - b);
  return earlier;
}
