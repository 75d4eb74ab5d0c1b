/**
 * Every default the resolver applies, with where the number comes from. `types.ts` documents the same values in
 * JSDoc (`@default`); `test/spec/defaults.test.ts` asserts each one.
 */
import {
  CABPT_VERSION,
  CACPPT_VERSION,
  CAPMOX_VERSION,
  CLUSTER_API_VERSION,
  IPAM_IN_CLUSTER_VERSION,
  KUBERNETES_VERSION,
  TALOS_VERSION,
} from '../versions';
import { Version } from '../rules/version';

/**
 * Platform facts the resolver and the checks share with the constructs: defined once in `lib/core/rules/facts.ts`,
 * re-exported here where the other defaults live.
 */
export {
  DEFAULT_INSTALL_DISK,
  KUBERNETES_API_PORT,
  MAX_VM_ID,
  MAX_WORKLOAD_CLUSTER_NAME_LENGTH,
  ROLLOUT_SURGE_MACHINES,
  TALOS_MINIMUM_SIZE,
} from '../rules/facts';

/**
 * Versions a spec gets when it sets none: the pins in `lib/core/versions.ts`, parsed in the form each is written in
 * (Talos and Kubernetes as the spec writes them, the providers as release tags).
 */
export const DEFAULT_VERSIONS = {
  talos: Version.of(TALOS_VERSION),
  kubernetes: Version.of(KUBERNETES_VERSION),
  clusterApi: Version.fromTag(CLUSTER_API_VERSION),
  capmox: Version.fromTag(CAPMOX_VERSION),
  cabpt: Version.fromTag(CABPT_VERSION),
  cacppt: Version.fromTag(CACPPT_VERSION),
  ipamInCluster: Version.fromTag(IPAM_IN_CLUSTER_VERSION),
} as const;

/** Three control planes: the smallest etcd cluster that keeps quorum when one member fails. */
export const DEFAULT_CONTROL_PLANE_COUNT = 3;

/** The management cluster runs without dedicated workers by default (control planes are schedulable). */
export const DEFAULT_MANAGEMENT_WORKER_COUNT = 0;

/**
 * VM IDs of the management VMs: 8100+ for control planes, 8200+ for workers. Proxmox hands out IDs from 100 up, so
 * a high, role-separated block stays clear of hand-made VMs and of the template at 9000.
 */
export const DEFAULT_CONTROL_PLANE_VM_ID_START = 8100;
export const DEFAULT_WORKER_VM_ID_START = 8200;

/** VM ID of the Talos template stage 00 creates: 9000+ is the common Proxmox convention for templates. */
export const DEFAULT_TEMPLATE_VM_ID = 9000;

/**
 * Pod and service networks of a cluster that names none: Talos's defaults (`cluster.network.podSubnets`,
 * `serviceSubnets`), which the management cluster always uses (stage 10 sets none).
 */
export const DEFAULT_CLUSTER_NETWORKS = { pods: '10.244.0.0/16', services: '10.96.0.0/12' } as const;

/** Id of CAPMOX's Proxmox API token when the spec names none: user `capmox@pve`, token `capi` (docs/clusters.md). */
export const DEFAULT_CAPMOX_TOKEN_ID = 'capmox@pve!capi';

/**
 * VM size, above Talos's minimums (`TALOS_MINIMUM_SIZE`) at its recommended 4 cores; 8 GiB leaves room for Cluster
 * API, Argo CD and the addons on the management cluster, 50 GiB for images and etcd.
 */
export const DEFAULT_MACHINE_SIZE = { cores: 4, memoryMiB: 8192, diskGiB: 50 } as const;

/** Required in every Talos image for Proxmox: without the guest agent Proxmox cannot see the VM's addresses. */
export const QEMU_GUEST_AGENT_EXTENSION = 'siderolabs/qemu-guest-agent';

/** Defaults of a `addons.proxmoxCsi` StorageClass, and the plugin's region where the spec names none. */
export const DEFAULT_PROXMOX_CSI = { region: 'proxmox', fsType: 'ext4', reclaimPolicy: 'Delete' } as const;

/** Defaults of `gitops`. */
export const DEFAULT_GITOPS = { revision: 'main', path: 'dist', clusterDelivery: 'gitops', engine: 'argocd' } as const;

/** Folders of the GitOps tree when `gitops.layout` names none (the layout of the tree before it was configurable). */
export const DEFAULT_GITOPS_LAYOUT = { apps: 'platform/apps', platform: 'platform', clusters: 'clusters' } as const;

/** ExternalDNS provider when the addon is on and none is named. */
export const DEFAULT_EXTERNAL_DNS_PROVIDER = 'cloudflare';

/** Addons: Cilium (the CNI; Talos runs with `cni: none`) and cert-manager (the CAPI operator needs it) are on. */
export const DEFAULT_ADDONS_ENABLED = {
  cilium: true,
  certManager: true,
  externalDns: false,
  longhorn: false,
  monitoring: false,
  dashboards: false,
  externalSecrets: false,
  velero: false,
  logging: false,
  etcdBackup: false,
  proxmoxCsi: false,
} as const;

/** Defaults of `addons.etcdBackup`: a snapshot every 6 hours, kept 14 days (56 generations). */
export const DEFAULT_ETCD_BACKUP = {
  region: 'us-east-1',
  schedule: '0 */6 * * *',
  retentionDays: 14,
  workloadClusters: true,
} as const;
