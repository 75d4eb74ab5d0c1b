/** The control-plane VIP floats between control planes: no node may own it and IPAM must never hand it out. */
import { formatIpv4, formatRange, rangeContains } from '../../net/ipv4';
import { formatPath } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';
import { clusterViews } from './views';

export function checkVips(config: PlatformConfig): Issue[] {
  const issues: Issue[] = [];
  for (const view of clusterViews(config)) {
    const vip = view.vip.range.first;
    for (const node of view.nodeIps.filter((n) => n.range.first === vip)) {
      issues.push({
        file: view.file,
        path: view.vip.path,
        rule: 'vip-equals-node-ip',
        message: `VIP ${formatIpv4(vip)} is also ${node.what} ${formatPath(node.path)}`,
        expected: 'an address no node uses',
        hint: 'Talos moves the VIP between control planes; give it an address of its own',
      });
    }
    if (view.pool && view.pool.range.first <= view.pool.range.last && rangeContains(view.pool.range, vip)) {
      issues.push({
        file: view.file,
        path: view.vip.path,
        rule: 'vip-inside-ip-pool',
        message: `endpoint VIP ${formatIpv4(vip)} is inside the IP pool ${formatRange(view.pool.range)}`,
        expected: 'an address in the node network outside the IP pool',
        hint: 'CAPMOX would give the VIP to a machine: move the VIP out of the pool, or shrink the pool',
      });
    }
  }
  return issues;
}
