import type { Ipv4Range } from '../../net/ipv4';

/**
 * For each range, the indices of the earlier ranges (lower index) that overlap it, ascending: what comparing every
 * range with every earlier one finds, in O(n log n + pairs) instead of O(n²). Ranges sorted by their first address
 * overlap a range exactly when they start inside it, so each pair is met once, by the range that starts first.
 *
 * `cliqueOf` names ranges a rule never compares with each other (clusters that share one default network or one
 * template): ranges with the same clique and the same addresses are swept as one, and are not paired with each
 * other, so a value a thousand clusters share costs one range, not half a million pairs.
 * Every range must have `first <= last`.
 */
export function earlierOverlaps(
  ranges: readonly Ipv4Range[],
  cliqueOf: (index: number) => string | undefined = () => undefined,
): number[][] {
  const units: { readonly range: Ipv4Range; readonly members: number[] }[] = [];
  const cliques = new Map<string, { readonly range: Ipv4Range; readonly members: number[] }>();
  ranges.forEach((range, i) => {
    const clique = cliqueOf(i);
    if (clique === undefined) {
      units.push({ range, members: [i] });
      return;
    }
    const key = `${clique}\u0000${range.first}\u0000${range.last}`;
    let unit = cliques.get(key);
    if (unit === undefined) {
      unit = { range, members: [] };
      cliques.set(key, unit);
      units.push(unit);
    }
    unit.members.push(i);
  });
  const order = units.map((_, u) => u).sort((a, b) => units[a].range.first - units[b].range.first);
  const earlier = ranges.map((): number[] => []);
  for (let p = 0; p < order.length; p++) {
    const unit = units[order[p]];
    for (let q = p + 1; q < order.length && units[order[q]].range.first <= unit.range.last; q++) {
      for (const a of unit.members) {
        for (const b of units[order[q]].members) {
          if (a < b) earlier[b].push(a);
          else earlier[a].push(b);
        }
      }
    }
  }
  for (const list of earlier) list.sort((a, b) => a - b);
  return earlier;
}
