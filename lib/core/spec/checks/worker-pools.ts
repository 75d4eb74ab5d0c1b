/**
 * Worker pools (the rules in lib/core/rules/worker-pool.ts, worker-rollout.ts and machine-size.ts): names that keep
 * object and Machine names valid and unique, labels and taints a Node can carry, Talos's minimum sizes for a pool
 * that has machines, and rolling-update settings that can replace a machine (the default pool's too).
 */
import { machineSizeProblems } from '../../rules/machine-size';
import { workerPoolLabelProblems, workerPoolNameProblems, workerPoolTaintProblems } from '../../rules/worker-pool';
import type { WorkerPoolProblem } from '../../rules/worker-pool';
import { workerRolloutProblems } from '../../rules/worker-rollout';
import { issuesAt } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkWorkerPools(config: PlatformConfig): Issue[] {
  const issues: Issue[] = [];
  for (const cluster of config.clusters) {
    const file = cluster.sourceFile;
    const toIssue = (i: number, p: WorkerPoolProblem): Issue => ({
      file,
      path: ['workerPools', i, ...p.at],
      rule: p.rule,
      message: p.message,
      expected: p.expected,
      hint: p.hint,
      ...(p.at[0] === 'labels' ? { at: 'key' as const } : {}),
    });
    issues.push(...issuesAt(file, ['workers'], workerRolloutProblems(cluster.workers.rollout)));
    cluster.workerPools.forEach((pool, i) => {
      const earlier = cluster.workerPools.slice(0, i).map((p) => p.name);
      issues.push(
        ...[
          ...workerPoolNameProblems(cluster.name, pool.name, earlier),
          ...workerPoolLabelProblems(pool.labels),
          ...workerPoolTaintProblems(pool.taints),
        ].map((p) => toIssue(i, p)),
      );
      if (pool.count > 0) issues.push(...issuesAt(file, ['workerPools', i], machineSizeProblems('worker', pool)));
      issues.push(...issuesAt(file, ['workerPools', i], workerRolloutProblems(pool.rollout)));
    });
  }
  return issues;
}
