import { parseCidr } from '../core/net/ipv4';
import {
  DEFAULT_CONTROL_PLANE_COUNT,
  DEFAULT_INSTALL_DISK,
  DEFAULT_MACHINE_SIZE,
  DEFAULT_VERSIONS,
} from '../core/spec/defaults';
import { MACHINE_DEPLOYMENT_ROLLOUT } from '../core/rules/worker-rollout';
import { resolveNetwork } from '../core/spec/resolve-common';
import type { VersionInput } from '../core/rules/version';
import type { ResolvedWorkerPool } from './worker-pool';
import type { WorkerPoolOptions } from './worker-pool-options';
import { DEFAULT_WORKER_POOL } from './workload/names';
import {
  DEFAULT_NODE_STARTUP_TIMEOUT_SECONDS,
  DEFAULT_POD_CIDRS,
  DEFAULT_SERVICE_CIDRS,
  DEFAULT_UNHEALTHY_TIMEOUT_SECONDS,
} from './workload-cluster-defaults';
import type { MachineSizeOptions, WorkloadClusterProps, WorkloadPlacementOptions } from './workload-cluster-props';

/** {@link WorkloadClusterProps} with the YAML's defaults applied (the same values `resolve-cluster.ts` applies). */
export interface ResolvedWorkloadClusterProps {
  readonly clusterName: string;
  readonly namespace: string;
  /** As given: `validateWorkloadClusterProps` checks a string's form. */
  readonly kubernetesVersion: VersionInput;
  /** As given: `validateWorkloadClusterProps` checks a string's form. */
  readonly talosVersion: VersionInput;
  readonly controlPlane: {
    readonly count: number;
    readonly cores: number;
    readonly memoryMiB: number;
    readonly diskGiB: number;
  };
  /** The default pool `workers` first, then the `workerPools` prop. */
  readonly workerPools: readonly ResolvedWorkerPool[];
  readonly network: {
    readonly bridge: string;
    readonly vlan: number | undefined;
    /** As given (the validation requires host bits clear). */
    readonly cidr: string;
    readonly gateway: string;
    readonly dns: readonly string[];
    readonly endpointVip: string;
    readonly ipPool: { readonly start: string; readonly end: string };
  };
  readonly placement: WorkloadPlacementOptions;
  readonly labels: Readonly<Record<string, string>>;
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly installerImage: string | undefined;
  readonly installDisk: string;
  readonly extraControlPlanePatches: readonly string[];
  readonly extraWorkerPatches: readonly string[];
  readonly cloudControllerManager: boolean;
  readonly healthChecks: {
    readonly nodeStartupTimeoutSeconds: number;
    readonly unhealthyTimeoutSeconds: number;
    /** Undefined: each pool's size default. */
    readonly maxUnhealthy: string | undefined;
  };
  readonly includeNamespace: boolean;
}

function size(o: MachineSizeOptions | undefined): { cores: number; memoryMiB: number; diskGiB: number } {
  return {
    cores: o?.cores ?? DEFAULT_MACHINE_SIZE.cores,
    memoryMiB: o?.memoryMiB ?? DEFAULT_MACHINE_SIZE.memoryMiB,
    diskGiB: o?.diskGiB ?? DEFAULT_MACHINE_SIZE.diskGiB,
  };
}

/** A pool with the default size, no labels and no taints where the options set none. */
export function resolveWorkerPool(o: WorkerPoolOptions): ResolvedWorkerPool {
  return {
    name: o.name,
    count: o.count,
    ...size(o),
    labels: { ...o.labels },
    taints: [...(o.taints ?? [])],
    rollout: {
      maxSurge: o.rollout?.maxSurge ?? MACHINE_DEPLOYMENT_ROLLOUT.maxSurge,
      maxUnavailable: o.rollout?.maxUnavailable ?? MACHINE_DEPLOYMENT_ROLLOUT.maxUnavailable,
    },
  };
}

/** Applies every default. The gateway and DNS defaults are the spec's (`resolveNetwork`). */
export function resolveWorkloadClusterProps(p: WorkloadClusterProps): ResolvedWorkloadClusterProps {
  const n = p.network;
  // An unparsable cidr is reported by the validation; the defaults need a network to derive from.
  const derived = parseCidr(n.cidr)
    ? resolveNetwork({
        bridge: n.bridge,
        vlan: n.vlan,
        cidr: n.cidr,
        gateway: n.gateway,
        dns: n.dns ? [...n.dns] : undefined,
      })
    : { gateway: n.gateway ?? '', dns: [...(n.dns ?? [])] };
  return {
    clusterName: p.clusterName,
    namespace: p.namespace ?? p.clusterName,
    kubernetesVersion: p.kubernetesVersion ?? DEFAULT_VERSIONS.kubernetes,
    talosVersion: p.talosVersion ?? DEFAULT_VERSIONS.talos,
    controlPlane: { count: p.controlPlane?.count ?? DEFAULT_CONTROL_PLANE_COUNT, ...size(p.controlPlane) },
    workerPools: [
      resolveWorkerPool({ ...p.workers, name: DEFAULT_WORKER_POOL }),
      ...(p.workerPools ?? []).map(resolveWorkerPool),
    ],
    network: {
      bridge: n.bridge,
      vlan: n.vlan,
      cidr: n.cidr,
      gateway: derived.gateway,
      dns: derived.dns,
      endpointVip: n.endpointVip,
      ipPool: { start: n.ipPool.start, end: n.ipPool.end },
    },
    placement: p.placement,
    labels: { ...p.labels },
    podCidrs: p.podCidrs ?? DEFAULT_POD_CIDRS,
    serviceCidrs: p.serviceCidrs ?? DEFAULT_SERVICE_CIDRS,
    installerImage: p.installerImage,
    installDisk: p.installDisk ?? DEFAULT_INSTALL_DISK,
    extraControlPlanePatches: p.extraControlPlanePatches ?? [],
    extraWorkerPatches: p.extraWorkerPatches ?? [],
    cloudControllerManager: p.cloudControllerManager ?? true,
    healthChecks: {
      nodeStartupTimeoutSeconds: p.healthChecks?.nodeStartupTimeoutSeconds ?? DEFAULT_NODE_STARTUP_TIMEOUT_SECONDS,
      unhealthyTimeoutSeconds: p.healthChecks?.unhealthyTimeoutSeconds ?? DEFAULT_UNHEALTHY_TIMEOUT_SECONDS,
      maxUnhealthy: p.healthChecks?.maxUnhealthy,
    },
    includeNamespace: p.includeNamespace ?? true,
  };
}
