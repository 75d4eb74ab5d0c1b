/** Gateway, VIP and node addresses must be usable hosts of the cluster's node network. */
import { cidrContains, formatIpv4, formatRange, hostRange, rangeContains } from '../../net/ipv4';
import { formatPath } from '../issue';
import type { Issue, SpecPath } from '../issue';
import type { PlatformConfig } from '../resolved';
import { clusterViews } from './views';
import type { ClusterView } from './views';

export function checkSubnets(config: PlatformConfig): Issue[] {
  const issues: Issue[] = [];
  for (const view of clusterViews(config)) {
    const gatewayPath = [...view.networkPath, 'gateway'];
    check(issues, view, gatewayPath, view.gateway, 'gateway-outside-subnet', 'gateway');
    check(issues, view, view.vip.path, view.vip.range.first, 'vip-outside-subnet', view.vip.what);
    for (const node of view.nodeIps)
      check(issues, view, node.path, node.range.first, 'node-ip-outside-subnet', node.what);
  }
  return issues;
}

function check(issues: Issue[], view: ClusterView, path: SpecPath, address: number, rule: string, what: string): void {
  const hosts = hostRange(view.cidr);
  const cidr = view.network.cidr;
  if (!cidrContains(view.cidr, address)) {
    issues.push({
      file: view.file,
      path,
      rule,
      message: `${what} ${formatIpv4(address)} is outside the node network ${cidr}`,
      expected: `an address in ${formatRange(hosts)}`,
      hint:
        rule === 'gateway-outside-subnet'
          ? `fix \`${formatPath([
              ...view.networkPath,
              'cidr',
            ])}\` or the gateway; remove \`gateway\` to use the first address, ${formatIpv4(hosts.first)}`
          : `fix the address or \`${formatPath([...view.networkPath, 'cidr'])}\``,
    });
  } else if (!rangeContains(hosts, address)) {
    issues.push({
      file: view.file,
      path,
      rule: 'network-or-broadcast-address',
      message: `${what} ${formatIpv4(address)} is the ${
        address === view.cidr.network ? 'network' : 'broadcast'
      } address of ${cidr}`,
      expected: `an address in ${formatRange(hosts)}`,
      hint: 'no host can use it: pick another address',
    });
  }
}
