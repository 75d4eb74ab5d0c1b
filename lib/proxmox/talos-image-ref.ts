import type { Version } from '../core/rules/version';
import type { ImageTransfer } from './image-transfer';

/**
 * A Talos nocloud image in Proxmox datastores, as VMs and templates consume it. Values are Terraform tokens; CDKTF
 * turns them into outputs and remote-state reads when they cross stacks.
 */
export interface ITalosImage {
  /** Talos version of the image. */
  readonly talosVersion: Version;
  /** Image Factory schematic id. */
  readonly schematicId: string;
  /**
   * Installer image for `machine.install.image`, e.g. `factory.talos.dev/nocloud-installer/<schematic>:v1.13.9`:
   * installs and upgrades keep the schematic's system extensions.
   */
  readonly installerImage: string;
  /** How the image was downloaded, which decides how a VM disk attaches it. */
  readonly transfer: ImageTransfer;
  /** Proxmox nodes the image can be used on. */
  readonly nodes: readonly string[];
  /** Volume id of the image usable on `nodeName` (`<datastore>:import/<file>` or `<datastore>:iso/<file>`). */
  fileId(nodeName: string): string;
}
