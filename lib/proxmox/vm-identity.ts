import { MAX_VM_ID, MIN_VM_ID } from '../core/rules/facts';

/** VM ids Proxmox VE accepts: defined with the other platform facts. */
export { MAX_VM_ID, MIN_VM_ID };

/**
 * Prefix of the MAC addresses `TalosVm` gives its NIC: locally administered unicast (`02:`), then `54:4C` ("TL"),
 * so they cannot clash with a vendor OUI such as Proxmox's `BC:24:11`.
 */
export const TALOS_VM_MAC_PREFIX = '02:54:4C';

/** Throws unless `vmId` is an integer Proxmox accepts. `where` is the construct path. */
export function checkVmId(where: string, field: string, vmId: number): void {
  if (!Number.isInteger(vmId) || vmId < MIN_VM_ID || vmId > MAX_VM_ID) {
    throw new Error(
      `${where}: ${field} ${vmId} is out of range (expected an integer from ${MIN_VM_ID} to ${MAX_VM_ID}, the ` +
        'ids Proxmox VE accepts). Fix: pick a free VM id in that range.',
    );
  }
}

/**
 * A stable MAC address for a VM id: the prefix above and the low 24 bits of the id, upper-case as Proxmox stores it
 * (a lower-case value would show as a change on every plan). Ids equal modulo 16777216 get the same address: pass
 * `macAddress` explicitly if you use such ids on one network.
 */
export function macAddressForVmId(vmId: number): string {
  const low = vmId % 0x1000000;
  const bytes = [(low >> 16) & 0xff, (low >> 8) & 0xff, low & 0xff];
  return `${TALOS_VM_MAC_PREFIX}:${bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':')}`;
}
