/**
 * Worker pools in the ClusterClass mode: a MachineDeployment class per distinct pair of pool templates (machine
 * size, Talos config with the pool's labels and taints) and a topology MachineDeployment per pool. Cluster API
 * copies the topology's `metadata` to the MachineDeployment and its Machines (and from there the labels of its
 * managed domains to the Nodes); the Talos labels and the taints are in the class's TalosConfigTemplate.
 */
import type { PoolRolloutSettings } from '../../core/rules/worker-rollout';
import { isDefaultRollout } from './machine-deployment';
import { contentHash } from './names';
import type { WorkloadClusterNames } from './names';
import type { proxmoxMachineSpec } from './proxmox-machine-template';
import type { workerTalosConfigSpec } from './talos-config-template';

type MachineSpec = ReturnType<typeof proxmoxMachineSpec>;
type ConfigSpec = ReturnType<typeof workerTalosConfigSpec>;

/** A pool's settings and its template specs. */
export interface ClusterClassPool {
  readonly name: string;
  readonly replicas: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly machineSpec: MachineSpec;
  readonly configSpec: ConfigSpec;
  /** The health check's remediation threshold for this pool's size. */
  readonly maxUnhealthy: string;
  readonly rollout: PoolRolloutSettings;
}

/** A `workers.machineDeployments` class of the ClusterClass and the templates it points at. */
export interface WorkerClass {
  /** Class name: the name of the first pool that uses it. */
  readonly class: string;
  readonly machineTemplateName: string;
  readonly configTemplateName: string;
  readonly machineSpec: MachineSpec;
  readonly configSpec: ConfigSpec;
  /** The class's health-check threshold (its first pool's). */
  readonly maxUnhealthy: string;
}

/** A `topology.workers.machineDeployments` entry of the Cluster. */
export interface WorkerTopology {
  readonly class: string;
  /** The pool name (Cluster API names the MachineDeployment `<cluster>-<name>-<random>`). */
  readonly name: string;
  readonly replicas: number;
  readonly labels: Readonly<Record<string, string>>;
  /** Set when it differs from the class's threshold (the pool has another size). */
  readonly maxUnhealthy: string | undefined;
  /** Set when it is not Cluster API's default. */
  readonly rollout: PoolRolloutSettings | undefined;
}

/** The classes (in the order of their first pool) and one topology entry per pool, in pool order. */
export function workerClassesOf(
  pools: readonly ClusterClassPool[],
  names: WorkloadClusterNames,
): { classes: WorkerClass[]; topologies: WorkerTopology[] } {
  const byTemplates = new Map<string, WorkerClass>();
  const topologies = pools.map((pool): WorkerTopology => {
    const key = contentHash({ machine: pool.machineSpec, config: pool.configSpec });
    let cls = byTemplates.get(key);
    if (cls === undefined) {
      cls = {
        class: pool.name,
        machineTemplateName: names.poolMachineTemplate(pool.name, pool.machineSpec),
        configTemplateName: names.poolConfigTemplate(pool.name, pool.configSpec),
        machineSpec: pool.machineSpec,
        configSpec: pool.configSpec,
        maxUnhealthy: pool.maxUnhealthy,
      };
      byTemplates.set(key, cls);
    }
    return {
      class: cls.class,
      name: pool.name,
      replicas: pool.replicas,
      labels: pool.labels,
      maxUnhealthy: pool.maxUnhealthy === cls.maxUnhealthy ? undefined : pool.maxUnhealthy,
      rollout: isDefaultRollout(pool.rollout) ? undefined : pool.rollout,
    };
  });
  return { classes: [...byTemplates.values()], topologies };
}
