import { DEFAULT_INSTALL_DISK } from '../../core/rules/facts';
import { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/** Options of {@link installPatch}. */
export interface InstallPatchOptions {
  /**
   * Disk Talos installs to, e.g. `DEFAULT_INSTALL_DISK` (the first SCSI disk of a Proxmox VM).
   */
  readonly disk: string;
  /**
   * Installer image, from the Image Factory schematic so that installs and upgrades keep the system extensions,
   * e.g. `factory.talos.dev/nocloud-installer/<schematic-id>:v1.13.9` (`TalosImage.installerImage`).
   */
  readonly image: string;
}

/** Install disk and installer image (`machine.install.disk`, `machine.install.image`). */
export function installPatch(options: InstallPatchOptions): TalosPatch<V1Alpha1ConfigPatch> {
  if (!/^\/dev\/\S+$/.test(options.disk)) {
    throw new Error(
      `installPatch: disk "${options.disk}" is not a device path (expected e.g. ${DEFAULT_INSTALL_DISK} or /dev/vda). ` +
        'Fix: pass the install disk as the VM sees it.',
    );
  }
  if (options.image.trim() === '') {
    throw new Error(
      'installPatch: image is empty (expected an installer image such as ' +
        'factory.talos.dev/nocloud-installer/<schematic>:v1.13.9). Fix: pass TalosImage.installerImage.',
    );
  }
  return TalosPatch.of<V1Alpha1ConfigPatch>({ machine: { install: { disk: options.disk, image: options.image } } });
}
