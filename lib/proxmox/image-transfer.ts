/**
 * How the Talos disk image gets from Image Factory into a Proxmox datastore, and how a VM disk is made from it.
 *
 * Image Factory publishes the nocloud disk image as `nocloud-amd64.raw.xz`, but Proxmox's `download-url` API
 * decompresses only gz, lzo, zst and bz2 (bpg/terraform-provider-proxmox#1680), and an uncompressed raw image is
 * 8 GiB. Image Factory serves the same image in other encodings when asked for another suffix, so both transfers
 * below fetch a format Proxmox handles. Image Factory publishes no checksum for its images (they are built on
 * demand), so no checksum is verified; TLS verification of the download stays on.
 */
export class ImageTransfer {
  /**
   * `nocloud-amd64.qcow2` (sparse, a few hundred MB) downloaded with content type `import` and attached with
   * `disk.import_from`, all through the Proxmox API: no SSH access to the nodes. Needs Proxmox VE 8.4 or newer and
   * the `Import` content type enabled on the image datastore (Datacenter > Storage > Edit > Content).
   */
  public static importQcow2(): ImageTransfer {
    return new ImageTransfer('import', '.qcow2', '.qcow2', undefined, 'import_from');
  }

  /**
   * `nocloud-amd64.raw.zst` downloaded with content type `iso`, decompressed by Proxmox (`zst`) into a `.img` file,
   * and attached with `disk.file_id`, which the bpg provider implements with `qm disk import` over SSH: the provider
   * needs an `ssh` block (`ProxmoxApi` prop `sshUsername`). For Proxmox VE older than 8.4.
   */
  public static isoZstd(): ImageTransfer {
    return new ImageTransfer('iso', '.raw.zst', '.img', 'zst', 'file_id');
  }

  private constructor(
    /** `proxmox_download_file.content_type`. */
    public readonly contentType: 'import' | 'iso',
    /** Suffix of the Image Factory URL (replaces the published `.raw.xz`). */
    public readonly urlSuffix: string,
    /** Suffix of the file in the datastore. */
    public readonly fileSuffix: string,
    /** `proxmox_download_file.decompression_algorithm`, when Proxmox must decompress. */
    public readonly decompressionAlgorithm: 'zst' | undefined,
    /** VM disk attribute that takes the file id. */
    public readonly diskAttribute: 'import_from' | 'file_id',
  ) {}

  /** Whether the bpg provider needs SSH access to the Proxmox nodes for this transfer. */
  public get requiresSsh(): boolean {
    return this.diskAttribute === 'file_id';
  }

  /**
   * The `disk` fields that attach the downloaded file (binding field names: the generator renames `import_from` to
   * `importFromAttribute`).
   */
  public diskSource(fileId: string): { readonly importFromAttribute: string } | { readonly fileId: string } {
    return this.diskAttribute === 'import_from' ? { importFromAttribute: fileId } : { fileId };
  }
}

/** Suffix of the nocloud disk image URL Image Factory publishes (`talos_image_factory_urls.urls.disk_image`). */
export const FACTORY_DISK_IMAGE_SUFFIX = '.raw.xz';
