/**
 * The resolved platform model: the spec with every default applied and every derived value computed, so constructs
 * never default anything again. Field names follow `types.ts` (error paths refer to both); `undefined` is a state
 * ("untagged", "no ingress"), never a default left to apply. Versions are parsed {@link Version}s.
 */
import type { Version } from '../rules/version';

/** The whole platform: what `loadPlatformConfig` returns and what the reference stacks are built from. */
export interface PlatformConfig {
  readonly platform: ResolvedPlatform;
  /** Workload clusters, sorted by environment, then name. */
  readonly clusters: readonly ResolvedWorkloadCluster[];
}

export interface ResolvedPlatform {
  /** File the spec was read from (as given to the loader), or `<platform>` for a spec passed in code. */
  readonly sourceFile: string;
  readonly proxmox: ResolvedProxmox;
  readonly versions: ResolvedVersions;
  readonly management: ResolvedManagementCluster;
  readonly gitops: ResolvedGitOps;
  readonly environments: readonly ResolvedEnvironment[];
  readonly addons: ResolvedAddons;
}

export interface ResolvedProxmox {
  /** API URL without `/api2/json`. */
  readonly endpoint: string;
  readonly insecure: boolean;
  readonly nodes: readonly ResolvedProxmoxNode[];
  readonly datastores: readonly ResolvedDatastore[];
  readonly bridges: readonly ResolvedBridge[];
  readonly image: ResolvedTalosImage;
  /** Id of CAPMOX's Proxmox API token (`PROXMOX_TOKEN`). */
  readonly capmoxTokenId: string;
}

export interface ResolvedProxmoxNode {
  readonly name: string;
}

export interface ResolvedDatastore {
  readonly name: string;
  /** Nodes it is available on (every node when the spec lists none). */
  readonly nodes: readonly string[];
  /** Proxmox's `shared` flag, as the spec declares it (stage 00 checks it). */
  readonly shared: boolean;
}

export interface ResolvedBridge {
  readonly name: string;
  readonly create: boolean;
  readonly ports: readonly string[];
  readonly vlanAware: boolean;
}

export interface ResolvedTalosImage {
  readonly datastore: string;
  /** All system extensions for the Image Factory schematic, sorted; always includes `siderolabs/qemu-guest-agent`. */
  readonly extensions: readonly string[];
  readonly templateNode: string;
  readonly templateVmId: number;
  readonly templateDatastore: string;
}

/** Platform versions, parsed (each upstream field asks for its form: `version.tag`, `version.bare`). */
export interface ResolvedVersions {
  readonly talos: Version;
  readonly kubernetes: Version;
  readonly clusterApi: Version;
  readonly capmox: Version;
  readonly cabpt: Version;
  readonly cacppt: Version;
  readonly ipamInCluster: Version;
}

export interface ResolvedMachineSize {
  readonly cores: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
}

export interface ResolvedNetwork {
  readonly bridge: string;
  /** VLAN tag; `undefined` means untagged. */
  readonly vlan: number | undefined;
  /** Node network in canonical form (host bits are rejected by validation), e.g. `10.20.0.0/24`. */
  readonly cidr: string;
  /** Prefix length of `cidr`, e.g. `24` (CAPMOX's IP pool and Talos's static addresses need it). */
  readonly prefixLength: number;
  readonly gateway: string;
  readonly dns: readonly string[];
}

/** Management control planes or workers. */
export interface ResolvedManagementNodes extends ResolvedMachineSize {
  readonly count: number;
  readonly ips: readonly string[];
  readonly vmIdStart: number;
}

/** Talos machine type. */
export type MachineRole = 'controlplane' | 'worker';

/** One management VM, derived: the stage 10 constructs create one VM per entry. */
export interface ResolvedManagementMachine extends ResolvedMachineSize {
  readonly role: MachineRole;
  /** 0-based index within its role. */
  readonly index: number;
  /** `<cluster>-cp-<n>` or `<cluster>-worker-<n>`, n from 1: VM name and Talos hostname. */
  readonly hostname: string;
  readonly ip: string;
  readonly vmId: number;
  /** Proxmox node, round-robin over `placement.nodes` per role. */
  readonly proxmoxNode: string;
  readonly datastore: string;
}

export interface ResolvedPlacement {
  readonly nodes: readonly string[];
  readonly datastore: string;
}

export interface ResolvedManagementCluster {
  readonly name: string;
  readonly network: ResolvedNetwork;
  readonly vip: string;
  /** `https://<vip>:<KUBERNETES_API_PORT>`. */
  readonly endpoint: string;
  readonly controlPlane: ResolvedManagementNodes;
  readonly workers: ResolvedManagementNodes;
  readonly placement: ResolvedPlacement;
  readonly installDisk: string;
  readonly deletionProtection: boolean;
  /** Control planes first, then workers. */
  readonly machines: readonly ResolvedManagementMachine[];
}

export interface ResolvedGitOps {
  readonly repoUrl: string;
  readonly revision: string;
  readonly path: string;
  /** Argo CD ingress host; `undefined` means no ingress. */
  readonly argocdDomain: string | undefined;
  readonly clusterDelivery: 'gitops' | 'terraform';
  readonly engine: 'argocd' | 'flux';
  readonly layout: ResolvedGitOpsLayout;
}

/** Folders of the GitOps tree, relative to its root; no leading or trailing `/`. */
export interface ResolvedGitOpsLayout {
  readonly apps: string;
  readonly platform: string;
  readonly clusters: string;
}

export interface ResolvedEnvironment {
  readonly name: string;
  /** Sorted by key. */
  readonly labels: Readonly<Record<string, string>>;
}

export interface ResolvedAddonToggle {
  readonly enabled: boolean;
}

/** An inclusive IPv4 range. */
export interface ResolvedAddressRange {
  readonly start: string;
  readonly end: string;
}

export interface ResolvedCiliumAddon extends ResolvedAddonToggle {
  /** L2-announced LoadBalancer pool; `undefined` means no L2 announcements. */
  readonly l2Announcements: ResolvedAddressRange | undefined;
}

export interface ResolvedExternalDnsAddon extends ResolvedAddonToggle {
  readonly provider: string;
  readonly domainFilters: readonly string[];
}

export interface ResolvedAddons {
  readonly cilium: ResolvedCiliumAddon;
  readonly certManager: ResolvedAddonToggle;
  readonly externalDns: ResolvedExternalDnsAddon;
  readonly longhorn: ResolvedAddonToggle;
  readonly monitoring: ResolvedAddonToggle;
  readonly dashboards: ResolvedAddonToggle;
  readonly externalSecrets: ResolvedAddonToggle;
  readonly velero: ResolvedAddonToggle;
  readonly logging: ResolvedAddonToggle;
  readonly etcdBackup: ResolvedEtcdBackupAddon;
  readonly proxmoxCsi: ResolvedProxmoxCsiAddon;
}

export interface ResolvedProxmoxCsiAddon extends ResolvedAddonToggle {
  readonly region: string;
  readonly storageClasses: readonly ResolvedProxmoxCsiStorageClass[];
}

export interface ResolvedProxmoxCsiStorageClass {
  readonly name: string;
  readonly datastore: string;
  readonly fsType: 'ext4' | 'xfs';
  readonly reclaimPolicy: 'Delete' | 'Retain';
  readonly default: boolean;
}

/** etcd backups; `bucket` and `ageRecipient` are `undefined` only when off (validation requires them when on). */
export interface ResolvedEtcdBackupAddon extends ResolvedAddonToggle {
  readonly bucket: string | undefined;
  readonly region: string;
  /** `undefined`: AWS S3. */
  readonly endpoint: string | undefined;
  readonly ageRecipient: string | undefined;
  readonly schedule: string;
  readonly retentionDays: number;
  readonly workloadClusters: boolean;
}

export interface ResolvedWorkloadVersions {
  readonly talos: Version;
  readonly kubernetes: Version;
}

/** Control planes or workers of a workload cluster. */
export interface ResolvedMachineSet extends ResolvedMachineSize {
  readonly count: number;
}

/** A MachineDeployment's rolling-update settings: a count, or a percentage of the pool's count (`"25%"`). */
export interface ResolvedWorkerRollout {
  readonly maxSurge: number | string;
  readonly maxUnavailable: number | string;
}

/** Worker machines: count, size and rolling-update settings. */
export interface ResolvedWorkerSet extends ResolvedMachineSet {
  readonly rollout: ResolvedWorkerRollout;
}

/** A named worker pool with its size, labels (sorted by key) and taints. */
export interface ResolvedWorkerPoolSet extends ResolvedWorkerSet {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly { readonly key: string; readonly value?: string | undefined; readonly effect: string }[];
}

export interface ResolvedWorkloadNetwork extends ResolvedNetwork {
  readonly endpointVip: string;
  /** Pod network, e.g. `10.244.0.0/16`. */
  readonly pods: string;
  /** Service network, e.g. `10.96.0.0/12`. */
  readonly services: string;
  /** `https://<endpointVip>:<KUBERNETES_API_PORT>`. */
  readonly endpoint: string;
  readonly ipPool: ResolvedAddressRange;
}

/** An inclusive VM ID range. */
export interface ResolvedVmIdRange {
  readonly start: number;
  readonly end: number;
}

export interface ResolvedTemplateRef {
  readonly node: string;
  readonly vmId: number;
  /** Datastore of its disks; `undefined` for a template of the user's whose storage the spec does not say. */
  readonly datastore: string | undefined;
  /**
   * System extensions of its image: the platform schematic's for the stage 00 template, the spec's list for a
   * template of the user's, `undefined` when the spec does not say.
   */
  readonly extensions: readonly string[] | undefined;
}

export interface ResolvedWorkloadPlacement extends ResolvedPlacement {
  /** `undefined`: CAPMOX picks the next free VM ID. */
  readonly vmIdRange: ResolvedVmIdRange | undefined;
  /** The template CAPMOX clones (the stage 00 template unless the spec names another). */
  readonly template: ResolvedTemplateRef;
}

export interface ResolvedWorkloadCluster {
  /** File the spec was read from, or `<env>/<name>` in angle brackets for a spec passed in code. */
  readonly sourceFile: string;
  /** Environment (the folder the file is in). */
  readonly environment: string;
  readonly name: string;
  readonly versions: ResolvedWorkloadVersions;
  readonly controlPlane: ResolvedMachineSet;
  readonly workers: ResolvedWorkerSet;
  /** Worker pools besides `workers`, in file order (`[]` when the spec has none). */
  readonly workerPools: readonly ResolvedWorkerPoolSet[];
  readonly network: ResolvedWorkloadNetwork;
  readonly placement: ResolvedWorkloadPlacement;
  /** The environment's labels overlaid with the cluster's own, sorted by key. */
  readonly labels: Readonly<Record<string, string>>;
  readonly clusterClass: boolean;
}
