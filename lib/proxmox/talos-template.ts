import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { VirtualEnvironmentVm } from '../../imports/providers/proxmox/virtual-environment-vm';
import { TALOS_MINIMUM_SIZE } from '../core/rules/facts';
import { setNetworkDevice } from './network-device';
import type { TalosImage } from './talos-image';
import { SCSI_HARDWARE, TALOS_VM_DEFAULTS, TALOS_VM_MINIMUMS, bootDisk } from './talos-vm';
import { checkVmId } from './vm-identity';

/** Props of {@link TalosTemplate}. */
export interface TalosTemplateProps {
  /** The Talos image the template's disk is imported from (same stack: the template is rebuilt when it changes). */
  readonly image: TalosImage;
  /** Proxmox node that holds the template. */
  readonly nodeName: string;
  /** VM id of the template (CAPMOX `templateID`). */
  readonly vmId: number;
  /** Datastore of the template disk. Use shared storage to let CAPMOX clone to every node. */
  readonly datastoreId: string;
  /** Bridge of the template NIC (CAPMOX replaces the network devices from the ProxmoxMachine spec). */
  readonly bridge: string;
  /**
   * Template name.
   * @default - "talos-v<version>-nocloud" with the version's dots as dashes, e.g. "talos-v1-13-9-nocloud"
   */
  readonly name?: string | undefined;
  /**
   * Boot disk size in GiB; CAPMOX grows it per ProxmoxMachineTemplate (`disks.bootVolume.sizeGb`).
   * @default 10 - Talos's minimum
   */
  readonly diskGiB?: number | undefined;
  /**
   * Cores and memory of the template; CAPMOX overrides both per machine (`numCores`, `memoryMiB`).
   * @default - the Talos control-plane minimum (`DEFAULT_TEMPLATE_SIZE`)
   */
  readonly cores?: number | undefined;
  /** @default - the Talos control-plane minimum (`DEFAULT_TEMPLATE_SIZE`) */
  readonly memoryMiB?: number | undefined;
  /**
   * QEMU CPU type, inherited by clones.
   * @default "host"
   */
  readonly cpuType?: string | undefined;
  /**
   * Proxmox tags. CAPMOX's `templateSelector.matchTags` matches the whole tag set exactly (resolution policy
   * `exact`), so select with exactly these tags.
   * @default ["talos", "talos-v<version>"]
   */
  readonly tags?: readonly string[] | undefined;
  /**
   * What must exist first, e.g. a bridge created in the same stack.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[] | undefined;
}

/** Template disk: Talos's disk minimum; clones are resized by CAPMOX. */
export const DEFAULT_TEMPLATE_DISK_GIB = TALOS_VM_MINIMUMS.diskGiB;
/** Template CPU and memory: the Talos control-plane minimum (clones get their own size from CAPMOX). */
export const DEFAULT_TEMPLATE_SIZE = {
  cores: TALOS_MINIMUM_SIZE.controlplane.cores,
  memoryMiB: TALOS_MINIMUM_SIZE.controlplane.memoryMiB,
} as const;

/**
 * A Proxmox VM template with the Talos nocloud image as its boot disk, for CAPMOX to clone workload machines from.
 *
 * It has no cloud-init drive: CAPMOX attaches its own nocloud ISO (user-data, meta-data and network-config) to
 * `ide0` of each clone; a second `cidata` drive inherited from the template would give Talos two nocloud sources.
 * The guest agent flag and serial console are inherited by the clones.
 *
 * @example
 * import { TalosImage, TalosTemplate } from 'talos-platform-cdk/proxmox';
 *
 * const image = new TalosImage(stack, 'TalosImage', { datastoreId: 'local', nodes: ['pve1'] });
 * new TalosTemplate(stack, 'TalosTemplate', {
 *   image, // same stack: a new image gives a new template
 *   nodeName: 'pve1',
 *   vmId: 9000,
 *   datastoreId: 'local-lvm',
 *   bridge: 'vmbr0',
 * });
 * // CAPMOX clones it: WorkloadCluster's placement: { template: { node: 'pve1', vmId: 9000 }, ... }
 */
export class TalosTemplate extends Construct {
  /** The template VM (main resource). */
  public readonly resource: VirtualEnvironmentVm;
  public readonly vmId: number;
  public readonly nodeName: string;
  /** Tags, sorted as Proxmox stores them. */
  public readonly tags: readonly string[];

  public constructor(scope: Construct, id: string, props: TalosTemplateProps) {
    super(scope, id);
    const where = this.node.path;
    checkVmId(where, 'vmId', props.vmId);
    const diskGiB = props.diskGiB ?? DEFAULT_TEMPLATE_DISK_GIB;
    if (!Number.isInteger(diskGiB) || diskGiB < TALOS_VM_MINIMUMS.diskGiB) {
      throw new Error(
        `${where}: diskGiB ${diskGiB} is below Talos's minimum (expected an integer of at least ` +
          `${TALOS_VM_MINIMUMS.diskGiB}). Fix: omit it; CAPMOX grows the disk of each clone.`,
      );
    }
    const version = props.image.talosVersion;
    this.vmId = props.vmId;
    this.nodeName = props.nodeName;
    this.tags = [...new Set(props.tags ?? ['talos', `talos-${version.tag}`])].sort();
    for (const tag of this.tags) {
      if (!/^[a-z0-9_][a-z0-9_+.-]*$/.test(tag)) {
        throw new Error(
          `${where}: tag "${tag}" is not a Proxmox tag (expected lower-case letters, digits, "_", "-", "+", "."). ` +
            'Fix: rename the tag.',
        );
      }
    }

    const download = props.image.downloadFor(props.nodeName);
    this.resource = new VirtualEnvironmentVm(this, 'Resource', {
      name: props.name ?? `talos-${version.tag.replace(/\./g, '-')}-nocloud`,
      nodeName: props.nodeName,
      vmId: props.vmId,
      description: `Talos Linux ${version} nocloud template (schematic ${props.image.schematicId}), managed by talos-platform-cdk`,
      tags: [...this.tags],
      template: true,
      started: false,
      onBoot: false,
      scsiHardware: SCSI_HARDWARE,
      operatingSystem: { type: 'l26' },
      cpu: {
        cores: props.cores ?? DEFAULT_TEMPLATE_SIZE.cores,
        sockets: 1,
        type: props.cpuType ?? TALOS_VM_DEFAULTS.cpuType,
      },
      memory: { dedicated: props.memoryMiB ?? DEFAULT_TEMPLATE_SIZE.memoryMiB },
      agent: { enabled: true, trim: true, waitForIp: { disabled: true } },
      disk: [bootDisk(props.datastoreId, diskGiB, props.image.transfer.diskSource(download.id))],
      serialDevice: [{ device: 'socket' }],
      vga: { type: 'serial0' },
      dependsOn: [...(props.dependsOn ?? [])],
      lifecycle: {
        // A new image (Talos version or extensions) must give a new template; `import_from` alone does not
        // replace the VM, so tie the template to the download. Written as a plain `type.name` address: CDKTF 0.21
        // renders a construct passed here as "${type.name}", which the JSON syntax rejects ("Invalid character").
        replaceTriggeredBy: [`${download.terraformResourceType}.${download.friendlyUniqueId}`],
      },
    });
    setNetworkDevice(this.resource, { bridge: props.bridge, model: 'virtio' });
  }
}
