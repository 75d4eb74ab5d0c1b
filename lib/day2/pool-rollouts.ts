/**
 * What each worker pool of a workload cluster does when a commit changes its template: every pool is its own
 * MachineDeployment (`<cluster>-<pool>`), replaced with its own surge. Cluster API holds the new workers until the
 * control plane is at the new Kubernetes version, then rolls the pools at once (lib/core/rules/worker-rollout.ts);
 * the plan lists them in spec order, the default `workers` first, and waits on each.
 */
import { WorkloadClusterNames } from '../capi/workload/names';
import { DEFAULT_WORKER_POOL } from '../core/rules/worker-pool';
import { poolSurgeMachines, poolUnavailableMachines } from '../core/rules/worker-rollout';
import type { ResolvedWorkerSet, ResolvedWorkloadCluster } from '../core/spec/resolved';
import type { PoolRollout } from './plan-types';

/** Minutes `kubectl wait` gives one pool to finish its rollout. */
export const POOL_ROLLOUT_WAIT = '60m';

/** Every pool of the target cluster, then the pools it no longer has, with what the commit does to each. */
export function poolRollouts(before: ResolvedWorkloadCluster, after: ResolvedWorkloadCluster): PoolRollout[] {
  const names = new WorkloadClusterNames(after.name);
  const old = new Map(poolsOf(before).map((p) => [p.name, p]));
  const rollout = (pool: NamedSet, status: PoolRollout['status']): PoolRollout => ({
    pool: pool.name,
    machineDeployment: names.pool(pool.name),
    replicas: pool.count,
    maxSurge: status === 'rolls' ? poolSurgeMachines(pool) : 0,
    maxUnavailable: status === 'rolls' ? poolUnavailableMachines(pool) : 0,
    status,
  });
  const kept = poolsOf(after).map((pool) =>
    rollout(pool, !old.has(pool.name) ? 'new' : pool.count === 0 ? 'empty' : 'rolls'),
  );
  const current = new Set(kept.map((p) => p.pool));
  const removed = [...old.values()].filter((p) => !current.has(p.name)).map((p) => rollout(p, 'removed'));
  return [...kept, ...removed];
}

/** One line per pool, for a step summary: `workers (3), gpu (1)`. */
export function rollingPoolsText(pools: readonly PoolRollout[]): string {
  const rolling = pools.filter((p) => p.status === 'rolls');
  return rolling.length === 0
    ? 'no worker pool has machines'
    : rolling.map((p) => `${p.pool} (${p.replicas})`).join(', ');
}

/** Exit criteria per rolling pool: every replica up to date (v1beta2 `status.upToDateReplicas`). */
export function poolWatch(cluster: ResolvedWorkloadCluster, pools: readonly PoolRollout[]): string[] {
  return pools
    .filter((p) => p.status === 'rolls')
    .map(
      (p) =>
        `kubectl -n ${cluster.name} wait machinedeployment/${p.machineDeployment} ` +
        `--for=jsonpath='{.status.upToDateReplicas}'=${p.replicas} --timeout=${POOL_ROLLOUT_WAIT}    # pool ${p.pool}`,
    );
}

/** Notes about pools that are created or deleted by the same commit. */
export function poolNotes(cluster: string, pools: readonly PoolRollout[]): string[] {
  const notes: string[] = [];
  const created = pools.filter((p) => p.status === 'new').map((p) => p.pool);
  const removed = pools.filter((p) => p.status === 'removed').map((p) => p.pool);
  if (created.length > 0) {
    notes.push(`${cluster}: pool ${created.join(', ')} is new: Cluster API creates it at the target versions.`);
  }
  if (removed.length > 0) {
    notes.push(
      `${cluster}: pool ${removed.join(', ')} is not in the target spec: the commit deletes its MachineDeployment ` +
        'and Machines (drained first); move its workloads before.',
    );
  }
  return notes;
}

type NamedSet = ResolvedWorkerSet & { readonly name: string };

/** The default pool and the named ones, in spec order. */
function poolsOf(cluster: ResolvedWorkloadCluster): NamedSet[] {
  return [{ ...cluster.workers, name: DEFAULT_WORKER_POOL }, ...cluster.workerPools];
}
