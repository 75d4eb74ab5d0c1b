/** Defaults of the workload-cluster construct and the numbers behind them. */
import { DEFAULT_CLUSTER_NETWORKS } from '../core/spec/defaults';

/** Longest cluster name (its Machine names must stay DNS labels); defined in the rule layer. */
export { MAX_WORKLOAD_CLUSTER_NAME_LENGTH } from '../core/rules/facts';
/** Talos's default pod network (`talosctl gen config`), used by CABPT when the Cluster sets it. */
export const DEFAULT_POD_CIDRS: readonly string[] = [DEFAULT_CLUSTER_NETWORKS.pods];
/** Talos's default service network. */
export const DEFAULT_SERVICE_CIDRS: readonly string[] = [DEFAULT_CLUSTER_NETWORKS.services];
/** Boot disk of the cloned VM: the Talos template's first SCSI disk (`scsi0`, the Proxmox default bus). */
export const DEFAULT_BOOT_DISK = 'scsi0';
/** CPU sockets per VM: one, so `cores` is the vCPU count. */
export const DEFAULT_SOCKETS = 1;
/**
 * Seconds a new Machine may take to get a Node: 15 minutes, Cluster API's default is 10. A full clone of the template
 * disk on slow storage plus the Talos boot takes longer than that.
 */
export const DEFAULT_NODE_STARTUP_TIMEOUT_SECONDS = 900;
/** Seconds a Node may be `Ready: Unknown/False` before its Machine is unhealthy (Cluster API book example: 300). */
export const DEFAULT_UNHEALTHY_TIMEOUT_SECONDS = 300;
/**
 * Remediation stops when more than this share of the workers is unhealthy: a network outage must not make Cluster
 * API replace every machine. Cluster API rounds the share down (`intstr.GetScaledValueFromIntOrPercent(..., false)`
 * in `getMaxUnhealthy`), so 40% of a pool of 1 or 2 is 0 machines and forbids every remediation: the default is
 * therefore a count, `defaultWorkerMaxUnhealthy(replicas)`, never below 1.
 */
export const DEFAULT_MAX_UNHEALTHY_PERCENT = 40;

/** The default worker threshold: 40% of the pool rounded down, at least 1 (one remediation at a time always works). */
export function defaultWorkerMaxUnhealthy(replicas: number): string {
  return String(Math.max(1, Math.floor((replicas * DEFAULT_MAX_UNHEALTHY_PERCENT) / 100)));
}

/** How many unhealthy machines of `replicas` a threshold (count or percentage) still remediates, as CAPI computes it. */
export function remediableMachines(maxUnhealthy: string, replicas: number): number {
  const percent = /^(\d+)%$/.exec(maxUnhealthy);
  return percent ? Math.floor((replicas * Number(percent[1])) / 100) : Number(maxUnhealthy);
}
