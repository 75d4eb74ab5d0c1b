/** Worker pools: names that keep object and Machine names valid and unique, labels and taints a Node can carry. */
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';
import { RESERVED_WORKER_POOL_NAMES, maxWorkerPoolNameLength, workerPoolLabelProblems } from '../worker-pool-rules';

export function checkWorkerPools(config: PlatformConfig): Issue[] {
  const issues: Issue[] = [];
  for (const cluster of config.clusters) {
    const file = cluster.sourceFile;
    const seen = new Set<string>();
    const max = maxWorkerPoolNameLength(cluster.name);
    cluster.workerPools.forEach((pool, i) => {
      const at = ['workerPools', i] as const;
      if (RESERVED_WORKER_POOL_NAMES.includes(pool.name) || seen.has(pool.name)) {
        issues.push({
          file,
          path: [...at, 'name'],
          rule: 'worker-pool-name-taken',
          message: `worker pool name "${pool.name}" is taken (by ${seen.has(pool.name) ? 'another pool' : 'the platform'})`,
          expected: `a name unique in the cluster, none of ${RESERVED_WORKER_POOL_NAMES.join(', ')}`,
          hint: 'rename the pool, e.g. after what runs on it (`gpu`, `storage`)',
        });
      }
      seen.add(pool.name);
      if (pool.name.length > max) {
        issues.push({
          file,
          path: [...at, 'name'],
          rule: 'worker-pool-name-too-long',
          message: `worker pool name "${pool.name}" makes Machine names (<cluster>-<pool>-<5>-<5>) longer than 63 characters`,
          expected: `at most ${max} characters for cluster "${cluster.name}"`,
          hint: `shorten the pool name by ${pool.name.length - max} characters (or the cluster name)`,
        });
      }
      for (const problem of workerPoolLabelProblems(pool.labels, pool.taints)) {
        issues.push({
          file,
          path: [...at, ...problem.at],
          rule: problem.at[0] === 'labels' ? 'worker-pool-label' : 'worker-pool-taint',
          message: problem.message,
          expected: problem.expected,
          hint:
            problem.at[0] === 'labels'
              ? 'fix the label as expected, or drop it: Kubernetes refuses a Node with an invalid label'
              : 'fix the taint as expected: the kubelet refuses to register with an invalid taint',
          ...(problem.at[0] === 'labels' ? { at: 'key' as const } : {}),
        });
      }
    });
  }
  return issues;
}
