import type { VirtualEnvironmentVm } from '../../imports/providers/proxmox/virtual-environment-vm';

/** The NIC fields the platform sets. */
export interface NetworkDeviceSettings {
  readonly bridge: string;
  readonly model: 'virtio';
  readonly macAddress?: string | undefined;
  readonly vlanId?: number | undefined;
}

/**
 * Every attribute of bpg's `network_device` (0.111.1 schema), in the order the provider lists them. The provider
 * declares `network_device` as an attribute usable as a block (SDKv2 `ConfigModeAttr`); HCL's block syntax may omit
 * fields, but in the JSON syntax CDKTF writes it is a list of objects, and OpenTofu rejects an object that lacks any
 * attribute ("attributes ... are required"). Unset fields are therefore written as `null`, which the provider treats
 * as unset (its defaults apply, as `tofu plan` shows).
 */
export const NETWORK_DEVICE_ATTRIBUTES = [
  'bridge',
  'disconnected',
  'enabled',
  'firewall',
  'mac_address',
  'model',
  'mtu',
  'queues',
  'rate_limit',
  'trunks',
  'vlan_id',
] as const;

/** Sets the VM's single NIC, with every attribute present (see {@link NETWORK_DEVICE_ATTRIBUTES}). */
export function setNetworkDevice(vm: VirtualEnvironmentVm, settings: NetworkDeviceSettings): void {
  const values: Record<string, unknown> = {
    bridge: settings.bridge,
    model: settings.model,
    mac_address: settings.macAddress,
    vlan_id: settings.vlanId,
  };
  const device = Object.fromEntries(NETWORK_DEVICE_ATTRIBUTES.map((name) => [name, values[name] ?? null]));
  vm.addOverride('network_device', [device]);
}
