/**
 * What each addon needs from Talos and Kubernetes before its pods can run, as data: the system extensions of the
 * Image Factory schematic, kubelet mounts (a machine-config patch), the Pod Security level of its namespace and the
 * node labels its pods read. The model applies them to every cluster the addon reaches: the schematic
 * (`resolve-platform.ts`, so stage 00's image, the management installer and every workload installer carry the
 * extensions), the Talos patches of the management cluster (stage 10) and of workload clusters
 * (`TalosControlPlane` / `TalosConfigTemplate`), and the namespace labels Argo CD sets. The checks
 * (`checks/addon-prerequisites.ts`) reject a spec where one cannot be met.
 *
 * Pod Security: Talos enforces `baseline` in every namespace but `kube-system` (its default `PodSecurityConfiguration`
 * in the API server's admission config, Talos docs "Pod Security"), so an addon with host paths, host network or
 * privileged containers needs `privileged` on its namespace.
 */
import { fleetAddonLabel } from './labels';
import type { ResolvedAddons, ResolvedWorkloadCluster } from './spec/resolved';
import { DEFAULT_PROXMOX_CSI } from './spec/defaults';

/** A Pod Security Standards level (`pod-security.kubernetes.io/enforce`). */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** The level Talos enforces where a namespace sets none. */
export const TALOS_DEFAULT_POD_SECURITY: PodSecurityLevel = 'baseline';

/** One `machine.kubelet.extraMounts` entry (Talos `v1alpha1.ExtraMount`). */
export interface KubeletExtraMount {
  readonly destination: string;
  readonly source: string;
  readonly type: string;
  readonly options: readonly string[];
}

/** Well-known topology labels (`corev1.LabelTopologyRegion` / `LabelTopologyZone`). */
export const TOPOLOGY_REGION_LABEL = 'topology.kubernetes.io/region';
export const TOPOLOGY_ZONE_LABEL = 'topology.kubernetes.io/zone';

/** What one addon needs on the nodes and namespace of every cluster it runs on. */
export interface AddonPrerequisites {
  /** Official Talos system extensions every node needs in its schematic. */
  readonly talosExtensions: readonly string[];
  /** kubelet mounts every node needs (host paths the addon's pods bind with mount propagation). */
  readonly kubeletExtraMounts: readonly KubeletExtraMount[];
  /** Pod Security level its namespace must enforce. */
  readonly podSecurity: PodSecurityLevel;
  /** Node labels its pods need on every node they run on (set per VM from the spec's placement). */
  readonly nodeLabels: readonly string[];
  /**
   * Whether it reaches workload clusters too (through the fleet ApplicationSet); each cluster can opt out with the
   * label `talos-platform-cdk.dev/addon-<fleetAppName>: "false"` on its spec.
   */
  readonly fleetAppName: string | undefined;
}

/**
 * Longhorn's data path on every node: the chart's `defaultSettings.defaultDataPath` and the kubelet mount below. On
 * the EPHEMERAL partition (`/var`), as Longhorn documents for Talos (docs "Talos Linux Support", the extraMounts
 * section); a dedicated disk would be a Talos `UserVolumeConfig` mounted at `/var/mnt/<name>`.
 */
export const LONGHORN_DATA_PATH = '/var/lib/longhorn';

/** Longhorn's Talos requirements (longhorn/website `content/docs/1.11.0/advanced-resources/os-distro-specific`). */
const LONGHORN: AddonPrerequisites = {
  // iscsiadm/iscsid for volume attachment; fstrim and friends for trimming.
  talosExtensions: ['siderolabs/iscsi-tools', 'siderolabs/util-linux-tools'],
  kubeletExtraMounts: [
    { destination: LONGHORN_DATA_PATH, type: 'bind', source: LONGHORN_DATA_PATH, options: ['bind', 'rshared', 'rw'] },
  ],
  podSecurity: 'privileged',
  nodeLabels: [],
  fleetAppName: 'longhorn',
};

/** node-exporter uses hostNetwork, hostPID and hostPath volumes: all refused under `baseline`. */
const MONITORING: AddonPrerequisites = {
  talosExtensions: [],
  kubeletExtraMounts: [],
  podSecurity: 'privileged',
  nodeLabels: [],
  fleetAppName: 'kube-prometheus-stack',
};

/** Velero's node agent reads pod volumes through hostPath `/var/lib/kubelet/pods`. */
const VELERO: AddonPrerequisites = {
  talosExtensions: [],
  kubeletExtraMounts: [],
  podSecurity: 'privileged',
  nodeLabels: [],
  fleetAppName: undefined,
};

/**
 * Proxmox CSI (sergelogvinov/proxmox-csi-plugin v0.19.1, docs/install.md): privileged node plugin (it formats and
 * mounts block devices), and the topology labels, without which its `NodeGetInfo` fails ("failed to get region or
 * zone") and the node plugin never registers. It attaches disks over VirtIO SCSI, so no extension is needed.
 */
const PROXMOX_CSI: AddonPrerequisites = {
  talosExtensions: [],
  kubeletExtraMounts: [],
  podSecurity: 'privileged',
  nodeLabels: [TOPOLOGY_REGION_LABEL, TOPOLOGY_ZONE_LABEL],
  fleetAppName: undefined,
};

/** The prerequisites of the addons that have any, by their key in `addons:`. */
export const ADDON_PREREQUISITES: Readonly<Partial<Record<keyof ResolvedAddons, AddonPrerequisites>>> = {
  longhorn: LONGHORN,
  monitoring: MONITORING,
  velero: VELERO,
  proxmoxCsi: PROXMOX_CSI,
};

/** Region of the Proxmox CSI plugin's cluster config and of every node's region label, unless the spec names one. */
export const DEFAULT_PROXMOX_CSI_REGION = DEFAULT_PROXMOX_CSI.region;

/** Default StorageClass name for a datastore: `proxmox-<datastore>`, lower-cased, `_` and `.` as `-`. */
export function proxmoxCsiStorageClassName(datastore: string): string {
  return `proxmox-${datastore.toLowerCase().replace(/[_.]/g, '-')}`;
}

/** An addon key with its prerequisites. */
export interface AddonRequirement {
  readonly addon: keyof ResolvedAddons;
  readonly prerequisites: AddonPrerequisites;
}

/** The enabled addons with prerequisites, in a fixed order: what the management cluster runs. */
export function managementRequirements(addons: ResolvedAddons): AddonRequirement[] {
  return (Object.keys(ADDON_PREREQUISITES) as (keyof ResolvedAddons)[])
    .filter((addon) => addons[addon].enabled)
    .map((addon) => ({ addon, prerequisites: ADDON_PREREQUISITES[addon]! }));
}

/** The enabled addons that reach this workload cluster through the fleet (it did not opt out). */
export function workloadRequirements(addons: ResolvedAddons, cluster: ResolvedWorkloadCluster): AddonRequirement[] {
  return managementRequirements(addons).filter(({ prerequisites: p }) => {
    if (p.fleetAppName === undefined) return false;
    return cluster.labels[fleetAddonLabel(p.fleetAppName)] !== 'false';
  });
}

/** The system extensions the addons need, sorted and without repeats. */
export function requiredTalosExtensions(requirements: readonly AddonRequirement[]): string[] {
  return [...new Set(requirements.flatMap((r) => r.prerequisites.talosExtensions))].sort();
}

/** The kubelet mounts the addons need, one per destination, in addon order. */
export function requiredKubeletMounts(requirements: readonly AddonRequirement[]): KubeletExtraMount[] {
  const byDestination = new Map<string, KubeletExtraMount>();
  for (const r of requirements) {
    for (const m of r.prerequisites.kubeletExtraMounts) {
      if (!byDestination.has(m.destination)) byDestination.set(m.destination, m);
    }
  }
  return [...byDestination.values()];
}

/** The three Pod Security Admission labels of a namespace at `level` (enforce, and audit/warn so nothing is noisy). */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/audit': level,
    'pod-security.kubernetes.io/warn': level,
  };
}
