/**
 * The node network as the spec describes it (`management.network`: `cidr`, `gateway`, `dns`), the one description
 * `TalosVm`, `TalosNode` and `TalosManagementCluster` take, so a VM and the Talos config of its node cannot disagree.
 */
import { cidrContains, formatCidr, parseCidr, parseIpv4 } from './ipv4';
import type { Ipv4Cidr } from './ipv4';

/** A node network: its CIDR, default gateway and DNS servers. */
export interface NodeNetwork {
  /** The network in CIDR form, host bits clear, e.g. `10.20.0.0/24`: node addresses get its prefix length. */
  readonly cidr: string;
  /** Default gateway, a host address in `cidr`. */
  readonly gateway: string;
  /**
   * DNS servers of the nodes.
   * @default - the gateway
   */
  readonly dns?: readonly string[] | undefined;
}

/** What the checked network gives its users: the parsed CIDR and the DNS servers with their default applied. */
export interface CheckedNodeNetwork {
  readonly cidr: Ipv4Cidr;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly dns: readonly string[];
}

/**
 * Checks a node network and applies its defaults. Throws, prefixed with `where` (a construct path), with the value
 * received, the value expected and the fix.
 */
export function checkNodeNetwork(where: string, network: NodeNetwork): CheckedNodeNetwork {
  const cidr = parseCidr(network.cidr);
  if (cidr === undefined || cidr.address !== cidr.network) {
    throw new Error(
      `${where}: network.cidr "${network.cidr}" is not a network in CIDR form (expected e.g. 10.20.0.0/24, host ` +
        'bits clear). Fix: pass the node network.',
    );
  }
  checkHostAddress(where, 'network.gateway', network.gateway, cidr);
  const dns = network.dns ?? [network.gateway];
  for (const [i, server] of dns.entries()) {
    if (parseIpv4(server) === undefined) {
      throw new Error(
        `${where}: network.dns[${i}] "${server}" is not an IPv4 address (expected e.g. 10.20.0.1). Fix: correct it.`,
      );
    }
  }
  return { cidr, prefixLength: cidr.prefix, gateway: network.gateway, dns };
}

/** `address` must be a host address of `cidr` (not its network or broadcast address). */
export function checkHostAddress(where: string, field: string, address: string, cidr: Ipv4Cidr): void {
  const value = parseIpv4(address);
  if (value === undefined) {
    throw new Error(
      `${where}: ${field} "${address}" is not an IPv4 address (expected a dotted quad such as 10.20.0.10). Fix: correct it.`,
    );
  }
  if (!cidrContains(cidr, value) || value === cidr.network || value === cidr.broadcast) {
    throw new Error(
      `${where}: ${field} ${address} is not a host address of the node network ${formatCidr(cidr)} (expected an ` +
        'address inside it, not its network or broadcast address). Fix: correct the address or the network.',
    );
  }
}

/**
 * Two descriptions of the same node network must agree (CIDR, gateway, DNS): `what` names the other one, e.g. the VM
 * a Talos node runs on.
 */
export function checkSameNodeNetwork(
  where: string,
  what: string,
  expected: CheckedNodeNetwork,
  other: NodeNetwork,
): void {
  const otherCidr = parseCidr(other.cidr);
  const otherDns = other.dns ?? [other.gateway];
  const differs =
    otherCidr === undefined || formatCidr(otherCidr) !== formatCidr(expected.cidr)
      ? `network ${other.cidr}, the cluster's is ${formatCidr(expected.cidr)}`
      : other.gateway !== expected.gateway
        ? `gateway ${other.gateway}, the cluster's is ${expected.gateway}`
        : otherDns.join(',') !== expected.dns.join(',')
          ? `DNS ${otherDns.join(', ')}, the cluster's is ${expected.dns.join(', ')}`
          : undefined;
  if (differs !== undefined) {
    throw new Error(
      `${where}: ${what} is on ${differs} (expected one node network for the VM and its Talos config). Fix: pass ` +
        'the same network description to both.',
    );
  }
}
