/**
 * How Cluster API rolls a cluster's machines, as the rules over room for a rollout need it (Cluster API v1.12.11):
 *
 * - Each worker pool is a MachineDeployment. A changed template (Kubernetes version, Talos config, machine size)
 *   makes a new MachineSet that scales up by `maxSurge` while the old one scales down by `maxUnavailable`; the
 *   defaulting webhook sets 1 and 0 (`internal/webhooks/machinedeployment.go`). A pool of 0 machines has nothing to
 *   replace and surges none.
 * - The MachineSet preflight check `ControlPlaneIsStable` (feature gate `MachineSetPreflightChecks`, beta, on by
 *   default) holds new worker Machines while the control plane's `spec.version` is above its `status.version`, so
 *   after a Kubernetes change the workers wait for the control planes, which TalosControlPlane replaces one at a time
 *   with its own surge of 1 (`rolloutStrategy` default).
 * - Nothing orders the MachineDeployments of a cluster that is not a topology (ClusterClass) cluster: once the
 *   control plane is stable every pool rolls at once, each with its own surge. So the machines that exist at once are
 *   every machine plus the larger of the control plane's surge and the sum of the pools' surges.
 */
import { ROLLOUT_SURGE_MACHINES } from '../spec/defaults';

/** `maxUnavailable` of a MachineDeployment the spec does not set (the Cluster API default). */
export const MACHINE_DEPLOYMENT_MAX_UNAVAILABLE = 0;

/** A pool as the rollout rules see it. */
export interface PoolSize {
  readonly count: number;
}

/** A pool with its name, for the words of a message (`workers` is the default pool). */
export interface NamedPoolSize extends PoolSize {
  readonly name: string;
}

/** Machines a pool adds while it rolls: its `maxSurge`, or none when it has no machine to replace. */
export function poolSurgeMachines(pool: PoolSize): number {
  return pool.count > 0 ? ROLLOUT_SURGE_MACHINES : 0;
}

/** Machines that exist at once during the cluster's rollout: every machine, plus the larger surge. */
export function machinesDuringRollout(controlPlaneCount: number, pools: readonly PoolSize[]): number {
  const machines = controlPlaneCount + pools.reduce((sum, pool) => sum + pool.count, 0);
  return machines + rolloutSurge(controlPlaneCount, pools);
}

/** The surge of the rollout: the control plane's, or all pools rolling at once, whichever is larger. */
export function rolloutSurge(controlPlaneCount: number, pools: readonly PoolSize[]): number {
  const controlPlane = controlPlaneCount > 0 ? ROLLOUT_SURGE_MACHINES : 0;
  return Math.max(
    controlPlane,
    pools.reduce((sum, pool) => sum + poolSurgeMachines(pool), 0),
  );
}

/**
 * Machines that exist at once during a rollout of `controlPlaneCount` control planes and `pools` (the default pool
 * first), and the same in words for a message: `3 control planes + 2 workers + 1 gpu + 2 rollout surge machines`.
 * The node IP pool and the VM ID range must each hold that many.
 */
export function rolloutMachines(
  controlPlaneCount: number,
  pools: readonly NamedPoolSize[],
): { readonly needed: number; readonly words: string } {
  const surge = rolloutSurge(controlPlaneCount, pools);
  const parts = [`${controlPlaneCount} control planes`, ...pools.map((p) => `${p.count} ${p.name}`)];
  return {
    needed: machinesDuringRollout(controlPlaneCount, pools),
    words: `${[...parts, `${surge} rollout surge machine${surge === 1 ? '' : 's'}`].join(' + ')}`,
  };
}
