/** Machines a cluster needs at once during a rollout: every node plus the surge machine CAPI creates first. */
import { ROLLOUT_SURGE_MACHINES } from '../defaults';
import type { ResolvedWorkloadCluster } from '../resolved';

export function rolloutMachines(cluster: Pick<ResolvedWorkloadCluster, 'controlPlane' | 'workers'>): {
  needed: number;
  words: string;
} {
  const { controlPlane, workers } = cluster;
  const surge = `${ROLLOUT_SURGE_MACHINES} rollout surge machine`;
  return {
    needed: controlPlane.count + workers.count + ROLLOUT_SURGE_MACHINES,
    words: `${controlPlane.count} control planes + ${workers.count} workers + ${surge}`,
  };
}
