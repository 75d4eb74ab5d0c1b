import { checkHostAddress, checkNodeNetwork, checkSameNodeNetwork } from '../core/net/node-network';
import type { CheckedNodeNetwork, NodeNetwork } from '../core/net/node-network';
import { controlPlaneCountProblems } from '../core/rules/control-plane';
import { dnsLabelProblems } from '../core/rules/names';
import { throwProblems } from '../core/rules/problem';
import type { RuleProblem } from '../core/rules/problem';
import { Version, releaseVersionProblems } from '../core/rules/version';
import type { VersionInput } from '../core/rules/version';
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
  readonly network: NodeNetwork;
  readonly talosVersion: VersionInput;
  readonly kubernetesVersion: VersionInput;
}

/**
 * Checks the inputs of a Talos cluster and returns the checked node network. Every message names the construct
 * path, the value received, the value expected and the fix.
 */
export function checkClusterInputs(where: string, inputs: ClusterInputs): CheckedNodeNetwork {
  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };

  // The platform rules (lib/core/rules), all reported at once; the network checks below stop at the first problem.
  throwProblems(where, [
    ...dnsLabelProblems('clusterName', inputs.clusterName),
    ...controlPlaneCountProblems(inputs.controlPlanes.length),
    ...versionProblems(inputs.talosVersion, inputs.kubernetesVersion),
  ]);

  const network = checkNodeNetwork(where, inputs.network);
  const inNetwork = (field: string, address: string) => checkHostAddress(where, field, address, network.cidr);
  inNetwork('vip', inputs.vip);

  const nodes = [
    ...inputs.controlPlanes.map((n, i) => ({ node: n, field: `controlPlanes[${i}]` })),
    ...inputs.workers.map((n, i) => ({ node: n, field: `workers[${i}]` })),
  ];
  const byAddress = new Map<string, string>();
  const byHostname = new Map<string, string>();
  for (const { node, field } of nodes) {
    checkHostname(`${where}: ${field}`, node.hostname);
    inNetwork(`${field}.address`, node.address);
    if (node.machine !== undefined) checkMachine(`${where}: ${field}`, node.address, node.machine, network);
    if (node.address === inputs.vip) {
      fail(
        `${field}.address ${node.address} is the VIP (expected the VIP to be an address no node uses; Talos moves ` +
          'it between control planes). Fix: pick another VIP or node address.',
      );
    }
    if (node.address === network.gateway) {
      fail(
        `${field}.address ${node.address} is the gateway (expected a free address). Fix: pick another node address.`,
      );
    }
    const sameAddress = byAddress.get(node.address);
    if (sameAddress !== undefined) {
      fail(
        `${field}.address ${node.address} is also ${sameAddress}'s (expected one address per node). Fix: give each node its own address.`,
      );
    }
    byAddress.set(node.address, field);
    const sameHostname = byHostname.get(node.hostname);
    if (sameHostname !== undefined) {
      fail(
        `${field}.hostname "${node.hostname}" is also ${sameHostname}'s (expected unique hostnames). Fix: rename one.`,
      );
    }
    byHostname.set(node.hostname, field);
  }
  if (inputs.vip === network.gateway) {
    fail(`vip ${inputs.vip} is the gateway (expected a free address in the node network). Fix: pick another VIP.`);
  }

  return network;
}

/** The VM of a node must carry the node's address in the cluster's node network. */
function checkMachine(
  where: string,
  address: string,
  machine: TalosNode['machine'] & object,
  network: CheckedNodeNetwork,
): void {
  if (machine.ip !== address) {
    throw new Error(
      `${where}: address ${address} is not the address of its machine ${machine.vmName} (${machine.ip ?? 'DHCP'}) ` +
        '(expected the VM to be configured with the node address). Fix: pass the same ip to the VM and the node.',
    );
  }
  if (machine.network !== undefined) checkSameNodeNetwork(where, `machine ${machine.vmName}`, network, machine.network);
}

/** The version format, then the Talos support matrix (which needs well-formed versions). */
function versionProblems(talosVersion: VersionInput, kubernetesVersion: VersionInput): RuleProblem[] {
  const format = [
    ...releaseVersionProblems('talosVersion', talosVersion),
    ...releaseVersionProblems('kubernetesVersion', kubernetesVersion),
  ];
  return format.length > 0
    ? format
    : talosKubernetesProblems(Version.from(talosVersion), Version.from(kubernetesVersion));
}
