import { checkIpv4 } from './check';
import { DEFAULT_LINK_ALIAS } from './link-alias';
import { TalosPatch } from './talos-patch';
import type { Layer2VipConfigDocument } from './types';

/**
 * The shared control-plane VIP (`Layer2VIPConfig`), announced by one control plane at a time with gratuitous ARP.
 * Control planes only: Talos supports the VIP for the Kubernetes API server and nothing else.
 *
 * @param vip the address, in the node network, not used by any node
 * @param link link name or alias (default `net0`, the alias `linkAliasPatch` gives)
 */
export function layer2VipPatch(vip: string, link: string = DEFAULT_LINK_ALIAS): TalosPatch<Layer2VipConfigDocument> {
  checkIpv4('layer2VipPatch', 'vip', vip);
  return TalosPatch.of<Layer2VipConfigDocument>({ apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', name: vip, link });
}
