import { Construct } from 'constructs';
import type { MachineDeployment, MachineHealthCheck } from '../../imports/k8s/cluster.x-k8s.io';
import type { TalosConfigTemplate } from '../../imports/k8s/bootstrap.cluster.x-k8s.io';
import type { ProxmoxMachineTemplate } from '../../imports/k8s/infrastructure.cluster.x-k8s.io';
import { patchesToYaml } from '../talos/patches/talos-patch';
import type { PoolRolloutSettings } from '../core/rules/worker-rollout';
import { CLUSTER_NAME_LABEL, DEPLOYMENT_NAME_LABEL } from './workload/api-groups';
import type { HealthCheckSettings } from './workload/cluster-class';
import { addMachineDeployment } from './workload/machine-deployment';
import { addMachineHealthCheck } from './workload/machine-health-check';
import type { WorkloadClusterNames } from './workload/names';
import { addProxmoxMachineTemplate, proxmoxMachineSpec } from './workload/proxmox-machine-template';
import type { ProxmoxMachineSpecOptions } from './workload/proxmox-machine-template';
import { addTalosConfigTemplate, workerTalosConfigSpec } from './workload/talos-config-template';
import { workerPoolPatch } from './workload/worker-pool-labels';
import type { NodeTaint } from './worker-pool-options';

/** What a pool takes from its cluster (resolved by {@link WorkloadCluster}). */
export interface WorkerPoolContext {
  readonly clusterName: string;
  readonly namespace: string;
  readonly names: WorkloadClusterNames;
  /** With the leading `v`. */
  readonly kubernetesVersion: string;
  /** With the leading `v`. */
  readonly talosVersion: string;
  /** The machine spec without the size. */
  readonly machineBase: Omit<ProxmoxMachineSpecOptions, 'cores' | 'memoryMiB' | 'diskGiB'>;
  /** The platform's worker patches (YAML). */
  readonly workerPatches: readonly string[];
  /** The user's extra worker patches (YAML), after the pool's own. */
  readonly extraWorkerPatches: readonly string[];
  /** Health-check settings; `maxUnhealthy` undefined means the pool-size default. */
  readonly healthCheck: Omit<HealthCheckSettings, 'maxUnhealthy'> & {
    readonly maxUnhealthy: (count: number) => string;
  };
  /** Where the pool's MachineHealthCheck goes (its own file in the GitOps tree). */
  readonly healthCheckScope: Construct;
}

/** A pool with every default applied. */
export interface ResolvedWorkerPool {
  readonly name: string;
  readonly count: number;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
  readonly rollout: PoolRolloutSettings;
}

/** What a pool's templates hold besides its own settings (the expanded and the ClusterClass mode share it). */
export type WorkerPoolTemplateContext = Pick<
  WorkerPoolContext,
  'machineBase' | 'talosVersion' | 'workerPatches' | 'extraWorkerPatches'
>;

/**
 * The specs of a pool's `ProxmoxMachineTemplate` (the cluster's machine with the pool's size) and
 * `TalosConfigTemplate` (the platform's worker patches, then the pool's labels and taints, then the user's).
 */
export function workerPoolTemplateSpecs(
  pool: ResolvedWorkerPool,
  context: WorkerPoolTemplateContext,
): { machineSpec: ReturnType<typeof proxmoxMachineSpec>; configSpec: ReturnType<typeof workerTalosConfigSpec> } {
  const machineSpec = proxmoxMachineSpec({
    ...context.machineBase,
    cores: pool.cores,
    memoryMiB: pool.memoryMiB,
    diskGiB: pool.diskGiB,
  });
  const own = workerPoolPatch(pool.labels, pool.taints);
  const configSpec = workerTalosConfigSpec(context.talosVersion, [
    ...context.workerPatches,
    ...(own ? patchesToYaml([own]) : []),
    ...context.extraWorkerPatches,
  ]);
  return { machineSpec, configSpec };
}

/**
 * One worker pool of a {@link WorkloadCluster}: a `ProxmoxMachineTemplate`, a `TalosConfigTemplate` and a
 * `MachineDeployment` named `<cluster>-<pool>`, and a `MachineHealthCheck` for its Machines (a child of the cluster's
 * health-check group, so it can be written to its own file). Create it with `WorkloadCluster.addWorkerPool`.
 */
export class WorkerPool extends Construct {
  /** Pool name. */
  public readonly poolName: string;
  /** The MachineDeployment (the default child: `ApiObject.of(pool)`). */
  public readonly machineDeployment: MachineDeployment;
  /** The machine template. */
  public readonly machineTemplate: ProxmoxMachineTemplate;
  /** The Talos config template. */
  public readonly configTemplate: TalosConfigTemplate;
  /** The pool's MachineHealthCheck. */
  public readonly healthCheck: MachineHealthCheck;

  public constructor(scope: Construct, id: string, pool: ResolvedWorkerPool, context: WorkerPoolContext) {
    super(scope, id);
    this.poolName = pool.name;
    const { names, namespace: ns, clusterName } = context;
    const { machineSpec, configSpec } = workerPoolTemplateSpecs(pool, context);
    const machineTemplateName = names.poolMachineTemplate(pool.name, machineSpec);
    const configTemplateName = names.poolConfigTemplate(pool.name, configSpec);
    const deploymentName = names.pool(pool.name);
    this.machineTemplate = addProxmoxMachineTemplate(this, 'MachineTemplate', machineTemplateName, ns, machineSpec);
    this.configTemplate = addTalosConfigTemplate(this, 'TalosConfigTemplate', configTemplateName, ns, configSpec);
    this.machineDeployment = addMachineDeployment(this, 'Resource', {
      name: deploymentName,
      namespace: ns,
      clusterName,
      replicas: pool.count,
      kubernetesVersion: context.kubernetesVersion,
      configTemplateName,
      machineTemplateName,
      machineLabels: pool.labels,
      rollout: pool.rollout,
    });
    this.healthCheck = addMachineHealthCheck(context.healthCheckScope, id, {
      name: names.poolHealthCheck(pool.name),
      namespace: ns,
      clusterName,
      matchLabels: { [CLUSTER_NAME_LABEL]: clusterName, [DEPLOYMENT_NAME_LABEL]: deploymentName },
      nodeStartupTimeoutSeconds: context.healthCheck.nodeStartupTimeoutSeconds,
      unhealthyTimeoutSeconds: context.healthCheck.unhealthyTimeoutSeconds,
      maxUnhealthy: context.healthCheck.maxUnhealthy(pool.count),
    });
  }
}
