import type { VersionInput } from '../core/rules/version';
import type { WorkloadClusterMode } from './workload-cluster-mode';
import type { WorkerPoolOptions, WorkerRolloutOptions } from './worker-pool-options';

/*
 * Props of WorkloadCluster, in the words of `clusters/<env>/<cluster>.yaml` (docs/spec.md): `count`, `dns`, `vlan`,
 * `cidr`, `ipPool.start`, `placement.nodes`. Whatever the YAML defaults, these default the same way (the values
 * come from lib/core/spec/defaults.ts); only the platform-wide facts a construct cannot know (the Proxmox nodes and
 * the Talos template) are required.
 */

/** VM size of one machine group. */
export interface MachineSizeOptions {
  /**
   * vCPU cores.
   * @default 4 (`DEFAULT_MACHINE_SIZE.cores`)
   */
  readonly cores?: number | undefined;
  /**
   * Memory in MiB.
   * @default 8192 (`DEFAULT_MACHINE_SIZE.memoryMiB`)
   */
  readonly memoryMiB?: number | undefined;
  /**
   * Boot disk size in GiB (at least the template's disk; Proxmox cannot shrink).
   * @default 50 (`DEFAULT_MACHINE_SIZE.diskGiB`)
   */
  readonly diskGiB?: number | undefined;
}

/** The control-plane machines. */
export interface ControlPlaneOptions extends MachineSizeOptions {
  /**
   * Number of control planes: odd (etcd quorum).
   * @default 3 (`DEFAULT_CONTROL_PLANE_COUNT`)
   */
  readonly count?: number | undefined;
}

/** Size and count of the cluster's default worker pool (`workers`). */
export interface WorkerMachinesOptions extends MachineSizeOptions {
  /** Number of workers (0 allowed: control planes then run workloads). */
  readonly count: number;
  /**
   * Rolling-update settings of the default pool's MachineDeployment.
   * @default - Cluster API's: maxSurge 1, maxUnavailable 0
   */
  readonly rollout?: WorkerRolloutOptions | undefined;
}

/** The node network of a workload cluster. */
export interface WorkloadNetworkOptions {
  /** Proxmox bridge the VMs attach to, e.g. `vmbr0`. */
  readonly bridge: string;
  /**
   * VLAN tag.
   * @default - untagged
   */
  readonly vlan?: number | undefined;
  /** Node network, e.g. `10.30.0.0/24`. */
  readonly cidr: string;
  /**
   * Default gateway, inside `cidr`, outside the pool.
   * @default - the first host address of `cidr`
   */
  readonly gateway?: string | undefined;
  /**
   * DNS servers the nodes use (CAPMOX requires at least one).
   * @default - the gateway
   */
  readonly dns?: readonly string[] | undefined;
  /** Control-plane endpoint VIP: inside `cidr`, outside the pool. */
  readonly endpointVip: string;
  /** Addresses CAPMOX gives the nodes (inclusive range). */
  readonly ipPool: { readonly start: string; readonly end: string };
}

/** The Talos template the machines are cloned from. */
export interface TemplateOptions {
  /** Proxmox node that holds the template. */
  readonly node: string;
  /** VM ID of the template. */
  readonly vmId: number;
}

/** Where on Proxmox the machines are cloned. */
export interface WorkloadPlacementOptions {
  /** Proxmox nodes the VMs may be placed on (CAPMOX spreads them). */
  readonly nodes: readonly string[];
  /** The Talos template to clone (stage 00 builds it: `proxmox.image.templateNode` / `templateVmId`). */
  readonly template: TemplateOptions;
  /**
   * Storage for the full clone.
   * @default - the template's storage
   */
  readonly datastore?: string | undefined;
  /**
   * VM IDs CAPMOX may use.
   * @default - the next free ID
   */
  readonly vmIdRange?: { readonly start: number; readonly end: number } | undefined;
  /**
   * The template's boot disk, resized to `diskGiB`.
   * @default "scsi0"
   */
  readonly bootDisk?: string | undefined;
  /**
   * Whether the template runs the QEMU guest agent (the Image Factory schematic's `siderolabs/qemu-guest-agent`).
   * When false, CAPMOX skips its guest-agent check.
   * @default true
   */
  readonly qemuGuestAgent?: boolean | undefined;
}

/** MachineHealthCheck settings (one check per worker pool). */
export interface WorkloadHealthCheckOptions {
  /**
   * Seconds a new Machine may take to get a Node.
   * @default 900
   */
  readonly nodeStartupTimeoutSeconds?: number | undefined;
  /**
   * Seconds a Node may be `Ready: Unknown` or `Ready: False`.
   * @default 300
   */
  readonly unhealthyTimeoutSeconds?: number | undefined;
  /**
   * Most unhealthy workers of a pool (count or percentage, rounded down by Cluster API) at which remediation still
   * runs. It must allow at least one for each pool's size.
   * @default - 40% of the pool rounded down, at least 1 (`defaultWorkerMaxUnhealthy`)
   */
  readonly maxUnhealthy?: string | undefined;
}

/**
 * Output files of a workload cluster's object groups, as paths in the GitOps tree (see `GitOpsChart`). Each group is
 * then a `GitOpsChart` child of the cluster, so the cluster still owns every object.
 */
export interface WorkloadClusterOutputFiles {
  /** Namespace, Cluster, ProxmoxCluster (ClusterClass mode: the topology Cluster). */
  readonly cluster: string;
  /** Control-plane machine template and TalosControlPlane. */
  readonly controlPlane: string;
  /** Each worker pool's machine template, TalosConfigTemplate and MachineDeployment. */
  readonly workers: string;
  /** Each worker pool's MachineHealthCheck (ClusterClass mode: none, the class carries them). */
  readonly healthChecks: string;
  /**
   * ClusterClass mode: the ClusterClass and ProxmoxClusterTemplate.
   * @default - the `cluster` file
   */
  readonly clusterClass?: string | undefined;
}

/** Props of {@link WorkloadCluster}. */
export interface WorkloadClusterProps {
  /** Cluster name: a DNS label of at most 43 characters. */
  readonly clusterName: string;
  /**
   * Namespace of the cluster's objects on the management cluster.
   * @default - the cluster name
   */
  readonly namespace?: string | undefined;
  /**
   * Kubernetes version: a `Version`, or a string without the leading `v`, e.g. `1.35.6`.
   * @default - the platform pin (`DEFAULT_VERSIONS.kubernetes`)
   */
  readonly kubernetesVersion?: VersionInput | undefined;
  /**
   * Talos version: a `Version`, or a string without the leading `v`, e.g. `1.13.9`.
   * @default - the platform pin (`DEFAULT_VERSIONS.talos`)
   */
  readonly talosVersion?: VersionInput | undefined;
  /**
   * Control-plane machines (odd count).
   * @default - 3 control planes of the default size
   */
  readonly controlPlane?: ControlPlaneOptions | undefined;
  /** The default worker pool, `workers` (0 allowed: control planes then run workloads). */
  readonly workers: WorkerMachinesOptions;
  /**
   * More worker pools, each with its own MachineDeployment, templates and health check (see `addWorkerPool`).
   * @default []
   */
  readonly workerPools?: readonly WorkerPoolOptions[] | undefined;
  /** Node network, endpoint VIP and address pool. */
  readonly network: WorkloadNetworkOptions;
  /** Proxmox placement and the template to clone. */
  readonly placement: WorkloadPlacementOptions;
  /**
   * Labels on the Cluster object (e.g. for an Argo CD ApplicationSet cluster generator).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /**
   * Pod networks.
   * @default ["10.244.0.0/16"]
   */
  readonly podCidrs?: readonly string[] | undefined;
  /**
   * Service networks.
   * @default ["10.96.0.0/12"]
   */
  readonly serviceCidrs?: readonly string[] | undefined;
  /**
   * Talos installer image (Image Factory, with the schematic's extensions), used for Talos upgrades of the nodes.
   * @default - CABPT's default installer (`ghcr.io/siderolabs/installer`), without extensions
   */
  readonly installerImage?: string | undefined;
  /**
   * Install disk inside the VM (only with `installerImage`).
   * @default - `DEFAULT_INSTALL_DISK` (the first SCSI disk)
   */
  readonly installDisk?: string | undefined;
  /**
   * Extra Talos strategic-merge patches (YAML documents) for control planes, after the platform's own.
   * @default []
   */
  readonly extraControlPlanePatches?: readonly string[] | undefined;
  /**
   * Extra Talos strategic-merge patches for the workers of every pool, after the platform's own.
   * @default []
   */
  readonly extraWorkerPatches?: readonly string[] | undefined;
  /**
   * Install the Talos cloud controller manager through machine config (kubelet `--cloud-provider=external` on every
   * node; on control planes `cluster.externalCloudProvider` with the CCM manifest pinned to `TALOS_CCM_VERSION`, and
   * Talos API access `os:reader` from `kube-system`). It sets `Node.spec.providerID` (`proxmox://<uuid>`) from the
   * nocloud metadata CAPMOX writes, which Cluster API needs to link each Machine to its Node. The control planes
   * fetch the manifest from GitHub when they bootstrap. Turn off only when another cloud controller manager sets the
   * provider IDs (add it through the extra patches); without one, Machines never get a Node reference.
   * @default true
   */
  readonly cloudControllerManager?: boolean | undefined;
  /**
   * Settings of the worker pools' MachineHealthChecks.
   * @default - 900 s node startup, 300 s unhealthy, 40% of the pool (at least 1) max unhealthy
   */
  readonly healthChecks?: WorkloadHealthCheckOptions | undefined;
  /**
   * Expanded objects or ClusterClass.
   * @default WorkloadClusterMode.expanded()
   */
  readonly mode?: WorkloadClusterMode | undefined;
  /**
   * The file each group of objects is written to. Without it every object lands in the chart that contains the
   * cluster (e.g. one Helm release in stage 40).
   * @default - every object in the chart that contains this construct
   */
  readonly outputFiles?: WorkloadClusterOutputFiles | undefined;
  /**
   * Emit the Namespace object. Turn off when something else creates it (e.g. Helm's `create_namespace`).
   * @default true
   */
  readonly includeNamespace?: boolean | undefined;
}
