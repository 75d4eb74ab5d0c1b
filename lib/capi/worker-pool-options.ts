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
}
