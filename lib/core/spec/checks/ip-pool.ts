/** A workload cluster's IP pool: ordered, inside its node network, large enough for a rollout. */
import { formatIpv4, formatRange, hostRange, rangeSize, rangeWithin } from '../../net/ipv4';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';
import { cidrOf, ipOf } from './views';
import { rolloutMachines } from './rollout';

export function checkIpPools(config: PlatformConfig): Issue[] {
  const issues: Issue[] = [];
  for (const cluster of config.clusters) {
    const file = cluster.sourceFile;
    const { ipPool, cidr: cidrText } = cluster.network;
    const range = { first: ipOf(ipPool.start), last: ipOf(ipPool.end) };
    if (range.first > range.last) {
      issues.push({
        file,
        path: ['network', 'ipPool', 'start'],
        rule: 'ip-pool-start-after-end',
        message: `IP pool start ${ipPool.start} is after its end ${ipPool.end}`,
        expected: 'start <= end',
        hint: `swap them: start ${ipPool.end}, end ${ipPool.start}`,
      });
      continue;
    }
    const cidr = cidrOf(cidrText);
    const hosts = hostRange(cidr);
    if (!rangeWithin(range, hosts)) {
      const inside = rangeWithin(range, { first: cidr.network, last: cidr.broadcast });
      issues.push({
        file,
        path: ['network', 'ipPool'],
        rule: inside ? 'network-or-broadcast-address' : 'ip-pool-outside-cidr',
        message: inside
          ? `IP pool ${formatRange(range)} includes the network or broadcast address of ${cidrText}`
          : `IP pool ${formatRange(range)} is not inside the node network ${cidrText}`,
        expected: `a range within ${formatRange(hosts)}`,
        hint: inside
          ? `start at ${formatIpv4(Math.max(range.first, hosts.first))} and end at ${formatIpv4(
              Math.min(range.last, hosts.last),
            )} or before`
          : `move \`start\` and \`end\` into ${cidrText}, clear of the gateway, the VIP and other clusters' pools`,
      });
    }
    const { needed, words } = rolloutMachines(cluster);
    if (rangeSize(range) < needed) {
      issues.push({
        file,
        path: ['network', 'ipPool'],
        rule: 'ip-pool-too-small',
        message: `IP pool ${formatRange(range)} has ${rangeSize(range)} addresses, too few for ${words}`,
        expected: `at least ${needed} addresses`,
        hint: `extend \`end\` to ${formatIpv4(range.first + needed - 1)} or beyond`,
      });
    }
  }
  return issues;
}
