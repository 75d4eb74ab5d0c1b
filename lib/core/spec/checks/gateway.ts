/** The gateway is a router, not a node: it must not be a VIP, a node address or inside an IP pool. */
import { formatIpv4, formatRange, rangeContains } from '../../net/ipv4';
import { formatPath } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';
import { clusterViews } from './views';

export function checkGateways(config: PlatformConfig): Issue[] {
  const issues: Issue[] = [];
  for (const view of clusterViews(config)) {
    const gateway = formatIpv4(view.gateway);
    const path = [...view.networkPath, 'gateway'];
    const users = [view.vip, ...view.nodeIps].filter((c) => c.range.first === view.gateway);
    for (const user of users) {
      issues.push({
        file: view.file,
        path: user.path,
        rule: 'gateway-conflict',
        message: `${user.what} ${gateway} is the gateway of ${view.network.cidr}`,
        expected: 'an address no router uses',
        hint:
          view.network.gateway === gateway
            ? 'pick another address'
            : 'pick another address (with no `gateway` set, it is the first address of the network), or set ' +
              '`gateway` to the router the network really uses',
      });
    }
    if (view.pool && rangeContains(view.pool.range, view.gateway)) {
      issues.push({
        file: view.file,
        path: view.pool.path,
        rule: 'gateway-conflict',
        message: `IP pool ${formatRange(view.pool.range)} contains the gateway ${gateway} (${formatPath(path)})`,
        expected: 'a pool without the gateway',
        hint: 'CAPMOX would hand the gateway address to a node: start the pool after it',
      });
    }
  }
  return issues;
}
