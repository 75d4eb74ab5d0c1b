/** Applies every default of `clusters/platform.yaml`. Input must have passed `validateSpecDocument`. */
import {
  DEFAULT_PROXMOX_CSI_REGION,
  managementRequirements,
  proxmoxCsiStorageClassName,
  requiredTalosExtensions,
} from '../addon-prerequisites';
import {
  DEFAULT_ADDONS_ENABLED,
  DEFAULT_CAPMOX_TOKEN_ID,
  DEFAULT_CONTROL_PLANE_COUNT,
  DEFAULT_CONTROL_PLANE_VM_ID_START,
  DEFAULT_ETCD_BACKUP,
  DEFAULT_EXTERNAL_DNS_PROVIDER,
  DEFAULT_GITOPS,
  DEFAULT_GITOPS_LAYOUT,
  DEFAULT_INSTALL_DISK,
  DEFAULT_MANAGEMENT_WORKER_COUNT,
  DEFAULT_TEMPLATE_VM_ID,
  DEFAULT_VERSIONS,
  DEFAULT_WORKER_VM_ID_START,
  KUBERNETES_API_PORT,
  QEMU_GUEST_AGENT_EXTENSION,
  DEFAULT_PROXMOX_CSI,
} from './defaults';
import {
  apiEndpoint,
  parsed,
  resolveMachineSize,
  resolveNetwork,
  resolvePlacement,
  sortedRecord,
} from './resolve-common';
import type {
  MachineRole,
  ResolvedAddons,
  ResolvedAddonToggle,
  ResolvedManagementCluster,
  ResolvedManagementMachine,
  ResolvedManagementNodes,
  ResolvedPlacement,
  ResolvedPlatform,
  ResolvedProxmox,
  ResolvedVersions,
} from './resolved';
import type {
  AddonsSpec,
  AddonToggle,
  ManagementClusterSpec,
  ManagementControlPlaneSpec,
  ManagementWorkersSpec,
  PlatformSpec,
  ProxmoxSpec,
  VersionsSpec,
} from './types';

export function buildResolvedPlatform(spec: PlatformSpec, sourceFile: string): ResolvedPlatform {
  const addons = resolveAddons(spec.addons);
  // The one schematic (stage 00's image and template) also carries what the enabled addons need on every node.
  const proxmox = resolveProxmox(spec.proxmox, requiredTalosExtensions(managementRequirements(addons)));
  return {
    sourceFile,
    proxmox,
    versions: resolveVersions(spec.versions),
    management: resolveManagement(spec.management, proxmox),
    gitops: {
      repoUrl: spec.gitops.repoUrl,
      revision: spec.gitops.revision ?? DEFAULT_GITOPS.revision,
      path: spec.gitops.path ?? DEFAULT_GITOPS.path,
      argocdDomain: spec.gitops.argocdDomain,
      clusterDelivery: spec.gitops.clusterDelivery ?? DEFAULT_GITOPS.clusterDelivery,
      engine: spec.gitops.engine ?? DEFAULT_GITOPS.engine,
      layout: {
        apps: trimSlashes(spec.gitops.layout?.apps ?? DEFAULT_GITOPS_LAYOUT.apps),
        platform: trimSlashes(spec.gitops.layout?.platform ?? DEFAULT_GITOPS_LAYOUT.platform),
        clusters: trimSlashes(spec.gitops.layout?.clusters ?? DEFAULT_GITOPS_LAYOUT.clusters),
      },
    },
    environments: (spec.environments ?? []).map((e) => ({ name: e.name, labels: sortedRecord(e.labels) })),
    addons,
  };
}

function resolveVersions(spec: VersionsSpec | undefined): ResolvedVersions {
  const d = DEFAULT_VERSIONS;
  return {
    talos: parsed(spec?.talos) ?? d.talos,
    kubernetes: parsed(spec?.kubernetes) ?? d.kubernetes,
    clusterApi: parsed(spec?.clusterApi) ?? d.clusterApi,
    capmox: parsed(spec?.capmox) ?? d.capmox,
    cabpt: parsed(spec?.cabpt) ?? d.cabpt,
    cacppt: parsed(spec?.cacppt) ?? d.cacppt,
    ipamInCluster: parsed(spec?.ipamInCluster) ?? d.ipamInCluster,
  };
}

function resolveProxmox(spec: ProxmoxSpec, addonExtensions: readonly string[]): ResolvedProxmox {
  const nodeNames = spec.nodes.map((n) => n.name);
  const extensions = new Set([QEMU_GUEST_AGENT_EXTENSION, ...(spec.image.extensions ?? []), ...addonExtensions]);
  return {
    endpoint: spec.endpoint,
    insecure: spec.insecure ?? false,
    nodes: spec.nodes.map((n) => ({ name: n.name })),
    datastores: spec.datastores.map((d) => ({
      name: d.name,
      nodes: d.nodes ? [...d.nodes] : nodeNames,
      shared: d.shared ?? false,
    })),
    bridges: spec.bridges.map((b) => ({
      name: b.name,
      create: b.create ?? false,
      ports: b.ports ? [...b.ports] : [],
      vlanAware: b.vlanAware ?? true,
    })),
    image: {
      datastore: spec.image.datastore,
      extensions: [...extensions].sort(),
      templateNode: spec.image.templateNode,
      templateVmId: spec.image.templateVmId ?? DEFAULT_TEMPLATE_VM_ID,
      templateDatastore: spec.image.templateDatastore ?? spec.datastores[0].name,
    },
    capmoxTokenId: spec.capmoxTokenId ?? DEFAULT_CAPMOX_TOKEN_ID,
  };
}

function resolveManagement(spec: ManagementClusterSpec, proxmox: ResolvedProxmox): ResolvedManagementCluster {
  const placement = resolvePlacement(spec.placement, proxmox);
  const controlPlane = resolveNodes(spec.controlPlane, DEFAULT_CONTROL_PLANE_COUNT, DEFAULT_CONTROL_PLANE_VM_ID_START);
  const workers = resolveNodes(spec.workers, DEFAULT_MANAGEMENT_WORKER_COUNT, DEFAULT_WORKER_VM_ID_START);
  return {
    name: spec.name,
    network: resolveNetwork(spec.network),
    vip: spec.vip,
    endpoint: apiEndpoint(spec.vip, KUBERNETES_API_PORT),
    controlPlane,
    workers,
    placement,
    installDisk: spec.installDisk ?? DEFAULT_INSTALL_DISK,
    deletionProtection: spec.deletionProtection ?? true,
    machines: [
      ...machines(spec.name, 'controlplane', controlPlane, placement),
      ...machines(spec.name, 'worker', workers, placement),
    ],
  };
}

function resolveNodes(
  spec: ManagementControlPlaneSpec | ManagementWorkersSpec | undefined,
  defaultCount: number,
  defaultVmIdStart: number,
): ResolvedManagementNodes {
  return {
    count: spec?.count ?? defaultCount,
    ips: spec?.ips ? [...spec.ips] : [],
    vmIdStart: spec?.vmIdStart ?? defaultVmIdStart,
    ...resolveMachineSize(spec),
  };
}

/** One entry per VM; `ips` may be shorter than `count` in an invalid spec (the checks report it). */
function machines(
  cluster: string,
  role: MachineRole,
  nodes: ResolvedManagementNodes,
  placement: ResolvedPlacement,
): ResolvedManagementMachine[] {
  const prefix = role === 'controlplane' ? 'cp' : 'worker';
  return Array.from({ length: nodes.count }, (_, index) => ({
    role,
    index,
    hostname: `${cluster}-${prefix}-${index + 1}`,
    ip: nodes.ips[index] ?? '',
    vmId: nodes.vmIdStart + index,
    proxmoxNode: placement.nodes[index % placement.nodes.length],
    datastore: placement.datastore,
    cores: nodes.cores,
    memoryMiB: nodes.memoryMiB,
    diskGiB: nodes.diskGiB,
  }));
}

function resolveAddons(spec: AddonsSpec | undefined): ResolvedAddons {
  const toggle = (name: keyof typeof DEFAULT_ADDONS_ENABLED, value: AddonToggle | undefined): ResolvedAddonToggle => ({
    enabled: value?.enabled ?? DEFAULT_ADDONS_ENABLED[name],
  });
  const l2 = spec?.cilium?.l2Announcements;
  return {
    cilium: {
      ...toggle('cilium', spec?.cilium),
      l2Announcements: l2 ? { start: l2.start, end: l2.end } : undefined,
    },
    certManager: toggle('certManager', spec?.certManager),
    externalDns: {
      ...toggle('externalDns', spec?.externalDns),
      provider: spec?.externalDns?.provider ?? DEFAULT_EXTERNAL_DNS_PROVIDER,
      domainFilters: [...(spec?.externalDns?.domainFilters ?? [])],
    },
    longhorn: toggle('longhorn', spec?.longhorn),
    monitoring: toggle('monitoring', spec?.monitoring),
    dashboards: toggle('dashboards', spec?.dashboards),
    externalSecrets: toggle('externalSecrets', spec?.externalSecrets),
    velero: toggle('velero', spec?.velero),
    logging: toggle('logging', spec?.logging),
    etcdBackup: {
      ...toggle('etcdBackup', spec?.etcdBackup),
      bucket: spec?.etcdBackup?.bucket,
      region: spec?.etcdBackup?.region ?? DEFAULT_ETCD_BACKUP.region,
      endpoint: spec?.etcdBackup?.endpoint,
      ageRecipient: spec?.etcdBackup?.ageRecipient,
      schedule: spec?.etcdBackup?.schedule ?? DEFAULT_ETCD_BACKUP.schedule,
      retentionDays: spec?.etcdBackup?.retentionDays ?? DEFAULT_ETCD_BACKUP.retentionDays,
      workloadClusters: spec?.etcdBackup?.workloadClusters ?? DEFAULT_ETCD_BACKUP.workloadClusters,
    },
    proxmoxCsi: {
      ...toggle('proxmoxCsi', spec?.proxmoxCsi),
      region: spec?.proxmoxCsi?.region ?? DEFAULT_PROXMOX_CSI_REGION,
      storageClasses: (spec?.proxmoxCsi?.storageClasses ?? []).map((c) => ({
        name: c.name ?? proxmoxCsiStorageClassName(c.datastore),
        datastore: c.datastore,
        fsType: c.fsType ?? DEFAULT_PROXMOX_CSI.fsType,
        reclaimPolicy: c.reclaimPolicy ?? DEFAULT_PROXMOX_CSI.reclaimPolicy,
        default: c.default ?? false,
      })),
    },
  };
}

/** A layout folder as written (`argo/apps/`), without the trailing `/` a user may add. */
function trimSlashes(folder: string): string {
  return folder.replace(/\/+$/, '');
}
