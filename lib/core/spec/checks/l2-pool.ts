/**
 * Cilium L2 announcements answer ARP for LoadBalancer IPs on the management node network, so the pool must lie in
 * that network and must not contain its node addresses, VIP or gateway. (Workload pools and VIPs: address-conflicts.)
 */
import { cidrContains, formatIpv4, formatRange, hostRange, rangeContains, rangeWithin } from '../../net/ipv4';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';
import { clusterViews, ipOf } from './views';

const PATH = ['addons', 'cilium', 'l2Announcements'];

export function checkL2Pool(config: PlatformConfig): Issue[] {
  const pool = config.platform.addons.cilium.l2Announcements;
  if (!pool) return [];
  const file = config.platform.sourceFile;
  const range = { first: ipOf(pool.start), last: ipOf(pool.end) };
  if (range.first > range.last) {
    return [
      {
        file,
        path: [...PATH, 'start'],
        rule: 'l2-pool-start-after-end',
        message: `L2 pool start ${pool.start} is after its end ${pool.end}`,
        expected: 'start <= end',
        hint: `swap them: start ${pool.end}, end ${pool.start}`,
      },
    ];
  }
  const management = clusterViews(config)[0];
  const hosts = hostRange(management.cidr);
  if (!rangeWithin(range, hosts)) {
    return [
      {
        file,
        path: PATH,
        rule: 'l2-pool-outside-subnet',
        message: `L2 pool ${formatRange(range)} is not inside the management node network ${management.network.cidr}`,
        expected: `a range within ${formatRange(hosts)}`,
        hint: 'ARP announcements only reach the nodes on the same network',
      },
    ];
  }
  const taken = [management.vip, ...management.nodeIps]
    .filter((c) => rangeContains(range, c.range.first))
    .map((c) => `${c.what} ${formatIpv4(c.range.first)}`);
  if (cidrContains(management.cidr, management.gateway) && rangeContains(range, management.gateway)) {
    taken.push(`the gateway ${formatIpv4(management.gateway)}`);
  }
  if (!taken.length) return [];
  return [
    {
      file,
      path: PATH,
      rule: 'l2-pool-conflict',
      message: `L2 pool ${formatRange(range)} contains ${taken.join(', ')} of the management cluster`,
      expected: 'a range no node, VIP or gateway uses',
      hint: 'Cilium would answer ARP for addresses the nodes own',
    },
  ];
}
