import { checkAddressWithPrefix, checkIpv4, checkNotEmpty } from './check';
import { DEFAULT_LINK_ALIAS } from './link-alias';
import { TalosPatch } from './talos-patch';
import type { LinkConfigDocument } from './types';

/** Options of {@link staticLinkPatch}. */
export interface StaticLinkPatchOptions {
  /** Addresses with prefix length, e.g. `["10.20.0.11/24"]`. */
  readonly addresses: readonly string[];
  /**
   * Default gateway; a default route (`0.0.0.0/0`) via it is added.
   * @default - no default route
   */
  readonly gateway?: string | undefined;
  /**
   * Link name or alias the config applies to.
   * @default "net0" - the alias `linkAliasPatch` gives by default
   */
  readonly link?: string | undefined;
  /**
   * MTU of the link.
   * @default - the system default (1500)
   */
  readonly mtu?: number | undefined;
}

/**
 * Static addresses and default route on a link (`LinkConfig`). On Proxmox the nocloud drive gives the node the same
 * address before its config arrives; this keeps it once the config is applied, whatever the cloud-init drive says.
 */
export function staticLinkPatch(options: StaticLinkPatchOptions): TalosPatch<LinkConfigDocument> {
  checkNotEmpty('staticLinkPatch', 'addresses', options.addresses);
  options.addresses.forEach((a, i) => checkAddressWithPrefix('staticLinkPatch', `addresses[${i}]`, a));
  if (options.gateway !== undefined) checkIpv4('staticLinkPatch', 'gateway', options.gateway);
  if (options.mtu !== undefined && (!Number.isInteger(options.mtu) || options.mtu < 576 || options.mtu > 9216)) {
    throw new Error(
      `staticLinkPatch: mtu ${options.mtu} is out of range (expected an integer 576-9216). Fix: use 1500 or your ` +
        'jumbo-frame size.',
    );
  }
  return TalosPatch.of<LinkConfigDocument>({
    apiVersion: 'v1alpha1',
    kind: 'LinkConfig',
    name: options.link ?? DEFAULT_LINK_ALIAS,
    ...(options.mtu !== undefined ? { mtu: options.mtu } : {}),
    addresses: options.addresses.map((address) => ({ address })),
    ...(options.gateway !== undefined ? { routes: [{ destination: '0.0.0.0/0', gateway: options.gateway }] } : {}),
  });
}
