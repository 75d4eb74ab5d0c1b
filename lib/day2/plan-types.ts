/** The shape of an upgrade plan (`planUpgrade`): ordered steps, or the refusals that stop it. JSON-serializable. */

/** What a step upgrades, in the order steps run. */
export type UpgradePhase =
  'providers' | 'image' | 'management-talos' | 'management-kubernetes' | 'workload-talos' | 'workload-kubernetes';

/** A version moving from one value to another (both without a leading `v`). */
export interface VersionChange {
  /** Component, e.g. `talos`, `kubernetes`, `clusterApi`, `cacppt` (the spec's `versions.*` key). */
  readonly component: string;
  readonly from: string;
  readonly to: string;
}

/** What one worker pool's MachineDeployment does in a workload step. */
export interface PoolRollout {
  /** Pool name in the spec (`workers` is the default pool). */
  readonly pool: string;
  /** Its MachineDeployment, `<cluster>-<pool>`. */
  readonly machineDeployment: string;
  /** Machines in the target spec (in the current one for a removed pool). */
  readonly replicas: number;
  /** Machines it adds at once while it rolls (`maxSurge`; 0 when it does not roll). */
  readonly maxSurge: number;
  /** Machines it may take away at once (`maxUnavailable`). */
  readonly maxUnavailable: number;
  /**
   * `rolls`: every machine is replaced; `empty`: 0 machines, only the template moves; `new`: created at the target
   * versions; `removed`: deleted with its machines.
   */
  readonly status: 'rolls' | 'empty' | 'new' | 'removed';
}

/** One step a person runs, in order. */
export interface UpgradeStep {
  /** 1-based position in the plan. */
  readonly order: number;
  readonly phase: UpgradePhase;
  /** Cluster the step acts on (the management cluster's name for providers and the image). */
  readonly cluster: string;
  /** The versions it changes. */
  readonly changes: readonly VersionChange[];
  /** One line: what the step does. */
  readonly summary: string;
  /** Commands or actions, in the order a person runs them. */
  readonly how: readonly string[];
  /** How to see that it finished (exit criteria). */
  readonly watch: readonly string[];
  /**
   * Workload steps: each worker pool's MachineDeployment, in spec order.
   * @default - not a workload step
   */
  readonly pools?: readonly PoolRollout[] | undefined;
}

/** A change the matrix, a known-defect floor or the upgrade rules forbid. */
export interface UpgradeRefusal {
  /** Cluster the change is on, or the management cluster's name for platform-wide versions. */
  readonly cluster: string;
  /** Spec file and field that hold the version, e.g. `clusters/platform.yaml` `versions.talos`. */
  readonly file: string;
  readonly field: string;
  readonly change: VersionChange;
  /** Why it is refused. */
  readonly reason: string;
  /** The rule's source: a constant in lib/core/versions.ts, an upstream issue, a documented policy. */
  readonly source: string;
  /** How to get a plan that is accepted. */
  readonly fix: string;
}

/** The result of `planUpgrade`. */
export interface UpgradePlan {
  /** Labels of the two specs, e.g. `HEAD:clusters` and `clusters`. */
  readonly from: string;
  readonly to: string;
  /** True when nothing is refused. */
  readonly ok: boolean;
  /** The steps, in order; empty when something is refused (a partial plan is not safe to run). */
  readonly steps: readonly UpgradeStep[];
  readonly refusals: readonly UpgradeRefusal[];
  /** Things to know that are not steps (certificate rotation, one commit rolling several clusters). */
  readonly notes: readonly string[];
}
