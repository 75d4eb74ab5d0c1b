import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { VirtualEnvironmentVm } from '../../imports/providers/proxmox/virtual-environment-vm';
import { cidrContains, parseCidr, parseIpv4 } from '../core/net/ipv4';
import { TALOS_MINIMUM_SIZE } from '../core/rules/facts';
import { DEFAULT_MACHINE_SIZE } from '../core/spec/defaults';
import { setNetworkDevice } from './network-device';
import type { ITalosImage } from './talos-image-ref';
import { checkVmId, macAddressForVmId } from './vm-identity';

/** Props of {@link TalosVm}. */
export interface TalosVmProps {
  /** VM name; also the hostname Proxmox writes to the nocloud meta-data. */
  readonly name: string;
  /** Proxmox node the VM runs on. */
  readonly nodeName: string;
  /** Proxmox VM id. */
  readonly vmId: number;
  /** The Talos image; the boot disk is imported from its file on `nodeName`. */
  readonly image: ITalosImage;
  /** Datastore of the VM disks (boot disk and cloud-init drive). */
  readonly datastoreId: string;
  /** Linux bridge the NIC attaches to. */
  readonly bridge: string;
  /**
   * VLAN tag on the bridge.
   * @default - untagged
   */
  readonly vlanId?: number;
  /**
   * Virtual CPU cores.
   * @default 4
   */
  readonly cores?: number;
  /**
   * Memory in MiB.
   * @default 8192
   */
  readonly memoryMiB?: number;
  /**
   * Boot disk size in GiB.
   * @default 50
   */
  readonly diskGiB?: number;
  /**
   * Static address with prefix length, e.g. `10.20.0.11/24`, given to Talos through the nocloud network config so
   * the node is reachable before its machine config is applied.
   * @default - DHCP
   */
  readonly ipv4Address?: string;
  /**
   * Default gateway for `ipv4Address`.
   * @default - none
   */
  readonly ipv4Gateway?: string;
  /**
   * DNS servers in the nocloud network config.
   * @default - none (Talos falls back to its defaults until the machine config sets them)
   */
  readonly dnsServers?: readonly string[];
  /**
   * MAC address of the NIC (upper-case, as Proxmox stores it).
   * @default - derived from vmId, see `macAddressForVmId`
   */
  readonly macAddress?: string;
  /**
   * QEMU CPU type. Talos needs x86-64-v2; `host` passes the host CPU through (no live migration between different
   * CPU models; use `x86-64-v2-AES` for mixed clusters).
   * @default "host"
   */
  readonly cpuType?: string;
  /**
   * Start the VM when the Proxmox node boots.
   * @default true
   */
  readonly onBoot?: boolean;
  /**
   * Let the provider reboot or power off the VM to apply a change that needs it (cores, memory, ...). Off, such a
   * change is stored as pending and the plan warns; reboot the VMs one at a time (`qm reboot <vmid>` applies
   * pending changes) so a size change never takes every node of a cluster down at once.
   * @default false
   */
  readonly rebootAfterUpdate?: boolean;
  /**
   * Proxmox's `protection` flag: removing the VM or its disks fails while it is set.
   * @default true - a cluster node holds etcd or workload data
   */
  readonly protection?: boolean;
  /**
   * Proxmox tags.
   * @default ["talos"]
   */
  readonly tags?: readonly string[];
  /**
   * VM description (Proxmox notes).
   * @default "Talos Linux <version>, managed by talos-platform-cdk"
   */
  readonly description?: string;
  /**
   * What must exist first, e.g. a bridge created in the same stack.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** VM size defaults: the spec's machine size (`DEFAULT_MACHINE_SIZE`), on the host's CPU model. */
export const TALOS_VM_DEFAULTS = { ...DEFAULT_MACHINE_SIZE, cpuType: 'host' } as const;
/** Talos minimums for any node: a worker's (`TALOS_MINIMUM_SIZE`); a VM does not know its role. */
export const TALOS_VM_MINIMUMS = {
  memoryMiB: TALOS_MINIMUM_SIZE.worker.memoryMiB,
  diskGiB: TALOS_MINIMUM_SIZE.worker.diskGiB,
} as const;
/** Boot disk interface: the first SCSI disk, Talos's default install disk (`DEFAULT_INSTALL_DISK`). */
export const BOOT_DISK_INTERFACE = 'scsi0';
/** One controller per disk, so `iothread` works (Proxmox's recommended SCSI controller). */
export const SCSI_HARDWARE = 'virtio-scsi-single';

/**
 * A Proxmox VM that boots the Talos nocloud image: boot disk imported from the image, VirtIO SCSI, QEMU guest agent,
 * serial console, a cloud-init (nocloud) drive carrying its static address, and a stable MAC address so the Talos
 * config can select the NIC by MAC (`LinkSelector.macAddress(vm.macAddress)`).
 *
 * @example
 * import { TalosVm } from 'talos-platform-cdk/proxmox';
 * import { LinkSelector } from 'talos-platform-cdk/talos';
 *
 * const vm = new TalosVm(stack, 'mgmt-cp-1', {
 *   name: 'mgmt-cp-1', nodeName: 'pve1', vmId: 1001, image, // image: a TalosImage with pve1 in its nodeNames
 *   datastoreId: 'local-lvm', bridge: 'vmbr0',
 *   cores: 4, memoryMiB: 8192, diskGiB: 50,
 *   ipv4Address: '10.10.0.11/24', ipv4Gateway: '10.10.0.1', dnsServers: ['10.10.0.1'],
 * });
 * const linkSelector = LinkSelector.macAddress(vm.macAddress); // the NIC, for this node's TalosNode
 */
export class TalosVm extends Construct {
  /** The VM (main resource). */
  public readonly resource: VirtualEnvironmentVm;
  public readonly vmId: number;
  public readonly nodeName: string;
  public readonly vmName: string;
  /** NIC MAC address, upper-case. */
  public readonly macAddress: string;

  public constructor(scope: Construct, id: string, props: TalosVmProps) {
    super(scope, id);
    const where = this.node.path;
    const cores = props.cores ?? TALOS_VM_DEFAULTS.cores;
    const memoryMiB = props.memoryMiB ?? TALOS_VM_DEFAULTS.memoryMiB;
    const diskGiB = props.diskGiB ?? TALOS_VM_DEFAULTS.diskGiB;
    checkVmId(where, 'vmId', props.vmId);
    checkSize(where, cores, memoryMiB, diskGiB);
    checkNetwork(where, props);
    this.vmId = props.vmId;
    this.nodeName = props.nodeName;
    this.vmName = props.name;
    this.macAddress = (props.macAddress ?? macAddressForVmId(props.vmId)).toUpperCase();
    if (!/^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/.test(this.macAddress)) {
      throw new Error(
        `${where}: macAddress "${props.macAddress}" is not a MAC address (expected six colon-separated hex pairs). ` +
          'Fix: omit it to derive one from vmId.',
      );
    }

    const transfer = props.image.transfer;
    this.resource = new VirtualEnvironmentVm(this, 'Resource', {
      name: props.name,
      nodeName: props.nodeName,
      vmId: props.vmId,
      description: props.description ?? `Talos Linux ${props.image.talosVersion}, managed by talos-platform-cdk`,
      tags: [...new Set(props.tags ?? ['talos'])].sort(),
      onBoot: props.onBoot ?? true,
      started: true,
      rebootAfterUpdate: props.rebootAfterUpdate ?? false,
      protection: props.protection ?? true,
      // Until its machine config is applied, Talos runs in maintenance mode without the guest agent: a graceful
      // shutdown would wait for an agent that is not there, so destroy stops the VM.
      stopOnDestroy: true,
      scsiHardware: SCSI_HARDWARE,
      operatingSystem: { type: 'l26' },
      cpu: { cores, sockets: 1, type: props.cpuType ?? TALOS_VM_DEFAULTS.cpuType },
      memory: { dedicated: memoryMiB },
      agent: {
        enabled: true,
        trim: true,
        // The agent starts only once Talos is installed; the provider would otherwise block for agent.timeout (15
        // minutes) on create. Addresses are static, nothing here needs the agent's view of them.
        waitForIp: { disabled: true },
      },
      disk: [
        {
          interface: BOOT_DISK_INTERFACE,
          datastoreId: props.datastoreId,
          size: diskGiB,
          iothread: true,
          discard: 'on',
          ssd: true,
          ...transfer.diskSource(props.image.fileId(props.nodeName)),
        },
      ],
      initialization: {
        datastoreId: props.datastoreId,
        type: 'nocloud',
        ipConfig: [
          {
            ipv4:
              props.ipv4Address !== undefined
                ? { address: props.ipv4Address, ...(props.ipv4Gateway ? { gateway: props.ipv4Gateway } : {}) }
                : { address: 'dhcp' },
          },
        ],
        ...(props.dnsServers && props.dnsServers.length > 0 ? { dns: { servers: [...props.dnsServers] } } : {}),
      },
      serialDevice: [{ device: 'socket' }],
      vga: { type: 'serial0' },
      dependsOn: [...(props.dependsOn ?? [])],
      lifecycle: {
        ignoreChanges: [
          // `file_id` forces a new VM: a new Talos image (version or extension change) would destroy this node and
          // its etcd data. Talos nodes are upgraded in place (`talosctl upgrade` with the new installer image), so
          // the boot image only matters at creation.
          'disk[0].file_id',
          // The provider ignores `import_from` after creation, but Proxmox does not report it back, so a new image
          // would show as an in-place change on every plan that never converges.
          'disk[0].import_from',
        ],
      },
    });
    setNetworkDevice(this.resource, { bridge: props.bridge, model: 'virtio', macAddress: this.macAddress, vlanId: props.vlanId });
  }
}

function checkSize(where: string, cores: number, memoryMiB: number, diskGiB: number): void {
  if (!Number.isInteger(cores) || cores < 1 || cores > 512) {
    throw new Error(`${where}: cores ${cores} is out of range (expected an integer 1-512). Fix: use e.g. 4.`);
  }
  if (!Number.isInteger(memoryMiB) || memoryMiB < TALOS_VM_MINIMUMS.memoryMiB) {
    throw new Error(
      `${where}: memoryMiB ${memoryMiB} is below Talos's minimum (expected an integer of at least ` +
        `${TALOS_VM_MINIMUMS.memoryMiB}; control planes need ${TALOS_MINIMUM_SIZE.controlplane.memoryMiB}). Fix: give the VM more memory.`,
    );
  }
  if (!Number.isInteger(diskGiB) || diskGiB < TALOS_VM_MINIMUMS.diskGiB) {
    throw new Error(
      `${where}: diskGiB ${diskGiB} is below Talos's minimum (expected an integer of at least ` +
        `${TALOS_VM_MINIMUMS.diskGiB}). Fix: give the VM a larger disk.`,
    );
  }
}

function checkNetwork(where: string, props: TalosVmProps): void {
  if (props.vlanId !== undefined && (!Number.isInteger(props.vlanId) || props.vlanId < 1 || props.vlanId > 4094)) {
    throw new Error(`${where}: vlanId ${props.vlanId} is out of range (expected an integer 1-4094). Fix: use a valid VLAN tag.`);
  }
  if (props.ipv4Address === undefined) {
    if (props.ipv4Gateway !== undefined) {
      throw new Error(
        `${where}: ipv4Gateway "${props.ipv4Gateway}" is set without ipv4Address (expected both or neither). ` +
          'Fix: set ipv4Address, or drop the gateway to use DHCP.',
      );
    }
    return;
  }
  const cidr = parseCidr(props.ipv4Address);
  if (cidr === undefined) {
    throw new Error(
      `${where}: ipv4Address "${props.ipv4Address}" is not an address with prefix length (expected e.g. ` +
        '10.20.0.11/24). Fix: append the prefix length of the node network.',
    );
  }
  if (props.ipv4Gateway !== undefined) {
    const gateway = parseIpv4(props.ipv4Gateway);
    if (gateway === undefined || !cidrContains(cidr, gateway)) {
      throw new Error(
        `${where}: ipv4Gateway "${props.ipv4Gateway}" is not an address in ${props.ipv4Address}'s network ` +
          '(expected the gateway of the node network). Fix: correct the gateway or the prefix length.',
      );
    }
  }
  for (const dns of props.dnsServers ?? []) {
    if (parseIpv4(dns) === undefined) {
      throw new Error(`${where}: dnsServers entry "${dns}" is not an IPv4 address (expected e.g. 10.20.0.1). Fix: correct it.`);
    }
  }
}
