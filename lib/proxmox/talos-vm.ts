import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { VirtualEnvironmentVm } from '../../imports/providers/proxmox/virtual-environment-vm';
import type { VirtualEnvironmentVmDisk } from '../../imports/providers/proxmox/virtual-environment-vm';
import { checkHostAddress, checkNodeNetwork } from '../core/net/node-network';
import type { CheckedNodeNetwork, NodeNetwork } from '../core/net/node-network';
import { TALOS_MINIMUM_SIZE, VLAN_ID_RANGE, isVlanId } from '../core/rules/facts';
import { DEFAULT_MACHINE_SIZE } from '../core/spec/defaults';
import type { ITalosNodeMachine } from '../talos/talos-node';
import type { ImageTransfer } from './image-transfer';
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
  readonly vlan?: number | undefined;
  /**
   * Virtual CPU cores.
   * @default 4
   */
  readonly cores?: number | undefined;
  /**
   * Memory in MiB.
   * @default 8192
   */
  readonly memoryMiB?: number | undefined;
  /**
   * Boot disk size in GiB.
   * @default 50
   */
  readonly diskGiB?: number | undefined;
  /**
   * Static address, without prefix length (the spec's `ip`), given to Talos through the nocloud network config with
   * `network`'s prefix length, gateway and DNS, so the node is reachable before its machine config is applied.
   * @default - DHCP
   */
  readonly ip?: string | undefined;
  /**
   * The node network `ip` is in; required with `ip`. Pass the same description to the `TalosManagementCluster`,
   * which checks that they agree (`TalosNode.machine`).
   * @default - none (DHCP)
   */
  readonly network?: NodeNetwork | undefined;
  /**
   * MAC address of the NIC (upper-case, as Proxmox stores it).
   * @default - derived from vmId, see `macAddressForVmId`
   */
  readonly macAddress?: string | undefined;
  /**
   * QEMU CPU type. Talos needs x86-64-v2; `host` passes the host CPU through (no live migration between different
   * CPU models; use `x86-64-v2-AES` for mixed clusters).
   * @default "host"
   */
  readonly cpuType?: string | undefined;
  /**
   * Start the VM when the Proxmox node boots.
   * @default true
   */
  readonly onBoot?: boolean | undefined;
  /**
   * Let the provider reboot or power off the VM to apply a change that needs it (cores, memory, ...). Off, such a
   * change is stored as pending and the plan warns; reboot the VMs one at a time (`qm reboot <vmid>` applies
   * pending changes) so a size change never takes every node of a cluster down at once.
   * @default false
   */
  readonly rebootAfterUpdate?: boolean | undefined;
  /**
   * Proxmox's `protection` flag: removing the VM or its disks fails while it is set.
   * @default true - a cluster node holds etcd or workload data
   */
  readonly protection?: boolean | undefined;
  /**
   * Proxmox tags.
   * @default ["talos"]
   */
  readonly tags?: readonly string[] | undefined;
  /**
   * VM description (Proxmox notes).
   * @default "Talos Linux <version>, managed by talos-platform-cdk"
   */
  readonly description?: string | undefined;
  /**
   * What must exist first, e.g. a bridge created in the same stack.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[] | undefined;
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

/**
 * The boot disk of a Talos VM or template: the image imported onto `datastoreId` as the first SCSI disk, with an IO
 * thread, discard and SSD emulation (Talos trims its partitions).
 */
export function bootDisk(
  datastoreId: string,
  sizeGiB: number,
  source: ReturnType<ImageTransfer['diskSource']>,
): VirtualEnvironmentVmDisk {
  return {
    interface: BOOT_DISK_INTERFACE,
    datastoreId,
    size: sizeGiB,
    iothread: true,
    discard: 'on',
    ssd: true,
    ...source,
  };
}
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
 *   name: 'mgmt-cp-1', nodeName: 'pve1', vmId: 1001, image, // image: a TalosImage with pve1 in its nodes
 *   datastoreId: 'local-lvm', bridge: 'vmbr0',
 *   cores: 4, memoryMiB: 8192, diskGiB: 50,
 *   ip: '10.10.0.11', network: { cidr: '10.10.0.0/24', gateway: '10.10.0.1' },
 * });
 * const linkSelector = LinkSelector.macAddress(vm.macAddress); // the NIC, for this node's TalosNode
 */
export class TalosVm extends Construct implements ITalosNodeMachine {
  /** The VM (main resource). */
  public readonly resource: VirtualEnvironmentVm;
  public readonly vmId: number;
  public readonly nodeName: string;
  public readonly vmName: string;
  /** NIC MAC address, upper-case. */
  public readonly macAddress: string;
  /** Static address, without prefix length; `undefined` with DHCP. */
  public readonly ip: string | undefined;
  /** The node network `ip` is in; `undefined` with DHCP. */
  public readonly network: NodeNetwork | undefined;

  public constructor(scope: Construct, id: string, props: TalosVmProps) {
    super(scope, id);
    const where = this.node.path;
    const cores = props.cores ?? TALOS_VM_DEFAULTS.cores;
    const memoryMiB = props.memoryMiB ?? TALOS_VM_DEFAULTS.memoryMiB;
    const diskGiB = props.diskGiB ?? TALOS_VM_DEFAULTS.diskGiB;
    checkVmId(where, 'vmId', props.vmId);
    checkSize(where, cores, memoryMiB, diskGiB);
    const network = checkNetwork(where, props);
    this.ip = props.ip;
    this.network = props.network;
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
      disk: [bootDisk(props.datastoreId, diskGiB, transfer.diskSource(props.image.fileId(props.nodeName)))],
      initialization: {
        datastoreId: props.datastoreId,
        type: 'nocloud',
        ipConfig: [
          {
            ipv4:
              network !== undefined
                ? { address: `${props.ip}/${network.prefixLength}`, gateway: network.gateway }
                : { address: 'dhcp' },
          },
        ],
        ...(network !== undefined ? { dns: { servers: [...network.dns] } } : {}),
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
    setNetworkDevice(this.resource, {
      bridge: props.bridge,
      model: 'virtio',
      macAddress: this.macAddress,
      vlanId: props.vlan,
    });
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

/** The VLAN tag, and `ip` with its `network` (both or neither); returns the checked network. */
function checkNetwork(where: string, props: TalosVmProps): CheckedNodeNetwork | undefined {
  if (props.vlan !== undefined && !isVlanId(props.vlan)) {
    throw new Error(
      `${where}: vlan ${props.vlan} is out of range ` +
        `(expected an integer ${VLAN_ID_RANGE.min}-${VLAN_ID_RANGE.max}). Fix: use a valid VLAN tag.`,
    );
  }
  if (props.ip === undefined && props.network === undefined) return undefined;
  if (props.ip === undefined || props.network === undefined) {
    throw new Error(
      `${where}: ${props.ip === undefined ? 'network' : 'ip'} is set without ${props.ip === undefined ? 'ip' : 'network'} ` +
        '(expected both for a static address, or neither for DHCP). Fix: set the missing one.',
    );
  }
  const network = checkNodeNetwork(where, props.network);
  checkHostAddress(where, 'ip', props.ip, network.cidr);
  return network;
}
