/**
 * etcd needs a majority of members: an even count adds a member without adding failure tolerance (2 tolerate no
 * failure, like 1; 4 tolerate one, like 3), and zero control planes is no cluster at all.
 */
import type { RuleProblem } from './problem';

/** The number of control planes of a cluster must be a positive odd integer. */
export function controlPlaneCountProblems(count: number): RuleProblem[] {
  const expected = 'an odd number: 1, 3 or 5 (etcd needs a majority)';
  if (!Number.isInteger(count) || count < 1) {
    return [
      {
        rule: 'zero-control-plane-count',
        message: count === 0 ? 'a cluster needs at least one control plane' : `${count} is not a control-plane count`,
        expected,
        hint: 'use 3 (survives one failure) or 1 (no redundancy)',
      },
    ];
  }
  if (count % 2 === 1) return [];
  return [
    {
      rule: 'even-control-plane-count',
      message: `${count} control planes tolerate no more failures than ${count - 1} (etcd quorum)`,
      expected,
      hint: `use ${count - 1} or ${count + 1}`,
    },
  ];
}
