import { createHash } from 'crypto';
import { DEFAULT_WORKER_POOL } from '../../core/rules/worker-pool';

export { DEFAULT_WORKER_POOL };

/**
 * Names of a workload cluster's objects, all derived from the cluster name so that they are stable across synths.
 * Machine templates carry a hash of their content: CAPMOX rejects changes to a ProxmoxMachineTemplate's spec and
 * CABPT treats a TalosConfigTemplate as a template (machines keep what they were created from), so a changed
 * template gets a new name and the reference to it changes, which is what makes Cluster API roll the machines.
 */
export class WorkloadClusterNames {
  public constructor(
    /** The cluster name. */
    public readonly cluster: string,
  ) {}

  /** `Cluster` and `ProxmoxCluster` (CAPMOX names its IP pool `<name>-v4-icip` after it). */
  public get proxmoxCluster(): string {
    return this.cluster;
  }

  /** `TalosControlPlane`. */
  public get controlPlane(): string {
    return `${this.cluster}-control-plane`;
  }

  /** `MachineDeployment` of the default worker pool. */
  public get workers(): string {
    return this.pool(DEFAULT_WORKER_POOL);
  }

  /** `MachineDeployment` of a worker pool: `<cluster>-<pool>`. */
  public pool(pool: string): string {
    return `${this.cluster}-${pool}`;
  }

  /** `ProxmoxMachineTemplate` of a worker pool, with the content hash. */
  public poolMachineTemplate(pool: string, spec: unknown): string {
    return `${this.pool(pool)}-${contentHash(spec)}`;
  }

  /** `TalosConfigTemplate` of a worker pool, with the content hash. */
  public poolConfigTemplate(pool: string, spec: unknown): string {
    return `${this.pool(pool)}-${contentHash(spec)}`;
  }

  /** `MachineHealthCheck` of a worker pool. */
  public poolHealthCheck(pool: string): string {
    return this.pool(pool);
  }

  /** `ProxmoxMachineTemplate` of the control plane, with the content hash. */
  public controlPlaneMachineTemplate(spec: unknown): string {
    return `${this.cluster}-control-plane-${contentHash(spec)}`;
  }

  /** `ProxmoxMachineTemplate` of the default worker pool, with the content hash. */
  public workerMachineTemplate(spec: unknown): string {
    return this.poolMachineTemplate(DEFAULT_WORKER_POOL, spec);
  }

  /** `TalosConfigTemplate` of the default worker pool, with the content hash. */
  public workerConfigTemplate(spec: unknown): string {
    return this.poolConfigTemplate(DEFAULT_WORKER_POOL, spec);
  }

  /** `MachineHealthCheck` of the default worker pool. */
  public get workersHealthCheck(): string {
    return this.poolHealthCheck(DEFAULT_WORKER_POOL);
  }

  /** The `InClusterIPPool` CAPMOX creates from `ProxmoxCluster.spec.ipv4Config` (`ipam.InClusterPoolFormat`). */
  public get capmoxIpv4Pool(): string {
    return `${this.cluster}-v4-icip`;
  }
}

/** First 8 hex digits of the SHA-256 of the value's canonical JSON (keys sorted). */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 8);
}

/**
 * JSON with object keys sorted (UTF-16 order, as `Array.prototype.sort` compares strings) and `undefined` members
 * left out. The names hash it, so its bytes must never change (a new hash renames templates and rolls machines).
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    let out = '';
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      if (v === undefined) continue;
      out += `${out ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(v)}`;
    }
    return `{${out}}`;
  }
  return JSON.stringify(value);
}

/**
 * Annotations on the content-named templates: a superseded template stays until Cluster API is done with it
 * (the Cluster owns it, so it goes when the cluster goes). Argo CD would otherwise prune it and Helm delete it as
 * soon as the reference moves, while the old MachineSet is still scaling down.
 */
export const KEEP_SUPERSEDED_TEMPLATE_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/sync-options': 'Prune=false',
  'helm.sh/resource-policy': 'keep',
};
