/** Applies every default of `clusters/<env>/<cluster>.yaml`. Input must have passed `validateSpecDocument`. */
import { MACHINE_DEPLOYMENT_ROLLOUT } from '../rules/worker-rollout';
import { DEFAULT_CLUSTER_NETWORKS, KUBERNETES_API_PORT } from './defaults';
import {
  apiEndpoint,
  parsed,
  resolveMachineSize,
  resolveNetwork,
  resolvePlacement,
  sortedRecord,
} from './resolve-common';
import type { ResolvedMachineSet, ResolvedPlatform, ResolvedWorkerSet, ResolvedWorkloadCluster } from './resolved';
import type { WorkloadClusterSpec, WorkloadMachinesSpec, WorkloadWorkersSpec } from './types';

export function buildResolvedWorkloadCluster(
  spec: WorkloadClusterSpec,
  platform: ResolvedPlatform,
  environment: string,
  sourceFile: string,
): ResolvedWorkloadCluster {
  const { image } = platform.proxmox;
  const placement = spec.placement;
  const envLabels = platform.environments.find((e) => e.name === environment)?.labels;
  return {
    sourceFile,
    environment,
    name: spec.name,
    versions: {
      talos: parsed(spec.versions?.talos) ?? platform.versions.talos,
      kubernetes: parsed(spec.versions?.kubernetes) ?? platform.versions.kubernetes,
    },
    controlPlane: machineSet(spec.controlPlane),
    workers: workerSet(spec.workers),
    workerPools: (spec.workerPools ?? []).map((pool) => ({
      name: pool.name,
      ...workerSet(pool),
      labels: sortedRecord(pool.labels),
      taints: (pool.taints ?? []).map((t) => ({
        key: t.key,
        ...(t.value !== undefined ? { value: t.value } : {}),
        effect: t.effect,
      })),
    })),
    network: {
      ...resolveNetwork(spec.network),
      endpointVip: spec.network.endpointVip,
      pods: spec.network.pods ?? DEFAULT_CLUSTER_NETWORKS.pods,
      services: spec.network.services ?? DEFAULT_CLUSTER_NETWORKS.services,
      endpoint: apiEndpoint(spec.network.endpointVip, KUBERNETES_API_PORT),
      ipPool: { start: spec.network.ipPool.start, end: spec.network.ipPool.end },
    },
    placement: {
      ...resolvePlacement(placement, platform.proxmox),
      vmIdRange: placement?.vmIdRange ? { start: placement.vmIdRange.start, end: placement.vmIdRange.end } : undefined,
      template: placement?.template
        ? {
            node: placement.template.node,
            vmId: placement.template.vmId,
            datastore: placement.template.datastore,
            extensions: templateExtensions(placement.template, image),
          }
        : {
            node: image.templateNode,
            vmId: image.templateVmId,
            datastore: image.templateDatastore,
            extensions: image.extensions,
          },
    },
    labels: sortedRecord(envLabels, spec.labels),
    clusterClass: spec.clusterClass ?? false,
  };
}

function machineSet(spec: WorkloadMachinesSpec): ResolvedMachineSet {
  return { count: spec.count, ...resolveMachineSize(spec) };
}

/** Workers with their rolling-update settings (Cluster API's defaults where the spec sets none). */
function workerSet(spec: WorkloadWorkersSpec): ResolvedWorkerSet {
  return {
    ...machineSet(spec),
    rollout: {
      maxSurge: spec.rollout?.maxSurge ?? MACHINE_DEPLOYMENT_ROLLOUT.maxSurge,
      maxUnavailable: spec.rollout?.maxUnavailable ?? MACHINE_DEPLOYMENT_ROLLOUT.maxUnavailable,
    },
  };
}

/** The extensions a named template's image has: as the spec lists them, or stage 00's when it names that template. */
function templateExtensions(
  template: { readonly node: string; readonly vmId: number; readonly extensions?: readonly string[] | undefined },
  image: { readonly templateNode: string; readonly templateVmId: number; readonly extensions: readonly string[] },
): readonly string[] | undefined {
  if (template.extensions) return [...template.extensions].sort();
  return template.node === image.templateNode && template.vmId === image.templateVmId ? image.extensions : undefined;
}
