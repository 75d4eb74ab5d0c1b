/** The odd control-plane rule (`controlPlaneCountProblems` in lib/core/rules) on the management and every cluster. */
import { controlPlaneCountProblems } from '../../rules/control-plane';
import { issuesAt } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkControlPlaneCounts(config: PlatformConfig): Issue[] {
  const { platform } = config;
  return [
    ...issuesAt(
      platform.sourceFile,
      ['management', 'controlPlane', 'count'],
      controlPlaneCountProblems(platform.management.controlPlane.count),
    ),
    ...config.clusters.flatMap((c) =>
      issuesAt(c.sourceFile, ['controlPlane', 'count'], controlPlaneCountProblems(c.controlPlane.count)),
    ),
  ];
}
