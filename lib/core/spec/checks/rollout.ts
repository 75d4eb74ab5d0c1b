/** Machines a cluster needs at once during a rollout: every node plus the surge machine CAPI creates first. */
import { ROLLOUT_SURGE_MACHINES } from '../defaults';
import type { ResolvedWorkloadCluster } from '../resolved';

export function rolloutMachines(
  cluster: Pick<ResolvedWorkloadCluster, 'controlPlane' | 'workers'> & {
    readonly workerPools?: ResolvedWorkloadCluster['workerPools'] | undefined;
  },
): {
  needed: number;
  words: string;
} {
  const { controlPlane, workers } = cluster;
  const surge = `${ROLLOUT_SURGE_MACHINES} rollout surge machine`;
  const pools = cluster.workerPools ?? [];
  const poolCount = pools.reduce((sum, pool) => sum + pool.count, 0);
  return {
    needed: controlPlane.count + workers.count + poolCount + ROLLOUT_SURGE_MACHINES,
    words: `${controlPlane.count} control planes + ${workers.count} workers + ${pools
      .map((p) => `${p.count} ${p.name}`)
      .map((w) => `${w} + `)
      .join('')}${surge}`,
  };
}
