import { Construct } from 'constructs';
import type { App } from 'cdk8s';
import { CapiProviders } from '../lib/capi/capi-providers';
import { DEFAULT_PROXMOX_CREDENTIALS_SECRET } from '../lib/capi/proxmox-credentials';
import { DEFAULT_PROXMOX_NAMESPACE } from '../lib/capi/providers/infrastructure-provider';
import { WorkloadCluster } from '../lib/capi/workload-cluster';
import type { WorkerPoolOptions, WorkloadClusterProps } from '../lib/capi/workload-cluster';
import { WorkloadClusterCilium } from '../lib/capi/workload-cluster-cilium';
import type { WorkloadClusterCiliumProps } from '../lib/capi/workload-cluster-cilium';
import { WorkloadClusterMode } from '../lib/capi/workload-cluster-mode';
import type { PlatformConfig, ResolvedWorkloadCluster } from '../lib/core/spec/resolved';
import { GitOpsChart } from '../lib/core/synth/gitops-chart';
import { retainOnDeletion } from '../lib/gitops/retain';
import { talosBackupApiAccessPatch } from '../lib/gitops/addons/talos-backup';
import { nocloudInstallerImage } from '../lib/talos/image-factory';
import { patchesToYaml } from '../lib/talos/patches/talos-patch';
import { backsUpEtcd } from './etcd-backup';

/** Folder of the providers in the GitOps tree. */
export const CAPI_PLATFORM_DIR = 'platform/capi';
/** Folder of the workload clusters in the GitOps tree: `clusters/<environment>/<cluster>/`. */
export const CLUSTERS_DIR = 'clusters';

/** The provider versions of the platform, as the operator takes them (leading `v`). */
export function providerVersions(config: PlatformConfig) {
  const v = config.platform.versions;
  return {
    clusterApiVersion: `v${v.clusterApi}`,
    capmoxVersion: `v${v.capmox}`,
    cabptVersion: `v${v.cabpt}`,
    cacpptVersion: `v${v.cacppt}`,
    ipamInClusterVersion: `v${v.ipamInCluster}`,
    clusterTopology: config.clusters.some((c) => c.clusterClass),
  };
}

/** Maps one resolved workload cluster to {@link WorkloadCluster} props (shared by stage 40 and the GitOps tree). */
export function workloadClusterProps(config: PlatformConfig, cluster: ResolvedWorkloadCluster): WorkloadClusterProps {
  const n = cluster.network;
  return {
    clusterName: cluster.name,
    kubernetesVersion: cluster.versions.kubernetes,
    talosVersion: cluster.versions.talos,
    // The template stage 00 builds carries the platform's extensions; upgrades must keep them.
    installerImage: nocloudInstallerImage({
      officialExtensions: config.platform.proxmox.image.extensions,
      talosVersion: cluster.versions.talos,
    }),
    controlPlane: { ...cluster.controlPlane },
    workers: { ...cluster.workers },
    workerPools: cluster.workerPools.map((pool) => ({ ...pool, taints: pool.taints as WorkerPoolOptions['taints'] })),
    network: {
      bridge: n.bridge,
      vlan: n.vlan,
      cidr: n.cidr,
      gateway: n.gateway,
      dns: n.dns,
      endpointVip: n.endpointVip,
      ipPool: n.ipPool,
    },
    placement: {
      nodes: cluster.placement.nodes,
      template: { node: cluster.placement.template.node, vmId: cluster.placement.template.vmId },
      datastore: cluster.placement.datastore,
      vmIdRange: cluster.placement.vmIdRange,
    },
    labels: { ...cluster.labels },
    extraControlPlanePatches: backsUpEtcd(config, 'workload') ? patchesToYaml([talosBackupApiAccessPatch()]) : undefined,
    mode: cluster.clusterClass ? WorkloadClusterMode.clusterClass() : WorkloadClusterMode.expanded(),
  };
}

/**
 * The Cilium of a workload cluster: the management cluster's values (`talosCiliumValues`), with the operator
 * replicas fitted to the node count (2 with anti-affinity, 1 on a one-node cluster) and no L2 announcements (the
 * platform's LoadBalancer pool is on the management network).
 */
export function workloadCiliumProps(cluster: ResolvedWorkloadCluster, namespace: string): WorkloadClusterCiliumProps {
  return {
    clusterName: cluster.name,
    namespace,
    operatorReplicas: Math.min(2, [cluster.controlPlane, cluster.workers, ...cluster.workerPools].reduce((sum, m) => sum + m.count, 0)),
  };
}

/**
 * The Cluster API part of the GitOps tree:
 *
 * - `platform/capi/providers.yaml`: provider namespaces and the five provider CRs, the same objects stage 30
 *   applies (the rendering to review and diff; stage 30 owns them).
 * - per workload cluster, when `gitops.clusterDelivery` is `gitops`: `clusters/<env>/<name>/cluster.yaml`
 *   (Namespace, Cluster, ProxmoxCluster), `control-plane.yaml`, `workers.yaml`, `health-checks.yaml`, `cni.yaml`
 *   (the Cilium HelmChartProxy); in ClusterClass mode also `cluster-class.yaml`. The Namespace and the Cluster are
 *   retained by Argo CD (`Prune=false,Delete=false`). With `terraform` delivery stage 40 applies them instead and the
 *   tree has no `clusters/` folder.
 */
export function addCapiCharts(app: App, config: PlatformConfig): void {
  const root = new Construct(app, 'capi');
  const providersChart = new GitOpsChart(root, 'providers', { outputPath: `${CAPI_PLATFORM_DIR}/providers.yaml` });
  new CapiProviders(providersChart, 'Providers', {
    proxmoxCredentials: { name: DEFAULT_PROXMOX_CREDENTIALS_SECRET, namespace: DEFAULT_PROXMOX_NAMESPACE },
    ...providerVersions(config),
  });
  if (config.platform.gitops.clusterDelivery !== 'gitops') return;

  for (const cluster of config.clusters) {
    const dir = `${CLUSTERS_DIR}/${cluster.environment}/${cluster.name}`;
    const scope = new Construct(root, `${cluster.environment}/${cluster.name}`.replace('/', '.'));
    const workload = new WorkloadCluster(scope, 'Cluster', {
      ...workloadClusterProps(config, cluster),
      outputFiles: {
        cluster: `${dir}/cluster.yaml`,
        clusterClass: cluster.clusterClass ? `${dir}/cluster-class.yaml` : undefined,
        controlPlane: `${dir}/control-plane.yaml`,
        workers: `${dir}/workers.yaml`,
        healthChecks: `${dir}/health-checks.yaml`,
      },
    });
    retainOnDeletion(workload.objects.filter((o) => o.kind === 'Namespace' || o.kind === 'Cluster'));
    const cni = new GitOpsChart(scope, 'cni', { outputPath: `${dir}/cni.yaml` });
    new WorkloadClusterCilium(cni, 'Cilium', workloadCiliumProps(cluster, workload.namespace));
  }
}
