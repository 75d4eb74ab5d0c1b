import { Construct } from 'constructs';
import type { App } from 'cdk8s';
import { WorkloadCluster } from '../lib/capi/workload-cluster';
import type { WorkerPoolOptions, WorkloadClusterProps } from '../lib/capi/workload-cluster';
import { WorkloadClusterCilium } from '../lib/capi/workload-cluster-cilium';
import type { WorkloadClusterCiliumProps } from '../lib/capi/workload-cluster-cilium';
import { WorkloadClusterMode } from '../lib/capi/workload-cluster-mode';
import type { PlatformConfig, ResolvedWorkloadCluster } from '../lib/core/spec/resolved';
import { GitOpsChart } from '../lib/core/synth/gitops-chart';
import { GitOpsLayout } from '../lib/gitops/layout';
import { retainOnDeletion } from '../lib/gitops/retain';
import { talosBackupApiAccessPatch } from '../lib/gitops/addons/talos-backup';
import { nocloudInstallerImage } from '../lib/talos/image-factory';
import { patchesToYaml } from '../lib/talos/patches/talos-patch';
import { addonTalosPatches } from '../lib/talos/patches/addon-patches';
import { workloadRequirements } from '../lib/core/addon-prerequisites';
import { backsUpEtcd } from './etcd-backup';

/** Folder of the workload clusters with the default layout: `clusters/<environment>/<cluster>/`. */
export const CLUSTERS_DIR = GitOpsLayout.DEFAULT.clustersFolder;

/** The provider versions of the platform, as the operator takes them (leading `v`). */
export function providerVersions(config: PlatformConfig) {
  const v = config.platform.versions;
  return {
    clusterApiVersion: v.clusterApi.tag,
    capmoxVersion: v.capmox.tag,
    cabptVersion: v.cabpt.tag,
    cacpptVersion: v.cacppt.tag,
    ipamInClusterVersion: v.ipamInCluster.tag,
    clusterTopology: config.clusters.some((c) => c.clusterClass),
  };
}

/** Maps one resolved workload cluster to {@link WorkloadCluster} props (shared by stage 40 and the GitOps tree). */
export function workloadClusterProps(config: PlatformConfig, cluster: ResolvedWorkloadCluster): WorkloadClusterProps {
  const n = cluster.network;
  // Kubelet mounts of the fleet addons that reach this cluster (Longhorn's data path), on every machine.
  const addonPatches = addonTalosPatches(workloadRequirements(config.platform.addons, cluster));
  const backup = backsUpEtcd(config, 'workload') ? [talosBackupApiAccessPatch()] : [];
  const controlPlanePatches = [...addonPatches, ...backup];
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
    podCidrs: [n.pods],
    serviceCidrs: [n.services],
    extraControlPlanePatches: controlPlanePatches.length > 0 ? patchesToYaml(controlPlanePatches) : undefined,
    extraWorkerPatches: addonPatches.length > 0 ? patchesToYaml(addonPatches) : undefined,
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
    operatorReplicas: Math.min(
      2,
      [cluster.controlPlane, cluster.workers, ...cluster.workerPools].reduce((sum, m) => sum + m.count, 0),
    ),
  };
}

/**
 * The Cluster API part of the GitOps tree, when `gitops.clusterDelivery` is `gitops`: per workload cluster
 * `clusters/<env>/<name>/cluster.yaml` (Namespace, Cluster, ProxmoxCluster), `control-plane.yaml`, `workers.yaml`,
 * `health-checks.yaml`, `cni.yaml` (the Cilium HelmChartProxy); in ClusterClass mode also `cluster-class.yaml`. The
 * Namespace and the Cluster are retained by Argo CD (`Prune=false,Delete=false`). With `terraform` delivery stage 40
 * applies them instead and the tree has no `clusters/` folder.
 *
 * The Cluster API providers are not in the tree: stage 30 applies them (with the CAPMOX credentials Secret it
 * creates), and a second rendering that nothing syncs would only be a second source of truth.
 */
export function addCapiCharts(app: App, config: PlatformConfig): void {
  if (config.platform.gitops.clusterDelivery !== 'gitops') return;
  const root = new Construct(app, 'capi');
  const { layout } = config.platform.gitops;
  for (const cluster of config.clusters) {
    const dir = GitOpsLayout.of(layout).clusterFolder(cluster.environment, cluster.name);
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
