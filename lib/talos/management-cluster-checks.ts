import { cidrContains, formatCidr, parseCidr, parseIpv4 } from '../core/net/ipv4';
import { controlPlaneCountProblems } from '../core/rules/control-plane';
import { dnsLabelProblems } from '../core/rules/names';
import { throwProblems } from '../core/rules/problem';
import type { RuleProblem } from '../core/rules/problem';
import { releaseVersionProblems } from '../core/rules/version';
import { talosKubernetesProblems } from '../core/rules/version-support';
import { checkHostname } from './patches/check';
import type { TalosNode } from './talos-node';

export { KUBERNETES_API_PORT } from '../core/rules/facts';

/** What {@link checkClusterInputs} looks at. */
export interface ClusterInputs {
  readonly clusterName: string;
  readonly vip: string;
  readonly controlPlanes: readonly TalosNode[];
  readonly workers: readonly TalosNode[];
  readonly nodeNetwork: string;
  readonly gateway: string;
  readonly nameservers?: readonly string[];
  readonly talosVersion: string;
  readonly kubernetesVersion: string;
}

/**
 * Checks the inputs of a Talos cluster and returns the node network in canonical form. Every message names the
 * construct path, the value received, the value expected and the fix.
 */
export function checkClusterInputs(where: string, inputs: ClusterInputs): string {
  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };

  // The platform rules (lib/core/rules), all reported at once; the network checks below stop at the first problem.
  throwProblems(where, [
    ...dnsLabelProblems('clusterName', inputs.clusterName),
    ...controlPlaneCountProblems(inputs.controlPlanes.length),
    ...versionProblems(inputs.talosVersion, inputs.kubernetesVersion),
  ]);

  const network = parseCidr(inputs.nodeNetwork);
  if (network === undefined || network.address !== network.network) {
    fail(
      `nodeNetwork "${inputs.nodeNetwork}" is not a network in CIDR form (expected e.g. 10.20.0.0/24, host bits ` +
        'clear). Fix: pass the node network.',
    );
  }
  const net = network!;
  const inNetwork = (field: string, address: string) => {
    const value = parseIpv4(address);
    if (value === undefined) {
      fail(`${field} "${address}" is not an IPv4 address (expected a dotted quad such as 10.20.0.10). Fix: correct it.`);
    }
    if (!cidrContains(net, value!) || value === net.network || value === net.broadcast) {
      fail(
        `${field} ${address} is not a host address of the node network ${formatCidr(net)} (expected an address ` +
          'inside it, not its network or broadcast address). Fix: correct the address or the network.',
      );
    }
  };
  inNetwork('vip', inputs.vip);
  inNetwork('gateway', inputs.gateway);
  for (const [i, nameserver] of (inputs.nameservers ?? []).entries()) {
    if (parseIpv4(nameserver) === undefined) {
      fail(`nameservers[${i}] "${nameserver}" is not an IPv4 address (expected e.g. 10.20.0.1). Fix: correct it.`);
    }
  }

  const nodes = [
    ...inputs.controlPlanes.map((n, i) => ({ node: n, field: `controlPlanes[${i}]` })),
    ...inputs.workers.map((n, i) => ({ node: n, field: `workers[${i}]` })),
  ];
  const byAddress = new Map<string, string>();
  const byHostname = new Map<string, string>();
  for (const { node, field } of nodes) {
    checkHostname(`${where}: ${field}`, node.hostname);
    inNetwork(`${field}.address`, node.address);
    if (node.address === inputs.vip) {
      fail(
        `${field}.address ${node.address} is the VIP (expected the VIP to be an address no node uses; Talos moves ` +
          'it between control planes). Fix: pick another VIP or node address.',
      );
    }
    if (node.address === inputs.gateway) {
      fail(`${field}.address ${node.address} is the gateway (expected a free address). Fix: pick another node address.`);
    }
    const sameAddress = byAddress.get(node.address);
    if (sameAddress !== undefined) {
      fail(`${field}.address ${node.address} is also ${sameAddress}'s (expected one address per node). Fix: give each node its own address.`);
    }
    byAddress.set(node.address, field);
    const sameHostname = byHostname.get(node.hostname);
    if (sameHostname !== undefined) {
      fail(`${field}.hostname "${node.hostname}" is also ${sameHostname}'s (expected unique hostnames). Fix: rename one.`);
    }
    byHostname.set(node.hostname, field);
  }
  if (inputs.vip === inputs.gateway) {
    fail(`vip ${inputs.vip} is the gateway (expected a free address in the node network). Fix: pick another VIP.`);
  }

  return formatCidr(net);
}

/** The version format, then the Talos support matrix (which needs well-formed versions). */
function versionProblems(talosVersion: string, kubernetesVersion: string): RuleProblem[] {
  const format = [
    ...releaseVersionProblems('talosVersion', talosVersion),
    ...releaseVersionProblems('kubernetesVersion', kubernetesVersion),
  ];
  return format.length > 0 ? format : talosKubernetesProblems(talosVersion, kubernetesVersion);
}
