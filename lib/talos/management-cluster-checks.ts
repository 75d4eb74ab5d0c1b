import { cidrContains, formatCidr, parseCidr, parseIpv4 } from '../core/net/ipv4';
import { TALOS_KUBERNETES_SUPPORT } from '../core/versions';
import { checkHostname } from './patches/check';
import type { TalosNode } from './talos-node';

/** Kubernetes API server port; the endpoint is `https://<vip>:6443`. */
export const KUBERNETES_API_PORT = 6443;

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

  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(inputs.clusterName) || inputs.clusterName.length > 63) {
    fail(
      `clusterName "${inputs.clusterName}" is not a DNS label (expected lower-case letters, digits and "-", at most ` +
        '63 characters). Fix: rename the cluster.',
    );
  }

  const count = inputs.controlPlanes.length;
  if (count === 0) {
    fail('controlPlanes is empty (expected an odd number of control planes, e.g. 3). Fix: add control planes.');
  }
  if (count % 2 === 0) {
    fail(
      `${count} control planes is an even number (expected an odd count: 1, 3 or 5, so etcd keeps quorum with ` +
        `the same number of failures as ${count - 1} members). Fix: use ${count - 1} or ${count + 1} control planes.`,
    );
  }

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

  checkVersions(fail, inputs.talosVersion, inputs.kubernetesVersion);
  return formatCidr(net);
}

function checkVersions(fail: (message: string) => never, talosVersion: string, kubernetesVersion: string): void {
  for (const [field, value] of [
    ['talosVersion', talosVersion],
    ['kubernetesVersion', kubernetesVersion],
  ] as const) {
    if (!/^\d+\.\d+\.\d+$/.test(value)) {
      fail(`${field} "${value}" is not a version (expected e.g. 1.13.9, without "v"). Fix: drop the leading "v".`);
    }
  }
  const talosMinor = talosVersion.split('.').slice(0, 2).join('.');
  const range = TALOS_KUBERNETES_SUPPORT[talosMinor];
  if (range === undefined) {
    fail(
      `talosVersion ${talosVersion} is not in the support matrix (expected Talos ` +
        `${Object.keys(TALOS_KUBERNETES_SUPPORT).join(', ')}). Fix: use a listed Talos minor or extend ` +
        'TALOS_KUBERNETES_SUPPORT in lib/core/versions.ts.',
    );
  }
  const [lowest, highest] = range!;
  const k8sMinor = kubernetesVersion.split('.').slice(0, 2).join('.');
  if (compareMinor(k8sMinor, lowest) < 0 || compareMinor(k8sMinor, highest) > 0) {
    fail(
      `kubernetesVersion ${kubernetesVersion} is not supported by Talos ${talosMinor} (expected Kubernetes ${lowest} ` +
        `to ${highest}). Fix: pick a Kubernetes version in that range.`,
    );
  }
}

function compareMinor(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
