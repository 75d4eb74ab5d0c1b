import { ImageTransfer } from '../../lib/proxmox/image-transfer';
import type { ITalosImage } from '../../lib/proxmox/talos-image-ref';
import { TalosVm, TALOS_VM_DEFAULTS } from '../../lib/proxmox/talos-vm';
import type { TalosVmProps } from '../../lib/proxmox/talos-vm';
import { NETWORK_DEVICE_ATTRIBUTES } from '../../lib/proxmox/network-device';
import { macAddressForVmId, MAX_VM_ID, MIN_VM_ID } from '../../lib/proxmox/vm-identity';
import { Version } from '../../lib/core/rules/version';
import { nic, only, synthJson, testStack } from './synth';

/** An image stand-in: fixed file ids, so the VM is tested on its own. */
function fakeImage(transfer = ImageTransfer.importQcow2()): ITalosImage {
  return {
    talosVersion: Version.of('1.13.9'),
    schematicId: 'abc123',
    installerImage: 'factory.talos.dev/nocloud-installer/abc123:v1.13.9',
    transfer,
    nodes: ['pve1'],
    fileId: (node: string) => `local:${transfer.contentType}/talos-${node}${transfer.fileSuffix}`,
  };
}

const BASE: TalosVmProps = {
  name: 'mgmt-cp-1',
  nodeName: 'pve1',
  vmId: 8100,
  image: fakeImage(),
  datastoreId: 'local-lvm',
  bridge: 'vmbr0',
  ip: '10.20.0.11',
  network: { cidr: '10.20.0.0/24', gateway: '10.20.0.1' },
};
const NETWORK = { cidr: '10.20.0.0/24', gateway: '10.20.0.1' };

function vmJson(props: Partial<TalosVmProps> = {}): Record<string, unknown> {
  const stack = testStack();
  new TalosVm(stack, 'Vm', { ...BASE, ...props });
  return only(synthJson(stack), 'resource', 'proxmox_virtual_environment_vm');
}

describe('TalosVm', () => {
  it('boots the Talos image with the documented defaults', () => {
    const vm = vmJson();
    expect(vm).toMatchObject({
      name: 'mgmt-cp-1',
      node_name: 'pve1',
      vm_id: 8100,
      on_boot: true,
      started: true,
      stop_on_destroy: true,
      reboot_after_update: false,
      protection: true,
      scsi_hardware: 'virtio-scsi-single',
      tags: ['talos'],
      description: 'Talos Linux 1.13.9, managed by talos-platform-cdk',
      operating_system: { type: 'l26' },
      cpu: { cores: 4, sockets: 1, type: 'host' },
      memory: { dedicated: 8192 },
      agent: { enabled: true, trim: true, wait_for_ip: { disabled: true } },
      serial_device: [{ device: 'socket' }],
      vga: { type: 'serial0' },
    });
    expect(TALOS_VM_DEFAULTS).toEqual({ cores: 4, memoryMiB: 8192, diskGiB: 50, cpuType: 'host' });
  });

  it('passes rebootAfterUpdate and protection through when set', () => {
    expect(vmJson({ rebootAfterUpdate: true, protection: false })).toMatchObject({
      reboot_after_update: true,
      protection: false,
    });
  });

  it('imports the boot disk from the image on its node (import transfer: import_from)', () => {
    expect(vmJson().disk).toEqual([
      {
        interface: 'scsi0',
        datastore_id: 'local-lvm',
        size: 50,
        iothread: true,
        discard: 'on',
        ssd: true,
        import_from: 'local:import/talos-pve1.qcow2',
      },
    ]);
  });

  it('uses file_id with the iso/zstd transfer', () => {
    const disk = (vmJson({ image: fakeImage(ImageTransfer.isoZstd()) }).disk as Record<string, unknown>[])[0];
    expect(disk.file_id).toBe('local:iso/talos-pve1.img');
    expect(disk).not.toHaveProperty('import_from');
  });

  it('gives the NIC a stable upper-case MAC derived from the VM id, and a VLAN tag when asked', () => {
    expect(macAddressForVmId(8100)).toBe('02:54:4C:00:1F:A4');
    expect(vmJson().network_device).toEqual([
      nic({ bridge: 'vmbr0', model: 'virtio', mac_address: '02:54:4C:00:1F:A4' }),
    ]);
    expect(vmJson({ vlan: 20, macAddress: 'bc:24:11:aa:bb:cc' }).network_device).toEqual([
      nic({ bridge: 'vmbr0', model: 'virtio', mac_address: 'BC:24:11:AA:BB:CC', vlan_id: 20 }),
    ]);
  });

  it('writes every network_device attribute, unset ones as null (OpenTofu requires all of them in JSON)', () => {
    const device = (vmJson().network_device as Record<string, unknown>[])[0];
    expect(Object.keys(device).sort()).toEqual([...NETWORK_DEVICE_ATTRIBUTES].sort());
    expect(device.firewall).toBeNull();
  });

  it('puts the static address, gateway and DNS in the nocloud drive', () => {
    expect(vmJson().initialization).toEqual({
      datastore_id: 'local-lvm',
      type: 'nocloud',
      ip_config: [{ ipv4: { address: '10.20.0.11/24', gateway: '10.20.0.1' } }],
      dns: { servers: ['10.20.0.1'] },
    });
  });

  it('takes the DNS servers of the network, the gateway by default', () => {
    expect(vmJson({ network: { ...NETWORK, dns: ['1.1.1.1', '9.9.9.9'] } }).initialization).toMatchObject({
      dns: { servers: ['1.1.1.1', '9.9.9.9'] },
    });
  });

  it('uses DHCP without an address and then omits DNS', () => {
    const init = vmJson({ ip: undefined, network: undefined }).initialization;
    expect(init).toEqual({ datastore_id: 'local-lvm', type: 'nocloud', ip_config: [{ ipv4: { address: 'dhcp' } }] });
  });

  it('ignores image changes on the boot disk so a new image never replaces a node', () => {
    expect(vmJson().lifecycle).toEqual({ ignore_changes: ['disk[0].file_id', 'disk[0].import_from'] });
  });

  it('sorts and de-duplicates tags, sizes from props', () => {
    const vm = vmJson({
      tags: ['talos', 'mgmt', 'controlplane', 'talos'],
      cores: 2,
      memoryMiB: 4096,
      diskGiB: 20,
      cpuType: 'x86-64-v2-AES',
    });
    expect(vm.tags).toEqual(['controlplane', 'mgmt', 'talos']);
    expect(vm.cpu).toEqual({ cores: 2, sockets: 1, type: 'x86-64-v2-AES' });
    expect(vm.memory).toEqual({ dedicated: 4096 });
    expect((vm.disk as Record<string, unknown>[])[0].size).toBe(20);
  });

  it('rejects VM ids outside 100-999999999', () => {
    expect(MIN_VM_ID).toBe(100);
    expect(MAX_VM_ID).toBe(999999999);
    expect(() => vmJson({ vmId: 99 })).toThrow(
      'test/Vm: vmId 99 is out of range (expected an integer from 100 to 999999999, the ids Proxmox VE accepts). ' +
        'Fix: pick a free VM id in that range.',
    );
    expect(() => vmJson({ vmId: 1_000_000_000 })).toThrow('vmId 1000000000 is out of range');
    expect(() => vmJson({ vmId: 8100.5 })).toThrow('vmId 8100.5 is out of range');
  });

  it('rejects sizes below the Talos minimums', () => {
    expect(() => vmJson({ cores: 0 })).toThrow(
      'test/Vm: cores 0 is out of range (expected an integer 1-512). Fix: use e.g. 4.',
    );
    expect(() => vmJson({ memoryMiB: 512 })).toThrow(
      "test/Vm: memoryMiB 512 is below Talos's minimum (expected an integer of at least 1024; control planes need 2048).",
    );
    expect(() => vmJson({ diskGiB: 8 })).toThrow(
      "test/Vm: diskGiB 8 is below Talos's minimum (expected an integer of at least 10).",
    );
  });

  it('rejects bad network settings', () => {
    expect(() => vmJson({ vlan: 4095 })).toThrow('test/Vm: vlan 4095 is out of range (expected an integer 1-4094).');
    expect(() => vmJson({ ip: '10.30.0.11' })).toThrow(
      'test/Vm: ip 10.30.0.11 is not a host address of the node network 10.20.0.0/24 (expected an address inside it',
    );
    expect(() => vmJson({ network: { ...NETWORK, gateway: '10.30.0.1' } })).toThrow(
      'test/Vm: network.gateway 10.30.0.1 is not a host address of the node network 10.20.0.0/24',
    );
    expect(() => vmJson({ network: { ...NETWORK, cidr: '10.20.0.11/24' } })).toThrow(
      'test/Vm: network.cidr "10.20.0.11/24" is not a network in CIDR form (expected e.g. 10.20.0.0/24, host bits clear).',
    );
    expect(() => vmJson({ ip: undefined })).toThrow(
      'test/Vm: network is set without ip (expected both for a static address, or neither for DHCP).',
    );
    expect(() => vmJson({ network: { ...NETWORK, dns: ['dns'] } })).toThrow(
      'test/Vm: network.dns[0] "dns" is not an IPv4 address',
    );
    expect(() => vmJson({ macAddress: 'zz' })).toThrow('test/Vm: macAddress "zz" is not a MAC address');
  });
});
