/**
 * `talos-platform-cdk/proxmox`: CDKTF constructs over the bpg/proxmox provider. The Talos nocloud image from Image
 * Factory ({@link TalosImage}), the VM template CAPMOX clones ({@link TalosTemplate}), Talos VMs ({@link TalosVm}),
 * the datastore checks and created bridges and VLAN interfaces ({@link ProxmoxFoundation}) and the provider itself
 * ({@link ProxmoxApi}).
 *
 * @example
 * const { ProxmoxApi, TalosImage, TalosVm } = require('talos-platform-cdk/proxmox');
 * new ProxmoxApi(stack, 'Proxmox', { endpoint: 'https://pve.example.internal:8006' });
 * // TalosImage also needs the siderolabs/talos provider in its stack (stage 00 of the reference platform adds it).
 * const image = new TalosImage(stack, 'Image', { talosVersion: '1.13.9', datastoreId: 'local', nodes: ['pve1'] });
 * new TalosVm(stack, 'cp-1', { name: 'cp-1', nodeName: 'pve1', vmId: 1001, image, datastoreId: 'local-lvm', bridge: 'vmbr0' });
 *
 * @module proxmox
 */
export * from './proxmox-api';
export * from './image-transfer';
export * from './talos-image-ref';
export * from './talos-image';
export * from './talos-template';
export * from './talos-vm';
export * from './proxmox-foundation';
export * from './vm-identity';
export type { NetworkDeviceSettings } from './network-device';
