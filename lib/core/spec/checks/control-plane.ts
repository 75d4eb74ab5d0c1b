/**
 * etcd needs a majority of members: an even count adds a member without adding failure tolerance (2 tolerate no
 * failure, like 1; 4 tolerate one, like 3), and zero control planes is no cluster at all.
 */
import type { Issue, SpecPath } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkControlPlaneCounts(config: PlatformConfig): Issue[] {
  const issues: Issue[] = [];
  const { platform } = config;
  check(issues, platform.sourceFile, ['management', 'controlPlane', 'count'], platform.management.controlPlane.count);
  for (const cluster of config.clusters)
    check(issues, cluster.sourceFile, ['controlPlane', 'count'], cluster.controlPlane.count);
  return issues;
}

function check(issues: Issue[], file: string, path: SpecPath, count: number): void {
  if (count === 0) {
    issues.push({
      file,
      path,
      rule: 'zero-control-plane-count',
      message: 'a cluster needs at least one control plane',
      expected: 'an odd number: 1, 3 or 5',
      hint: 'use 3 (survives one failure) or 1 (no redundancy)',
    });
  } else if (count % 2 === 0) {
    issues.push({
      file,
      path,
      rule: 'even-control-plane-count',
      message: `${count} control planes tolerate no more failures than ${count - 1} (etcd quorum)`,
      expected: 'an odd number: 1, 3 or 5',
      hint: `use ${count - 1} or ${count + 1}`,
    });
  }
}
