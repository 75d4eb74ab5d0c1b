import { cidrContains, parseCidr, parseIpv4 } from '../core/net/ipv4';
import { TALOS_KUBERNETES_SUPPORT } from '../core/versions';
import { RESERVED_WORKER_POOL_NAMES, maxWorkerPoolNameLength, workerPoolLabelProblems } from '../core/spec/worker-pool-rules';
import type { ResolvedWorkerPool } from './worker-pool';
import { MAX_WORKLOAD_CLUSTER_NAME_LENGTH, ROLLOUT_SURGE_ADDRESSES, remediableMachines } from './workload-cluster-defaults';
import type { ResolvedWorkloadClusterProps } from './workload-cluster-resolve';

/*
 * The construct-side checks of a workload cluster's props, moved verbatim out of workload-cluster.ts (the method
 * became a function of the construct path). The rules layer (lib/core/rules/) replaces their bodies.
 */

/** Talos's documented minimums: control planes 2 GiB, workers 1 GiB of memory. */
const MIN_CONTROL_PLANE_MEMORY_MIB = 2048;
const MIN_WORKER_MEMORY_MIB = 1024;
/** CAPMOX `bootVolume.sizeGb` minimum (CRD `minimum: 5`); Talos needs 10 GiB for its partitions. */
const MIN_DISK_GIB = 10;

/** Throws the first problem of `p`, prefixed with the construct path. */
export function validateWorkloadClusterProps(path: string, p: ResolvedWorkloadClusterProps): void {
  const fail = (what: string, expected: string, fix: string): never => {
    throw new Error(`${path}: ${what}. Expected ${expected}. Fix: ${fix}.`);
  };
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.clusterName) || p.clusterName.length > MAX_WORKLOAD_CLUSTER_NAME_LENGTH) {
    fail(
      `clusterName "${p.clusterName}" is not usable`,
      `a DNS label of at most ${MAX_WORKLOAD_CLUSTER_NAME_LENGTH} characters (Machine names add 20)`,
      'rename the cluster',
    );
  }
  if (p.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.namespace)) {
    fail(`namespace "${p.namespace}" is not a namespace name`, 'a DNS label', 'rename the namespace');
  }
  for (const [field, value] of [['kubernetesVersion', p.kubernetesVersion], ['talosVersion', p.talosVersion]] as const) {
    if (!/^\d+\.\d+\.\d+$/.test(value)) fail(`${field} "${value}" is not a version`, '"<major>.<minor>.<patch>" without a leading "v"', `set ${field} like "1.35.6"`);
  }
  const talosMinor = p.talosVersion.split('.').slice(0, 2).join('.');
  const k8sMinor = p.kubernetesVersion.split('.').slice(0, 2).join('.');
  const range = TALOS_KUBERNETES_SUPPORT[talosMinor];
  if (range === undefined) {
    fail(`Talos ${p.talosVersion} has no entry in TALOS_KUBERNETES_SUPPORT`, `one of ${Object.keys(TALOS_KUBERNETES_SUPPORT).join(', ')}`, 'pin a supported Talos version');
  } else if (minorValue(k8sMinor) < minorValue(range[0]) || minorValue(k8sMinor) > minorValue(range[1])) {
    fail(`Kubernetes ${p.kubernetesVersion} is not supported by Talos ${p.talosVersion}`, `Kubernetes ${range[0]} to ${range[1]}`, 'change kubernetesVersion or talosVersion');
  }
  if (!Number.isInteger(p.controlPlane.count) || p.controlPlane.count < 1 || p.controlPlane.count % 2 === 0) {
    fail(`controlPlane.count is ${p.controlPlane.count}`, 'an odd number (1, 3, 5: etcd needs a majority)', 'use 1, 3 or 5 control planes');
  }
  const g = p.controlPlane;
  const role = 'controlPlane';
  const minMemory = MIN_CONTROL_PLANE_MEMORY_MIB;
  if (!Number.isInteger(g.cores) || g.cores < 1) fail(`${role}.cores is ${g.cores}`, 'at least 1', `raise ${role}.cores`);
  if (!Number.isInteger(g.memoryMiB) || g.memoryMiB < minMemory) fail(`${role}.memoryMiB is ${g.memoryMiB}`, `at least ${minMemory} (Talos minimum)`, `raise ${role}.memoryMiB`);
  if (!Number.isInteger(g.diskGiB) || g.diskGiB < MIN_DISK_GIB) fail(`${role}.diskGiB is ${g.diskGiB}`, `at least ${MIN_DISK_GIB}`, `raise ${role}.diskGiB`);
  const n = p.network;
  const cidr = parseCidr(n.cidr);
  if (cidr === undefined || cidr.address !== cidr.network) fail(`network.cidr "${n.cidr}" is not a network`, 'CIDR form with host bits clear, e.g. 10.30.0.0/24', 'fix network.cidr');
  const c = cidr!;
  const addr = (field: string, value: string): number => {
    const v = parseIpv4(value);
    if (v === undefined) return fail(`network.${field} "${value}" is not an IPv4 address`, 'a dotted quad', `fix network.${field}`);
    if (!cidrContains(c, v)) fail(`network.${field} ${value} is outside ${n.cidr}`, `an address inside ${n.cidr}`, `fix network.${field}`);
    return v;
  };
  const start = addr('ipPool.start', n.ipPool.start);
  const end = addr('ipPool.end', n.ipPool.end);
  const vip = addr('endpointVip', n.endpointVip);
  const gateway = addr('gateway', n.gateway);
  if (start > end) fail(`network.ipPool.start ${n.ipPool.start} is after ipPool.end ${n.ipPool.end}`, 'start <= end', 'swap them');
  if (vip >= start && vip <= end) fail(`network.endpointVip ${n.endpointVip} is inside the pool ${n.ipPool.start}-${n.ipPool.end}`, 'the VIP outside the pool (CAPMOX rejects it)', 'move the VIP or shrink the pool');
  if (gateway >= start && gateway <= end) fail(`network.gateway ${n.gateway} is inside the pool ${n.ipPool.start}-${n.ipPool.end}`, 'the gateway outside the pool', 'shrink the pool');
  checkAddressCount(fail, p, p.workerPools);
  if (n.dns.length === 0) fail('network.dns is empty', 'at least one DNS server (CAPMOX requires it)', 'add a DNS server');
  n.dns.forEach((d, i) => parseIpv4(d) === undefined && fail(`network.dns[${i}] "${d}" is not an IPv4 address`, 'a dotted quad', 'fix the DNS server'));
  if (n.vlan !== undefined && (!Number.isInteger(n.vlan) || n.vlan < 1 || n.vlan > 4094)) fail(`network.vlan is ${n.vlan}`, '1 to 4094', 'fix the VLAN tag');
  const maxUnhealthy = p.healthChecks.maxUnhealthy;
  if (maxUnhealthy !== undefined && !/^(\d+%?)$/.test(maxUnhealthy)) {
    fail(`healthChecks.maxUnhealthy "${maxUnhealthy}" is not a count or a percentage`, 'e.g. "1" or "40%"', 'fix healthChecks.maxUnhealthy');
  }
  if (p.placement.nodes.length === 0) fail('placement.nodes is empty', 'at least one Proxmox node', 'list the nodes VMs may run on');
  if (!Number.isInteger(p.placement.template.vmId) || p.placement.template.vmId < 100) fail(`placement.template.vmId is ${p.placement.template.vmId}`, 'a Proxmox VM ID (100 or more)', 'set the Talos template VM ID');
  const range2 = p.placement.vmIdRange;
  if (range2 !== undefined && (range2.start < 100 || range2.end < range2.start)) fail(`placement.vmIdRange ${range2.start}-${range2.end} is invalid`, 'start >= 100 and end >= start', 'fix the range');
  p.workerPools.forEach((pool, i) => validateWorkerPool(i === 0 ? path : `${path}/${pool.name}`, p, p.workerPools.slice(0, i + 1), pool));
}

function minorValue(minor: string): number {
  const [a, b] = minor.split('.').map(Number);
  return a * 1000 + b;
}

type Fail = (what: string, expected: string, fix: string) => never;

/** Room in the node address pool for every machine of the control plane and `pools`, plus the rollout surge. */
function checkAddressCount(fail: Fail, p: ResolvedWorkloadClusterProps, pools: readonly ResolvedWorkerPool[]): void {
  const start = parseIpv4(p.network.ipPool.start);
  const end = parseIpv4(p.network.ipPool.end);
  if (start === undefined || end === undefined) return;
  const machines = p.controlPlane.count + pools.reduce((sum, pool) => sum + pool.count, 0);
  const needed = machines + ROLLOUT_SURGE_ADDRESSES;
  if (end - start + 1 < needed) {
    fail(
      `the pool ${p.network.ipPool.start}-${p.network.ipPool.end} has ${end - start + 1} addresses for ${machines} machines`,
      `at least ${needed} (one per machine and ${ROLLOUT_SURGE_ADDRESSES} for rolling updates)`,
      'widen the pool',
    );
  }
}

/**
 * Throws the first problem of one worker pool: its name (object and Machine names stay DNS labels), count, size,
 * labels, taints, health-check threshold, and the address pool's room for `pools` (every pool so far).
 */
export function validateWorkerPool(
  path: string,
  p: ResolvedWorkloadClusterProps,
  pools: readonly ResolvedWorkerPool[],
  pool: ResolvedWorkerPool,
): void {
  const fail: Fail = (what, expected, fix) => {
    throw new Error(`${path}: ${what}. Expected ${expected}. Fix: ${fix}.`);
  };
  const role = pools[0] === pool ? 'workers' : `worker pool "${pool.name}"`;
  const maxPoolName = maxWorkerPoolNameLength(p.clusterName);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(pool.name) || pool.name.length > maxPoolName) {
    fail(`${role}: name "${pool.name}" is not usable`, `a DNS label of at most ${maxPoolName} characters (Machine names are <cluster>-<pool>-<5>-<5>, 63 at most)`, 'rename the pool');
  }
  const taken = pools.filter((q) => q.name === pool.name).length > 1 || (pools[0] !== pool && RESERVED_WORKER_POOL_NAMES.includes(pool.name));
  if (taken) fail(`${role}: the name is taken`, `a name no other pool has, and none of ${RESERVED_WORKER_POOL_NAMES.join(', ')}`, 'rename the pool');
  if (!Number.isInteger(pool.count) || pool.count < 0) fail(`${role}.count is ${pool.count}`, 'an integer of 0 or more', 'set the worker count');
  if (!Number.isInteger(pool.cores) || pool.cores < 1) fail(`${role}.cores is ${pool.cores}`, 'at least 1', `raise ${role}.cores`);
  if (!Number.isInteger(pool.memoryMiB) || pool.memoryMiB < MIN_WORKER_MEMORY_MIB) fail(`${role}.memoryMiB is ${pool.memoryMiB}`, `at least ${MIN_WORKER_MEMORY_MIB} (Talos minimum)`, `raise ${role}.memoryMiB`);
  if (!Number.isInteger(pool.diskGiB) || pool.diskGiB < MIN_DISK_GIB) fail(`${role}.diskGiB is ${pool.diskGiB}`, `at least ${MIN_DISK_GIB}`, `raise ${role}.diskGiB`);
  const labelProblems = workerPoolLabelProblems(pool.labels, pool.taints);
  if (labelProblems.length > 0) {
    const [first] = labelProblems;
    fail(`${role}.${first.at.join('.')}: ${first.message}`, first.expected, 'fix the labels and taints');
  }
  const maxUnhealthy = p.healthChecks.maxUnhealthy;
  if (maxUnhealthy !== undefined && /^(\d+%?)$/.test(maxUnhealthy) && pool.count > 0 && remediableMachines(maxUnhealthy, pool.count) < 1) {
    fail(
      `healthChecks.maxUnhealthy "${maxUnhealthy}" of ${pool.count} machines of ${role} is 0 machines (Cluster API rounds down), so no worker would ever be remediated`,
      'a threshold of at least 1 machine for the pool size',
      `use "1", or a percentage of at least ${Math.ceil(100 / pool.count)}%`,
    );
  }
  checkAddressCount(fail, p, pools);
}
