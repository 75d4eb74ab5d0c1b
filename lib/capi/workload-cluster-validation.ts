import { cidrContains, parseCidr, parseIpv4 } from '../core/net/ipv4';
import {
  MAX_WORKLOAD_CLUSTER_NAME_LENGTH,
  controlPlaneCountProblems,
  dnsLabelProblems,
  machineSizeProblems,
  naming,
  releaseVersionProblems,
  rolloutMachines,
  talosKubernetesProblems,
  Version,
  throwProblems,
  workerPoolLabelProblems,
  workerPoolNameProblems,
  workerPoolTaintProblems,
  workerRolloutProblems,
} from '../core/rules';
import { VLAN_ID_RANGE, isVlanId } from '../core/rules/facts';
import type { ResolvedWorkerPool } from './worker-pool';
import { remediableMachines } from './workload-cluster-defaults';
import type { ResolvedWorkloadClusterProps } from './workload-cluster-resolve';

/*
 * The construct-side checks of a workload cluster's props. The platform rules (names, versions, control-plane
 * count, Talos minimum sizes) come from the rule layer (lib/core/rules), the same the spec checks run, and are
 * reported all at once with the construct path; the construct-only checks below throw the first problem.
 */

/** Throws the first problem of `p`, prefixed with the construct path. */
export function validateWorkloadClusterProps(path: string, p: ResolvedWorkloadClusterProps): void {
  const fail = (what: string, expected: string, fix: string): never => {
    throw new Error(`${path}: ${what}. Expected ${expected}. Fix: ${fix}.`);
  };
  const versionFormat = [
    ...releaseVersionProblems('kubernetesVersion', p.kubernetesVersion),
    ...releaseVersionProblems('talosVersion', p.talosVersion),
  ];
  throwProblems(path, [
    ...dnsLabelProblems('clusterName', p.clusterName, MAX_WORKLOAD_CLUSTER_NAME_LENGTH, 'Machine names add 20'),
    ...(p.namespace === undefined ? [] : dnsLabelProblems('namespace', p.namespace)),
    ...(versionFormat.length > 0
      ? versionFormat
      : talosKubernetesProblems(Version.from(p.talosVersion), Version.from(p.kubernetesVersion))),
    ...naming('controlPlane.count', controlPlaneCountProblems(p.controlPlane.count)),
    ...naming('controlPlane', machineSizeProblems('controlplane', p.controlPlane)),
  ]);
  const n = p.network;
  const cidr = parseCidr(n.cidr);
  if (cidr === undefined || cidr.address !== cidr.network)
    fail(
      `network.cidr "${n.cidr}" is not a network`,
      'CIDR form with host bits clear, e.g. 10.30.0.0/24',
      'fix network.cidr',
    );
  const c = cidr!;
  const addr = (field: string, value: string): number => {
    const v = parseIpv4(value);
    if (v === undefined)
      return fail(`network.${field} "${value}" is not an IPv4 address`, 'a dotted quad', `fix network.${field}`);
    if (!cidrContains(c, v))
      fail(`network.${field} ${value} is outside ${n.cidr}`, `an address inside ${n.cidr}`, `fix network.${field}`);
    return v;
  };
  const start = addr('ipPool.start', n.ipPool.start);
  const end = addr('ipPool.end', n.ipPool.end);
  const vip = addr('endpointVip', n.endpointVip);
  const gateway = addr('gateway', n.gateway);
  if (start > end)
    fail(`network.ipPool.start ${n.ipPool.start} is after ipPool.end ${n.ipPool.end}`, 'start <= end', 'swap them');
  if (vip >= start && vip <= end)
    fail(
      `network.endpointVip ${n.endpointVip} is inside the pool ${n.ipPool.start}-${n.ipPool.end}`,
      'the VIP outside the pool (CAPMOX rejects it)',
      'move the VIP or shrink the pool',
    );
  if (gateway >= start && gateway <= end)
    fail(
      `network.gateway ${n.gateway} is inside the pool ${n.ipPool.start}-${n.ipPool.end}`,
      'the gateway outside the pool',
      'shrink the pool',
    );
  checkRolloutRoom(fail, p, p.workerPools);
  if (n.dns.length === 0)
    fail('network.dns is empty', 'at least one DNS server (CAPMOX requires it)', 'add a DNS server');
  n.dns.forEach(
    (d, i) =>
      parseIpv4(d) === undefined &&
      fail(`network.dns[${i}] "${d}" is not an IPv4 address`, 'a dotted quad', 'fix the DNS server'),
  );
  if (n.vlan !== undefined && !isVlanId(n.vlan))
    fail(`network.vlan is ${n.vlan}`, `${VLAN_ID_RANGE.min} to ${VLAN_ID_RANGE.max}`, 'fix the VLAN tag');
  const maxUnhealthy = p.healthChecks.maxUnhealthy;
  if (maxUnhealthy !== undefined && !/^(\d+%?)$/.test(maxUnhealthy)) {
    fail(
      `healthChecks.maxUnhealthy "${maxUnhealthy}" is not a count or a percentage`,
      'e.g. "1" or "40%"',
      'fix healthChecks.maxUnhealthy',
    );
  }
  if (p.placement.nodes.length === 0)
    fail('placement.nodes is empty', 'at least one Proxmox node', 'list the nodes VMs may run on');
  if (!Number.isInteger(p.placement.template.vmId) || p.placement.template.vmId < 100)
    fail(
      `placement.template.vmId is ${p.placement.template.vmId}`,
      'a Proxmox VM ID (100 or more)',
      'set the Talos template VM ID',
    );
  const range2 = p.placement.vmIdRange;
  if (range2 !== undefined && (range2.start < 100 || range2.end < range2.start))
    fail(
      `placement.vmIdRange ${range2.start}-${range2.end} is invalid`,
      'start >= 100 and end >= start',
      'fix the range',
    );
  p.workerPools.forEach((pool, i) =>
    validateWorkerPool(i === 0 ? path : `${path}/${pool.name}`, p, p.workerPools.slice(0, i + 1), pool),
  );
}

type Fail = (what: string, expected: string, fix: string) => never;

/**
 * Room for every machine of the control plane and `pools` plus the rollout surge (`rolloutMachines`, the rule the
 * spec's IP pool and VM ID range checks apply): in the node address pool and in the VM ID range, if one is set.
 */
function checkRolloutRoom(fail: Fail, p: ResolvedWorkloadClusterProps, pools: readonly ResolvedWorkerPool[]): void {
  const { needed, words } = rolloutMachines(p.controlPlane.count, pools);
  const start = parseIpv4(p.network.ipPool.start);
  const end = parseIpv4(p.network.ipPool.end);
  if (start !== undefined && end !== undefined && end - start + 1 < needed) {
    fail(
      `the pool ${p.network.ipPool.start}-${p.network.ipPool.end} has ${end - start + 1} addresses, too few for ${words}`,
      `at least ${needed} addresses`,
      'widen the pool',
    );
  }
  const ids = p.placement.vmIdRange;
  if (ids !== undefined && ids.end >= ids.start && ids.end - ids.start + 1 < needed) {
    fail(
      `placement.vmIdRange ${ids.start}-${ids.end} has ${ids.end - ids.start + 1} IDs, too few for ${words}`,
      `at least ${needed} IDs`,
      `extend the end to ${ids.start + needed - 1} or beyond`,
    );
  }
}

/**
 * Throws the problems of one worker pool: its name (object and Machine names stay DNS labels), count, size, labels
 * and taints (all at once, from the rule layer), then the health-check threshold and the room for `pools` (every
 * pool so far) during a rollout.
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
  const isDefault = pools[0] === pool;
  const role = isDefault ? 'workers' : `worker pool "${pool.name}"`;
  if (!Number.isInteger(pool.count) || pool.count < 0)
    fail(`${role}.count is ${pool.count}`, 'an integer of 0 or more', 'set the worker count');
  const earlier = pools.slice(0, pools.indexOf(pool)).map((q) => q.name);
  throwProblems(path, [
    ...naming(role, workerPoolNameProblems(p.clusterName, pool.name, earlier, isDefault)),
    ...(pool.count > 0 ? naming(role, machineSizeProblems('worker', pool)) : []),
    ...naming(role, workerPoolLabelProblems(pool.labels)),
    ...naming(role, workerPoolTaintProblems(pool.taints)),
    ...naming(role, workerRolloutProblems(pool.rollout)),
  ]);
  const maxUnhealthy = p.healthChecks.maxUnhealthy;
  if (
    maxUnhealthy !== undefined &&
    /^(\d+%?)$/.test(maxUnhealthy) &&
    pool.count > 0 &&
    remediableMachines(maxUnhealthy, pool.count) < 1
  ) {
    fail(
      `healthChecks.maxUnhealthy "${maxUnhealthy}" of ${pool.count} machines of ${role} is 0 machines (Cluster API rounds down), so no worker would ever be remediated`,
      'a threshold of at least 1 machine for the pool size',
      `use "1", or a percentage of at least ${Math.ceil(100 / pool.count)}%`,
    );
  }
  checkRolloutRoom(fail, p, pools);
}
