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
import type { MachinesOrPercent } from '../spec/types';
import { MACHINE_DEPLOYMENT_ROLLOUT, ROLLOUT_SURGE_MACHINES } from './facts';
import type { RuleProblem } from './problem';

export { MACHINE_DEPLOYMENT_ROLLOUT } from './facts';

/** A pool's rolling-update settings. */
export interface PoolRolloutSettings {
  readonly maxSurge: MachinesOrPercent;
  readonly maxUnavailable: MachinesOrPercent;
}

/** A pool as the rollout rules see it. */
export interface PoolSize {
  readonly count: number;
  /** @default MACHINE_DEPLOYMENT_ROLLOUT */
  readonly rollout?: PoolRolloutSettings | undefined;
}

/** A pool with its name, for the words of a message (`workers` is the default pool). */
export interface NamedPoolSize extends PoolSize {
  readonly name: string;
}

/** A count or percentage of `count` machines as a count (apimachinery `GetScaledValueFromIntOrPercent`). */
export function scaledMachines(value: MachinesOrPercent, count: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  if (!percent) return Number(value);
  const exact = (Number(percent[1]) * count) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** Machines a pool adds while it rolls: its `maxSurge` (rounded up), or none when it has no machine to replace. */
export function poolSurgeMachines(pool: PoolSize): number {
  const maxSurge = pool.rollout?.maxSurge ?? MACHINE_DEPLOYMENT_ROLLOUT.maxSurge;
  return pool.count > 0 ? scaledMachines(maxSurge, pool.count, true) : 0;
}

/** Machines a pool may lack while it rolls: its `maxUnavailable` (rounded down). */
export function poolUnavailableMachines(pool: PoolSize): number {
  const maxUnavailable = pool.rollout?.maxUnavailable ?? MACHINE_DEPLOYMENT_ROLLOUT.maxUnavailable;
  return scaledMachines(maxUnavailable, pool.count, false);
}

/**
 * A pool's rolling-update settings: each a count of 0 or more or a percentage (`"25%"`), and not both the count 0,
 * which Cluster API's webhook refuses ("maxUnavailable and maxSurge cannot both be 0"). Percentages that round to 0
 * are allowed: Cluster API then takes one machine down at a time, as a Deployment does.
 */
export function workerRolloutProblems(rollout: PoolRolloutSettings): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const key of ['maxSurge', 'maxUnavailable'] as const) {
    const v = rollout[key];
    const ok = typeof v === 'number' ? Number.isInteger(v) && v >= 0 : /^\d+%$/.test(v);
    if (!ok) {
      problems.push({
        rule: 'worker-rollout-value',
        field: `rollout.${key}`,
        message: `${key} ${JSON.stringify(v)} is neither a count nor a percentage`,
        expected: 'an integer of 0 or more, or a percentage such as "25%"',
        hint: `write ${key}: 1 or ${key}: "25%"`,
      });
    }
  }
  const zero = (v: MachinesOrPercent) => v === 0;
  if (problems.length === 0 && zero(rollout.maxSurge) && zero(rollout.maxUnavailable)) {
    problems.push({
      rule: 'worker-rollout-stuck',
      field: 'rollout',
      message: 'maxSurge and maxUnavailable are both 0: no machine could ever be replaced',
      expected: 'maxSurge or maxUnavailable above 0 (Cluster API refuses both 0)',
      hint: 'set maxSurge: 1 (one extra machine at a time) or maxUnavailable: 1 (no extra machine, one down at a time)',
    });
  }
  return problems;
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
