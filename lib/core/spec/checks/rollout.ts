/** Machines a cluster needs at once during a rollout (`rolloutMachines` in lib/core/rules), from the resolved model. */
import { DEFAULT_WORKER_POOL } from '../../rules/worker-pool';
import { rolloutMachines as rolloutMachinesOf } from '../../rules/worker-rollout';
import type { ResolvedWorkloadCluster } from '../resolved';

export function rolloutMachines(
  cluster: Pick<ResolvedWorkloadCluster, 'controlPlane' | 'workers'> & {
    readonly workerPools?: ResolvedWorkloadCluster['workerPools'] | undefined;
  },
): { needed: number; words: string } {
  const pools = [{ ...cluster.workers, name: DEFAULT_WORKER_POOL }, ...(cluster.workerPools ?? [])];
  return rolloutMachinesOf(cluster.controlPlane.count, pools);
}
