/** The root of `clusters/<env>/<cluster>.yaml`: a workload cluster and its parts. */

import type { MachineSizeSpec, NetworkSpec, PlacementSpec } from './cluster-common';
import type { Dns1123Label, IPv4Address, IPv4Cidr, SpecApiVersion, TalosExtensionName } from './values';
import type { WorkloadVersionsSpec } from './versions';

/** The IP range CAPMOX allocates node addresses from (in-cluster IPAM pool). */
export interface IpPoolSpec {
  /** First address of the pool. */
  readonly start: IPv4Address;
  /** Last address of the pool (inclusive). */
  readonly end: IPv4Address;
}

/** A workload cluster's network. */
export interface WorkloadNetworkSpec extends NetworkSpec {
  /** Control-plane endpoint VIP; must be in `cidr`, outside `ipPool`. */
  readonly endpointVip: IPv4Address;
  /** Node addresses CAPMOX allocates from. */
  readonly ipPool: IpPoolSpec;
  /**
   * Pod network (`Cluster.spec.clusterNetwork.pods`; CABPT makes it Talos's `cluster.network.podSubnets`, and
   * Kubernetes gives each node a slice of it, which Cilium's `ipam.mode: kubernetes` uses). Must not overlap any
   * node network, this cluster's services, or another cluster's pods or services, unless both keep the defaults.
   * @default {@fact DEFAULT_CLUSTER_NETWORKS.pods}
   */
  readonly pods?: IPv4Cidr | undefined;
  /**
   * Service network (`Cluster.spec.clusterNetwork.services`, Talos's `cluster.network.serviceSubnets`).
   * @default {@fact DEFAULT_CLUSTER_NETWORKS.services}
   */
  readonly services?: IPv4Cidr | undefined;
}

/** A machine role of a workload cluster. */
export interface WorkloadMachinesSpec extends MachineSizeSpec {
  /**
   * Number of machines. Control planes must be odd (etcd quorum). At most 1000 (a /22 pool worth of machines).
   * @asType integer
   * @minimum 0
   * @maximum 1000
   */
  readonly count: number;
}

/**
 * A number of machines, e.g. `2`.
 * @asType integer
 * @minimum 0
 */
export type MachineCount = number;

/**
 * A percentage of a pool's machines, e.g. `"25%"`.
 * @pattern ^[0-9]+%$
 */
export type MachinePercentage = string;

/** A number of machines or a percentage of the pool's count (Cluster API int-or-string). */
export type MachinesOrPercent = MachineCount | MachinePercentage;

/**
 * How a pool's MachineDeployment replaces its machines (`spec.rollout.strategy.rollingUpdate`). Every pool rolls at
 * once after the control planes; the node IP pool and VM ID range must hold the sum of the pools' surges.
 */
export interface WorkerRolloutSpec {
  /**
   * Machines created above the pool's count while it rolls: a count, or a percentage of the count (rounded up).
   * @default {@fact MACHINE_DEPLOYMENT_ROLLOUT.maxSurge}
   */
  readonly maxSurge?: MachinesOrPercent | undefined;
  /**
   * Machines the pool may be below its count while it rolls: a count, or a percentage (rounded down). Not 0 when
   * `maxSurge` is 0 (nothing would ever be replaced).
   * @default {@fact MACHINE_DEPLOYMENT_ROLLOUT.maxUnavailable}
   */
  readonly maxUnavailable?: MachinesOrPercent | undefined;
}

/** Worker machines: their count, size and how they roll. */
export interface WorkloadWorkersSpec extends WorkloadMachinesSpec {
  /**
   * Rolling-update settings of the pool's MachineDeployment.
   * @default - Cluster API's: maxSurge 1, maxUnavailable 0
   */
  readonly rollout?: WorkerRolloutSpec | undefined;
}

/** A worker pool besides `workers`. */
export interface WorkerPoolSpec extends WorkloadWorkersSpec {
  /**
   * Pool name, unique in the cluster and not `workers` or `control-plane`. Objects are `<cluster>-<name>`, Machines
   * `<cluster>-<name>-<5>-<5>`: cluster and pool name together at most 50 characters.
   */
  readonly name: Dns1123Label;
  /**
   * Node labels. `node-role.kubernetes.io/*` and the other domains Cluster API syncs go through the Machines, the
   * rest through Talos `machine.nodeLabels`.
   * @default {}
   */
  readonly labels?: Record<string, string> | undefined;
  /**
   * Taints the nodes register with (kubelet `registerWithTaints`).
   * @default []
   */
  readonly taints?: NodeTaintSpec[] | undefined;
}

/** A node taint. */
export interface NodeTaintSpec {
  /** Taint key, e.g. `dedicated` or `example.com/gpu`. */
  readonly key: string;
  /**
   * Taint value.
   * @default - none
   */
  readonly value?: string | undefined;
  /** Taint effect. */
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Proxmox placement of a workload cluster. */
export interface WorkloadPlacementSpec extends PlacementSpec {
  /**
   * VM ID range CAPMOX allocates from.
   * @default - CAPMOX picks the next free ID
   */
  readonly vmIdRange?: VmIdRangeSpec | undefined;
  /**
   * Template to clone.
   * @default - the Talos template stage 00 creates (`proxmox.image`)
   */
  readonly template?: TemplateRefSpec | undefined;
}

/** An inclusive VM ID range. */
export interface VmIdRangeSpec {
  /**
   * First VM ID.
   * @asType integer
   * @minimum {@fact MIN_VM_ID}
   * @maximum {@fact MAX_VM_ID}
   */
  readonly start: number;
  /**
   * Last VM ID (inclusive).
   * @asType integer
   * @minimum {@fact MIN_VM_ID}
   * @maximum {@fact MAX_VM_ID}
   */
  readonly end: number;
}

/** A Proxmox VM template. */
export interface TemplateRefSpec {
  /** Node that holds the template. */
  readonly node: Dns1123Label;
  /**
   * VM ID of the template.
   * @asType integer
   * @minimum {@fact MIN_VM_ID}
   * @maximum {@fact MAX_VM_ID}
   */
  readonly vmId: number;
  /**
   * Datastore of the template's disks, so validation can tell whether CAPMOX can clone it to other nodes (it can
   * only from shared storage).
   * @default - not checked (a template stage 00 did not make)
   */
  readonly datastore?: string | undefined;
  /**
   * Official Talos system extensions the template's image has (its Image Factory schematic), so validation can tell
   * whether the addons that reach the cluster get what they need (Longhorn: `siderolabs/iscsi-tools`, ...).
   * @default - unknown: no addon that needs an extension may reach the cluster
   */
  readonly extensions?: TalosExtensionName[] | undefined;
}

/** A workload cluster: `clusters/<env>/<cluster>.yaml`. */
export interface WorkloadClusterSpec {
  /** Spec format version. */
  readonly apiVersion: SpecApiVersion;
  /** Spec kind. */
  readonly kind: 'WorkloadCluster';
  /** Cluster name, unique across all environments. */
  readonly name: Dns1123Label;
  /**
   * Talos and Kubernetes versions.
   * @default - the platform's versions
   */
  readonly versions?: WorkloadVersionsSpec | undefined;
  /** Control-plane machines (odd count). */
  readonly controlPlane: WorkloadMachinesSpec;
  /** Worker machines: the default pool, named `workers`. */
  readonly workers: WorkloadWorkersSpec;
  /**
   * More worker pools, each its own MachineDeployment, machine template, Talos config and health check.
   * @default []
   */
  readonly workerPools?: WorkerPoolSpec[] | undefined;
  /** Network, endpoint and IP pool. */
  readonly network: WorkloadNetworkSpec;
  /**
   * Placement on Proxmox.
   * @default - all nodes, the first datastore, the stage 00 template
   */
  readonly placement?: WorkloadPlacementSpec | undefined;
  /**
   * Labels on the Cluster object and its Argo CD cluster secret (the fleet ApplicationSet selects on them).
   * @default {}
   */
  readonly labels?: Record<string, string> | undefined;
  /**
   * Emit a `ClusterClass` and a `Cluster` with `topology` instead of the expanded objects. Needs a control-plane
   * provider with a template kind, which CACPPT does not have: see docs/clusters.md.
   * @default false
   */
  readonly clusterClass?: boolean | undefined;
}
