/**
 * The platform spec: the single source of truth for `clusters/platform.yaml` and `clusters/<env>/<cluster>.yaml`.
 *
 * These interfaces are what construct users pass in code, and `npm run schema` generates the JSON Schemas in
 * `schemas/` from them (JSDoc `@default`, `@minimum`, `@pattern` ... become schema keywords). Keep every field
 * documented: the docs page `docs/spec.md` is generated from the same comments.
 */

/** The API version both spec files declare. */
export type SpecApiVersion = 'talos-platform-cdk/v1alpha1';

/**
 * An IPv4 address in dotted-quad form, e.g. `10.20.0.10`.
 * @pattern ^[0-9]{1,3}(\.[0-9]{1,3}){3}$
 */
export type IPv4Address = string;

/**
 * An IPv4 network in CIDR form, e.g. `10.20.0.0/24`.
 * @pattern ^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$
 */
export type IPv4Cidr = string;

/**
 * A DNS-1123 label: lower-case letters, digits and `-`, starting and ending with an alphanumeric, at most 63
 * characters. Used for cluster, environment and Proxmox node names.
 * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
 * @maxLength 63
 */
export type Dns1123Label = string;

/**
 * A Talos system extension as Image Factory names it, e.g. `siderolabs/iscsi-tools`.
 * @pattern ^[a-z0-9][a-z0-9-]{0,62}/[a-z0-9][a-z0-9.-]{0,62}$
 */
export type TalosExtensionName = string;

/**
 * A version without a leading `v`, e.g. `1.13.9`.
 * @pattern ^[0-9]+\.[0-9]+\.[0-9]+$
 */
export type SemanticVersion = string;

/** The management platform: `clusters/platform.yaml`. */
export interface PlatformSpec {
  /** Spec format version. */
  readonly apiVersion: SpecApiVersion;
  /** Spec kind. */
  readonly kind: 'Platform';
  /** The Proxmox VE cluster everything runs on. */
  readonly proxmox: ProxmoxSpec;
  /**
   * Talos, Kubernetes and Cluster API provider versions.
   * @default - the versions pinned in `lib/core/versions.ts`
   */
  readonly versions?: VersionsSpec | undefined;
  /** The Talos management cluster (stage 10) that runs Cluster API and Argo CD. */
  readonly management: ManagementClusterSpec;
  /** The GitOps repository Argo CD watches (stage 50 and `dist/`). */
  readonly gitops: GitOpsSpec;
  /**
   * The environments workload clusters are declared in: one folder `clusters/<name>/` each.
   * @default - no environments (no workload clusters)
   */
  readonly environments?: EnvironmentSpec[] | undefined;
  /**
   * Addons Argo CD installs on the management cluster and, through the fleet ApplicationSet, on workload clusters.
   * @default - Cilium and cert-manager on; everything else off
   */
  readonly addons?: AddonsSpec | undefined;
}

/**
 * The Proxmox VE cluster. Credentials are never part of the spec: see `TF_VAR_proxmox_api_token` and
 * `TF_VAR_capmox_token_id`/`TF_VAR_capmox_token_secret` in docs/secrets.md.
 */
export interface ProxmoxSpec {
  /**
   * Proxmox VE API endpoint, without `/api2/json` (CAPMOX and bpg/proxmox both append it).
   * @pattern ^https?://
   * @examples ["https://pve.example.internal:8006"]
   */
  readonly endpoint: string;
  /**
   * Skip TLS verification of the Proxmox API (self-signed certificates).
   * @default false
   */
  readonly insecure?: boolean | undefined;
  /**
   * Proxmox VE nodes VMs may be placed on.
   * @minItems 1
   */
  readonly nodes: ProxmoxNodeSpec[];
  /**
   * Datastores the platform uses. Each must exist on every node it lists.
   * @minItems 1
   */
  readonly datastores: DatastoreSpec[];
  /**
   * Linux bridges VMs attach to. Each must exist on every node (or is created, with `create: true`).
   * @minItems 1
   */
  readonly bridges: BridgeSpec[];
  /** Where stage 00 puts the Talos image and the VM template CAPMOX clones. */
  readonly image: TalosImageSpec;
  /**
   * Id of the Proxmox API token CAPMOX runs with, `<user>@<realm>!<token-name>`. It only names CAPMOX's config
   * Secret (`capmox-credentials-<hash of the id>`), so a new token is a new Secret that CAPMOX restarts with; the
   * values come from `TF_VAR_capmox_token_id` (the same id, checked at plan) and `TF_VAR_capmox_token_secret`. To
   * rotate, create a token with a new name and put its id here (docs/runbooks/capmox-credentials.md).
   * @pattern ^[^\s@!]+@[^\s@!]+![A-Za-z][A-Za-z0-9._-]*$
   * @default "capmox@pve!capi"
   * @examples ["capmox@pve!capi-2027"]
   */
  readonly capmoxTokenId?: string | undefined;
}

/** A Proxmox VE node. */
export interface ProxmoxNodeSpec {
  /** Node name as Proxmox shows it (`pvecm nodes`). */
  readonly name: Dns1123Label;
}

/** A Proxmox VE datastore (storage). */
export interface DatastoreSpec {
  /**
   * Storage ID, e.g. `local-lvm` (Proxmox storage IDs: a letter, then letters, digits, `-`, `_` or `.`).
   * @pattern ^[a-zA-Z][a-zA-Z0-9_.-]*[a-zA-Z0-9]$
   * @examples ["local-lvm"]
   */
  readonly name: string;
  /**
   * Nodes the datastore is available on.
   * @default - every node in `proxmox.nodes`
   */
  readonly nodes?: Dns1123Label[] | undefined;
  /**
   * Whether the storage is shared (Proxmox's `shared` flag: Ceph RBD, NFS, CIFS, shared LVM over iSCSI...), so
   * every node sees the same volumes. Proxmox clones a VM to another node only when the source disks and the target
   * storage are both shared, so a workload cluster placed on more than one node needs its template and VM disks
   * here. Stage 00 checks the declaration against the storage's real flag.
   * @default false
   */
  readonly shared?: boolean | undefined;
}

/** A Linux bridge (or VLAN-aware bridge) on the Proxmox nodes. */
export interface BridgeSpec {
  /**
   * Bridge interface name, e.g. `vmbr0`.
   * @pattern ^[a-zA-Z][a-zA-Z0-9_.-]{0,14}$
   * @examples ["vmbr0"]
   */
  readonly name: string;
  /**
   * Create the bridge in stage 00 instead of only checking that it exists.
   * @default false
   */
  readonly create?: boolean | undefined;
  /**
   * Physical ports of a bridge created by stage 00, e.g. `["enp1s0"]`.
   * @default - no ports (an internal bridge)
   */
  readonly ports?: string[] | undefined;
  /**
   * Make a bridge created by stage 00 VLAN-aware.
   * @default true
   */
  readonly vlanAware?: boolean | undefined;
}

/** The Talos image from Image Factory and the VM template made from it. */
export interface TalosImageSpec {
  /** Datastore the nocloud image is downloaded to (needs the `iso` or `import` content type). */
  readonly datastore: string;
  /**
   * Extra Talos system extensions, besides `siderolabs/qemu-guest-agent` which is always included.
   * @default []
   */
  readonly extensions?: TalosExtensionName[] | undefined;
  /** Node that holds the VM template CAPMOX clones workload machines from. */
  readonly templateNode: Dns1123Label;
  /**
   * VM ID of that template.
   * @asType integer
   * @minimum 100
   * @maximum 999999999
   * @default 9000
   */
  readonly templateVmId?: number | undefined;
  /**
   * Datastore of the template's disk.
   * @default - the first datastore in `proxmox.datastores`
   */
  readonly templateDatastore?: string | undefined;
}

/** Versions of Talos, Kubernetes and the Cluster API providers. */
export interface VersionsSpec {
  /**
   * Talos Linux version.
   * @default "1.13.9"
   */
  readonly talos?: SemanticVersion | undefined;
  /**
   * Kubernetes version; must be in the range the Talos version supports (Talos 1.13: 1.31 to 1.36) and the range
   * Cluster API supports (v1.12: 1.31 to 1.35 for the management cluster, 1.29 to 1.35 for workload clusters).
   * @default "1.35.6"
   */
  readonly kubernetes?: SemanticVersion | undefined;
  /**
   * Cluster API core version.
   * @default "1.12.11"
   */
  readonly clusterApi?: SemanticVersion | undefined;
  /**
   * CAPMOX (Proxmox infrastructure provider) version.
   * @default "0.9.0"
   */
  readonly capmox?: SemanticVersion | undefined;
  /**
   * CABPT (Talos bootstrap provider) version.
   * @default "0.6.12"
   */
  readonly cabpt?: SemanticVersion | undefined;
  /**
   * CACPPT (Talos control-plane provider) version.
   * @default "0.5.13"
   */
  readonly cacppt?: SemanticVersion | undefined;
  /**
   * In-cluster IPAM provider version.
   * @default "1.1.0"
   */
  readonly ipamInCluster?: SemanticVersion | undefined;
}

/** VM size of one machine role. */
export interface MachineSizeSpec {
  /**
   * Virtual CPU cores.
   * @asType integer
   * @minimum 1
   * @maximum 512
   * @default 4
   */
  readonly cores?: number | undefined;
  /**
   * Memory in MiB.
   * @asType integer
   * @minimum 1024
   * @default 8192
   */
  readonly memoryMiB?: number | undefined;
  /**
   * System disk size in GiB.
   * @asType integer
   * @minimum 10
   * @default 50
   */
  readonly diskGiB?: number | undefined;
}

/** A layer-3 network on one bridge (and optional VLAN). */
export interface NetworkSpec {
  /** Bridge the VMs attach to; must be one of `proxmox.bridges`. */
  readonly bridge: string;
  /**
   * VLAN tag on the bridge.
   * @asType integer
   * @minimum 1
   * @maximum 4094
   * @default - untagged
   */
  readonly vlan?: number | undefined;
  /** The node network, e.g. `10.20.0.0/24`. */
  readonly cidr: IPv4Cidr;
  /**
   * Default gateway.
   * @default - the first usable address of `cidr`
   */
  readonly gateway?: IPv4Address | undefined;
  /**
   * DNS servers (CAPMOX requires at least one).
   * @minItems 1
   * @default - the gateway
   */
  readonly dns?: IPv4Address[] | undefined;
}

/** Where the VMs of a cluster run on Proxmox. */
export interface PlacementSpec {
  /**
   * Proxmox nodes the VMs may run on (spread round-robin).
   * @minItems 1
   * @default - every node in `proxmox.nodes`
   */
  readonly nodes?: Dns1123Label[] | undefined;
  /**
   * Datastore of the VM disks.
   * @default - the first datastore in `proxmox.datastores`
   */
  readonly datastore?: string | undefined;
}

/** The management cluster's control plane. */
export interface ManagementControlPlaneSpec extends MachineSizeSpec {
  /**
   * Control-plane nodes; must be odd (etcd quorum). More than 7 etcd members only slows writes down.
   * @asType integer
   * @minimum 1
   * @maximum 9
   * @default 3
   */
  readonly count?: number | undefined;
  /**
   * Static address of each control-plane node, in order; as many as `count`.
   * @minItems 1
   */
  readonly ips: IPv4Address[];
  /**
   * VM ID of the first control-plane VM; the others follow.
   * @asType integer
   * @minimum 100
   * @maximum 999999999
   * @default 8100
   */
  readonly vmIdStart?: number | undefined;
}

/** The management cluster's workers. */
export interface ManagementWorkersSpec extends MachineSizeSpec {
  /**
   * Worker nodes (static addresses, one VM each; scale further with workload clusters).
   * @asType integer
   * @minimum 0
   * @maximum 250
   * @default 0
   */
  readonly count?: number | undefined;
  /**
   * Static address of each worker, in order; as many as `count`.
   * @default []
   */
  readonly ips?: IPv4Address[] | undefined;
  /**
   * VM ID of the first worker VM; the others follow.
   * @asType integer
   * @minimum 100
   * @maximum 999999999
   * @default 8200
   */
  readonly vmIdStart?: number | undefined;
}

/** The Talos management cluster (stage 10). */
export interface ManagementClusterSpec {
  /** Cluster name (Talos cluster name, kubeconfig context). */
  readonly name: Dns1123Label;
  /** Node network; static addresses are set through nocloud network config. */
  readonly network: NetworkSpec;
  /** Control-plane virtual IP (Talos VIP on the control-plane interface); the API endpoint is `https://<vip>:6443`. */
  readonly vip: IPv4Address;
  /** Control-plane nodes. */
  readonly controlPlane: ManagementControlPlaneSpec;
  /**
   * Worker nodes.
   * @default - no workers (control planes run workloads)
   */
  readonly workers?: ManagementWorkersSpec | undefined;
  /**
   * Placement on Proxmox.
   * @default - all nodes, the first datastore
   */
  readonly placement?: PlacementSpec | undefined;
  /**
   * Install disk inside the VM (the first SCSI disk of a Proxmox VM is `/dev/sda`, a VirtIO block disk `/dev/vda`).
   * @pattern ^/dev/[^\s]+$
   * @examples ["/dev/sda"]
   * @default "/dev/sda"
   */
  readonly installDisk?: string | undefined;
  /**
   * Proxmox's `protection` flag on the management VMs: Proxmox refuses to remove them or their disks, so a plan
   * that would replace or destroy one fails instead of deleting an etcd member. Set it to false and apply before a
   * deliberate `tofu destroy` (docs/runbooks/bootstrap.md).
   * @default true
   */
  readonly deletionProtection?: boolean | undefined;
}

/** The GitOps repository. */
export interface GitOpsSpec {
  /**
   * Repository URL Argo CD clones (https or ssh).
   * @pattern ^(https?://|ssh://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)[^\s]+$
   * @examples ["https://github.com/example/platform-gitops.git"]
   */
  readonly repoUrl: string;
  /**
   * Branch, tag or commit Argo CD tracks.
   * @default "main"
   */
  readonly revision?: string | undefined;
  /**
   * Folder in the repository that holds the synthesized tree (this project's `dist/`).
   * @default "dist"
   */
  readonly path?: string | undefined;
  /**
   * Argo CD host name for its ingress.
   * @pattern ^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$
   * @examples ["argocd.example.com"]
   * @default - no ingress
   */
  readonly argocdDomain?: string | undefined;
  /**
   * How workload clusters are delivered: committed under `dist/clusters/` for Argo CD (`gitops`), or applied by
   * stage 40 (`terraform`).
   * @default "gitops"
   */
  readonly clusterDelivery?: 'gitops' | 'terraform' | undefined;
  /**
   * The GitOps engine that reconciles the tree and that stage 50 installs: Argo CD (an app-of-apps of Applications)
   * or Flux (a root Kustomization, one Kustomization per addon and cluster, HelmReleases). Both render the same
   * addons, values and order; see docs/gitops.md, "Choosing an engine".
   * @default "argocd"
   */
  readonly engine?: 'argocd' | 'flux' | undefined;
  /**
   * Folders of the tree, relative to `path`: the root app's children, the addon folders, the workload clusters.
   * @default - `platform/apps`, `platform` and `clusters`
   */
  readonly layout?: GitOpsLayoutSpec | undefined;
}

/** Where the GitOps tree puts its three kinds of folder (each relative to `gitops.path`, `/`-separated). */
export interface GitOpsLayoutSpec {
  /**
   * Folder the root app (Argo CD) or root Kustomization (Flux) syncs: one file per addon and per workload cluster.
   * @default "platform/apps"
   * @examples ["argo/apps", "cluster/kubernetes/flux"]
   */
  readonly apps?: string | undefined;
  /**
   * Folder of the addons: `<platform>/<addon>/`, the fleet and the registrations.
   * @default "platform"
   * @examples ["platform", "cluster/kubernetes/platform"]
   */
  readonly platform?: string | undefined;
  /**
   * Folder of the workload clusters: `<clusters>/<environment>/<cluster>/`.
   * @default "clusters"
   * @examples ["clusters", "cluster/kubernetes/apps"]
   */
  readonly clusters?: string | undefined;
}

/** An environment: a folder of workload cluster specs. */
export interface EnvironmentSpec {
  /** Environment name; also the folder name under `clusters/`. */
  readonly name: Dns1123Label;
  /**
   * Labels added to every cluster of the environment.
   * @default {}
   */
  readonly labels?: Record<string, string> | undefined;
}

/** One optional addon. */
export interface AddonToggle {
  /** Install the addon. */
  readonly enabled: boolean;
}

/** Cilium options. */
export interface CiliumAddonSpec extends AddonToggle {
  /**
   * Announce LoadBalancer IPs over L2 (ARP) from this pool (`CiliumLoadBalancerIPPool` + `CiliumL2AnnouncementPolicy`).
   * @default - no L2 announcements
   */
  readonly l2Announcements?: LoadBalancerPoolSpec | undefined;
}

/** A LoadBalancer address range. */
export interface LoadBalancerPoolSpec {
  /** First address. */
  readonly start: IPv4Address;
  /** Last address (inclusive). */
  readonly end: IPv4Address;
}

/** ExternalDNS options. */
export interface ExternalDnsAddonSpec extends AddonToggle {
  /**
   * ExternalDNS provider name (e.g. `cloudflare`, `rfc2136`).
   * @default "cloudflare"
   */
  readonly provider?: string | undefined;
  /**
   * Domains ExternalDNS manages.
   * @default []
   */
  readonly domainFilters?: string[] | undefined;
}

/** Addons and their switches. */
export interface AddonsSpec {
  /**
   * Cilium CNI (wave 0). Talos runs with CNI none and kube-proxy disabled, so turning it off leaves nodes NotReady.
   * @default { enabled: true }
   */
  readonly cilium?: CiliumAddonSpec | undefined;
  /**
   * cert-manager (wave 1).
   * @default { enabled: true }
   */
  readonly certManager?: AddonToggle | undefined;
  /**
   * ExternalDNS (wave 2).
   * @default { enabled: false }
   */
  readonly externalDns?: ExternalDnsAddonSpec | undefined;
  /**
   * Longhorn storage (wave 2).
   * @default { enabled: false }
   */
  readonly longhorn?: AddonToggle | undefined;
  /**
   * kube-prometheus-stack (wave 2).
   * @default { enabled: false }
   */
  readonly monitoring?: AddonToggle | undefined;
  /**
   * Grafana dashboards and extras (wave 3).
   * @default { enabled: false }
   */
  readonly dashboards?: AddonToggle | undefined;
  /**
   * External Secrets Operator (wave 1); when on, SOPS secrets are delivered as ExternalSecrets instead of KSOPS.
   * @default { enabled: false }
   */
  readonly externalSecrets?: AddonToggle | undefined;
  /**
   * Velero backups (wave 2).
   * @default { enabled: false }
   */
  readonly velero?: AddonToggle | undefined;
  /**
   * Loki and Grafana Alloy (wave 2; Alloy replaces Promtail, which reached end of life on 2026-03-02).
   * @default { enabled: false }
   */
  readonly logging?: AddonToggle | undefined;
  /**
   * etcd snapshots with Sidero's talos-backup (a CronJob using the Talos API role `os:etcd:backup`), age-encrypted
   * and uploaded to S3-compatible storage: on the management cluster and, with `workloadClusters`, on every workload
   * cluster. The S3 credentials come only from the SOPS file `platform/secrets/talos-backup-s3.sops.yaml`.
   * @default { enabled: false }
   */
  readonly etcdBackup?: EtcdBackupAddonSpec | undefined;
  /**
   * Proxmox CSI plugin (sergelogvinov/proxmox-csi-plugin, wave 2) on the management cluster: PersistentVolumes as
   * Proxmox VM disks, one StorageClass per entry of `storageClasses`. Its Proxmox token comes only from the SOPS file
   * `platform/secrets/proxmox-csi-plugin.sops.yaml`; the nodes get the topology labels it needs from their
   * placement (docs/addons.md).
   * @default { enabled: false }
   */
  readonly proxmoxCsi?: ProxmoxCsiAddonSpec | undefined;
}

/** The Proxmox CSI plugin (docs/addons.md). */
export interface ProxmoxCsiAddonSpec extends AddonToggle {
  /**
   * Region name: the `region` of the plugin's cluster config and every node's `topology.kubernetes.io/region` label.
   * @default "proxmox"
   */
  readonly region?: Dns1123Label | undefined;
  /**
   * StorageClasses, one per Proxmox datastore volumes are created on; at least one when enabled.
   * @default []
   */
  readonly storageClasses?: ProxmoxCsiStorageClassSpec[] | undefined;
}

/** A StorageClass of the Proxmox CSI plugin. */
export interface ProxmoxCsiStorageClassSpec {
  /** Proxmox datastore the volumes are created on; must be one of `proxmox.datastores`. */
  readonly datastore: string;
  /**
   * StorageClass name.
   * @default - `proxmox-<datastore>`, lower-cased, with `_` and `.` as `-`
   */
  readonly name?: Dns1123Label | undefined;
  /**
   * Filesystem of the volumes.
   * @default "ext4"
   */
  readonly fsType?: 'ext4' | 'xfs' | undefined;
  /**
   * What happens to a volume when its claim goes.
   * @default "Delete"
   */
  readonly reclaimPolicy?: 'Delete' | 'Retain' | undefined;
  /**
   * Make it the cluster's default StorageClass (at most one may be).
   * @default false
   */
  readonly default?: boolean | undefined;
}

/** etcd backups with talos-backup (docs/runbooks/disaster-recovery.md). */
export interface EtcdBackupAddonSpec extends AddonToggle {
  /**
   * S3 bucket the encrypted snapshots go to; required when enabled.
   * @pattern ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$
   * @default - none (an error when enabled)
   */
  readonly bucket?: string | undefined;
  /**
   * S3 region (`AWS_REGION`; S3-compatible stores usually accept any).
   * @default "us-east-1"
   */
  readonly region?: string | undefined;
  /**
   * S3-compatible endpoint (`CUSTOM_S3_ENDPOINT`), e.g. a MinIO URL.
   * @pattern ^https?://[^\s]+$
   * @default - AWS S3
   */
  readonly endpoint?: string | undefined;
  /**
   * age public key the snapshots are encrypted to (`AGE_X25519_PUBLIC_KEY`); keep its private key outside the
   * platform, it is what a restore needs. Required when enabled.
   * @pattern ^age1[02-9ac-hj-np-z]{58}$
   * @default - none (an error when enabled)
   */
  readonly ageRecipient?: string | undefined;
  /**
   * Cron schedule of the snapshots (UTC).
   * @default "0 *\/6 * * *"
   */
  readonly schedule?: string | undefined;
  /**
   * Days a snapshot is kept. talos-backup only uploads; the expiry is an S3 lifecycle rule on the bucket, which the
   * disaster-recovery runbook sets from this value.
   * @asType integer
   * @minimum 1
   * @maximum 3650
   * @default 14
   */
  readonly retentionDays?: number | undefined;
  /**
   * Back up every workload cluster too (same bucket, one prefix per cluster).
   * @default true
   */
  readonly workloadClusters?: boolean | undefined;
}

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
   * @default "10.244.0.0/16"
   */
  readonly pods?: IPv4Cidr | undefined;
  /**
   * Service network (`Cluster.spec.clusterNetwork.services`, Talos's `cluster.network.serviceSubnets`).
   * @default "10.96.0.0/12"
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
   * @default 1
   */
  readonly maxSurge?: MachinesOrPercent | undefined;
  /**
   * Machines the pool may be below its count while it rolls: a count, or a percentage (rounded down). Not 0 when
   * `maxSurge` is 0 (nothing would ever be replaced).
   * @default 0
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
   * @minimum 100
   * @maximum 999999999
   */
  readonly start: number;
  /**
   * Last VM ID (inclusive).
   * @asType integer
   * @minimum 100
   * @maximum 999999999
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
   * @minimum 100
   * @maximum 999999999
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

/** Talos and Kubernetes versions of one workload cluster (the provider versions are platform-wide). */
export interface WorkloadVersionsSpec {
  /**
   * Talos Linux version.
   * @default - the platform's `versions.talos`
   */
  readonly talos?: SemanticVersion | undefined;
  /**
   * Kubernetes version; must be in the range the Talos version supports.
   * @default - the platform's `versions.kubernetes`
   */
  readonly kubernetes?: SemanticVersion | undefined;
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
