import { parseCidr } from '../../core/net/ipv4';
import { checkNotEmpty } from './check';
import { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/**
 * The node network the kubelet picks its node IP from (`machine.kubelet.nodeIP.validSubnets`), so the node registers
 * with its static address and never with another address the machine may get (a second NIC, the VIP on the
 * control plane that currently holds it).
 */
export function kubeletNodeIpPatch(validSubnets: readonly string[]): TalosPatch<V1Alpha1ConfigPatch> {
  checkNotEmpty('kubeletNodeIpPatch', 'validSubnets', validSubnets);
  validSubnets.forEach((subnet, i) => {
    const cidr = parseCidr(subnet);
    if (cidr === undefined || cidr.address !== cidr.network) {
      throw new Error(
        `kubeletNodeIpPatch: validSubnets[${i}] "${subnet}" is not a network in CIDR form (expected e.g. ` +
          '10.20.0.0/24, host bits clear). Fix: pass the node network.',
      );
    }
  });
  return TalosPatch.of<V1Alpha1ConfigPatch>({ machine: { kubelet: { nodeIP: { validSubnets: [...validSubnets] } } } });
}
