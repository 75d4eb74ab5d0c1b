import type { MachineSizeOptions } from './workload-cluster-props';

/** Effect of a node taint (Kubernetes `TaintEffect`). */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** A taint the pool's nodes register with. */
export interface NodeTaint {
  /** Taint key, a qualified name such as `dedicated` or `example.com/gpu`. */
  readonly key: string;
  /**
   * Taint value.
   * @default - no value
   */
  readonly value?: string | undefined;
  /** What the taint does to pods that do not tolerate it. */
  readonly effect: TaintEffect;
}

/** How a pool's MachineDeployment replaces its machines (`spec.rollout.strategy.rollingUpdate`). */
export interface WorkerRolloutOptions {
  /**
   * Machines created above the pool's count while it rolls: a count, or a percentage of it such as `"25%"` (rounded
   * up). Every pool rolls at once after the control planes, so the node IP pool must hold the sum of the surges.
   * @default 1
   */
  readonly maxSurge?: number | string | undefined;
  /**
   * Machines the pool may be below its count while it rolls: a count or a percentage (rounded down). Not 0 when
   * `maxSurge` is 0.
   * @default 0
   */
  readonly maxUnavailable?: number | string | undefined;
}

/** One worker pool: its own MachineDeployment, machine template, Talos config template and health check. */
export interface WorkerPoolOptions extends MachineSizeOptions {
  /**
   * Pool name: a DNS label. Objects are named `<cluster>-<name>` and the Machines `<cluster>-<name>-<5>-<5>`, so
   * cluster name and pool name together have at most 50 characters. `workers` is the default pool.
   */
  readonly name: string;
  /** Number of machines (0 allowed). */
  readonly count: number;
  /**
   * Node labels. Labels in the domains Cluster API syncs from Machines to Nodes (`node-role.kubernetes.io`,
   * `node-restriction.kubernetes.io`, `node.cluster.x-k8s.io`) reach the Nodes through the MachineDeployment's
   * Machine labels; the others through Talos `machine.nodeLabels`. Every pool label is also on its Machines.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /**
   * Node taints, set by the kubelet when the node registers (`registerWithTaints`): Talos's own `machine.nodeTaints`
   * is refused on workers by the NodeRestriction admission plugin. A changed list renames the Talos config template,
   * so Cluster API rolls the pool and the new nodes register with the new taints.
   * @default []
   */
  readonly taints?: readonly NodeTaint[] | undefined;
  /**
   * Rolling-update settings of the pool's MachineDeployment.
   * @default - Cluster API's: maxSurge 1, maxUnavailable 0
   */
  readonly rollout?: WorkerRolloutOptions | undefined;
}
