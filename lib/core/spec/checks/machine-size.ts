/** Talos minimum sizes (`machineSizeProblems` in lib/core/rules) on every machine group that has machines. */
import { machineSizeProblems } from '../../rules/machine-size';
import { issuesAt } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkMachineSizes(config: PlatformConfig): Issue[] {
  const { platform } = config;
  const m = platform.management;
  const file = platform.sourceFile;
  return [
    ...issuesAt(file, ['management', 'controlPlane'], machineSizeProblems('controlplane', m.controlPlane)),
    ...(m.workers.count > 0 ? issuesAt(file, ['management', 'workers'], machineSizeProblems('worker', m.workers)) : []),
    ...config.clusters.flatMap((c) => [
      ...issuesAt(c.sourceFile, ['controlPlane'], machineSizeProblems('controlplane', c.controlPlane)),
      ...(c.workers.count > 0 ? issuesAt(c.sourceFile, ['workers'], machineSizeProblems('worker', c.workers)) : []),
    ]),
  ];
}
