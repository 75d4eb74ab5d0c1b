/** `clusterClass: true` cannot work with CACPPT as pinned (`clusterClassProblems` in lib/core/rules says why). */
import { clusterClassProblems } from '../../rules/cluster-class';
import { issuesAt } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkClusterClass(config: PlatformConfig): Issue[] {
  const cacppt = config.platform.versions.cacppt;
  return config.clusters.flatMap((c) => issuesAt(c.sourceFile, [], clusterClassProblems(c.clusterClass, cacppt)));
}
