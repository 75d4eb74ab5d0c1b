import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { DownloadFile } from '../../imports/providers/proxmox/download-file';
import { DataTalosImageFactoryUrls } from '../../imports/providers/talos/data-talos-image-factory-urls';
import { ImageFactorySchematic } from '../../imports/providers/talos/image-factory-schematic';
import { imageFactorySchematicYaml } from '../talos/image-factory';
import { Version, releaseVersionProblems } from '../core/rules/version';
import type { VersionInput } from '../core/rules/version';
import { TALOS_EXTENSION_NAME_PATTERN } from '../core/rules/facts';
import { throwProblems } from '../core/rules/problem';
import { TALOS_VERSION } from '../core/versions';
import { optionalProp } from '../core/defined-props';
import { FACTORY_DISK_IMAGE_SUFFIX, ImageTransfer } from './image-transfer';
import type { ITalosImage } from './talos-image-ref';

/** Props of {@link TalosImage}: its options and the nodes that need it. */
export type TalosImageProps = TalosImageOptions & TalosImageNodes;

/** The Proxmox nodes that need the image: `nodes`, the spec's word (`proxmox.nodes`), or the deprecated `nodeNames`. */
export type TalosImageNodes =
  | {
      /** Proxmox nodes that need the image (VMs are created from it there). */
      readonly nodes: readonly string[];
      readonly nodeNames?: undefined;
    }
  | {
      /** @deprecated Use `nodes` (the spec's word); `nodeNames` goes in the next release. */
      readonly nodeNames: readonly string[];
      readonly nodes?: undefined;
    };

/** Props of {@link TalosImage} besides its nodes. */
export interface TalosImageOptions {
  /** Datastore the image is downloaded to; it needs the transfer's content type (`import` or `iso`). */
  readonly datastoreId: string;
  /**
   * Talos version: a `Version`, or a string without `v`.
   * @default "1.13.9" - `TALOS_VERSION` in lib/core/versions.ts
   */
  readonly talosVersion?: VersionInput | undefined;
  /**
   * Official system extensions besides `siderolabs/qemu-guest-agent`, which is always included (Proxmox needs the
   * guest agent to see addresses and to shut the VM down cleanly).
   * @default []
   */
  readonly extensions?: readonly string[] | undefined;
  /**
   * The datastore is shared (NFS, CephFS ...): one download serves every node. When false, each node gets its own
   * copy, named after the node, so a datastore that turns out to be shared still works.
   * @default false
   */
  readonly sharedDatastore?: boolean | undefined;
  /**
   * How the image is downloaded and attached.
   * @default ImageTransfer.importQcow2() - Proxmox API only, Proxmox VE 8.4+
   */
  readonly transfer?: ImageTransfer | undefined;
  /**
   * Time Proxmox may take to download the image, in seconds.
   * @default 1800
   */
  readonly downloadTimeoutSeconds?: number | undefined;
}

/** Always in the schematic: Proxmox reads VM addresses and shuts VMs down through the guest agent. */
export const QEMU_GUEST_AGENT = 'siderolabs/qemu-guest-agent';
/**
 * Image Factory builds an image the first time a schematic/version pair is requested, which can take several minutes
 * before the transfer starts; the bpg provider's default (600 s) is often too short for that.
 */
export const DEFAULT_IMAGE_DOWNLOAD_TIMEOUT_SECONDS = 1800;
/** Talos image platform for Proxmox: nocloud reads the cloud-init drive Proxmox attaches (addresses, hostname). */
export const TALOS_PLATFORM = 'nocloud';
/** CPU architecture of the image. */
export const TALOS_ARCHITECTURE = 'amd64';

/**
 * A Talos nocloud image for Proxmox: an Image Factory schematic with the qemu-guest-agent extension (plus any
 * others), the factory URLs for it, and the disk image downloaded into a datastore on each node.
 *
 * @example
 * import { ImageTransfer, TalosImage } from 'talos-platform-cdk/proxmox';
 * import { TalosApi } from 'talos-platform-cdk/talos';
 *
 * new TalosApi(stack, 'Talos'); // the siderolabs/talos provider: schematic and factory URLs
 * const image = new TalosImage(stack, 'TalosImage', {
 *   datastoreId: 'local',
 *   nodes: ['pve1', 'pve2'],
 *   extensions: ['siderolabs/iscsi-tools', 'siderolabs/util-linux-tools'], // qemu-guest-agent is always in
 *   transfer: ImageTransfer.importQcow2(), // the default; isoZstd() for Proxmox VE older than 8.4
 * });
 * // image.installerImage for machine.install.image; image.fileId('pve1') for a VM disk
 */
export class TalosImage extends Construct implements ITalosImage {
  public readonly talosVersion: Version;
  /** Official system extensions in the schematic, sorted, `siderolabs/qemu-guest-agent` included. */
  public readonly extensions: readonly string[];
  public readonly transfer: ImageTransfer;
  /** Proxmox nodes the image is downloaded for. */
  public readonly nodes: readonly string[];
  public readonly datastoreId: string;
  /** The schematic (main resource). */
  public readonly schematic: ImageFactorySchematic;
  /** Image Factory URLs for the schematic, platform nocloud, amd64. */
  public readonly urls: DataTalosImageFactoryUrls;
  private readonly downloads = new Map<string, DownloadFile>();

  public constructor(scope: Construct, id: string, props: TalosImageProps) {
    super(scope, id);
    const talosVersion = props.talosVersion ?? TALOS_VERSION;
    throwProblems(this.node.path, releaseVersionProblems('talosVersion', talosVersion));
    this.talosVersion = Version.from(talosVersion);
    this.transfer = props.transfer ?? ImageTransfer.importQcow2();
    this.datastoreId = props.datastoreId;
    this.nodes = [...(props.nodes ?? props.nodeNames ?? [])];
    this.extensions = [...new Set([QEMU_GUEST_AGENT, ...(props.extensions ?? [])])].sort();
    this.check(props);

    this.schematic = new ImageFactorySchematic(this, 'Resource', { schematic: this.schematicYaml() });
    this.urls = new DataTalosImageFactoryUrls(this, 'Urls', {
      talosVersion: this.talosVersion.tag,
      schematicId: this.schematic.id,
      platform: TALOS_PLATFORM,
      architecture: TALOS_ARCHITECTURE,
    });

    const factoryUrl = this.urls.urls.diskImage;
    const url = Fn.replace(factoryUrl, FACTORY_DISK_IMAGE_SUFFIX, this.transfer.urlSuffix);
    const shortId = Fn.substr(this.schematic.id, 0, 12);
    const timeout = props.downloadTimeoutSeconds ?? DEFAULT_IMAGE_DOWNLOAD_TIMEOUT_SECONDS;
    const downloadNodes = props.sharedDatastore ? this.nodes.slice(0, 1) : this.nodes;
    const downloads = new Construct(this, 'Downloads');
    for (const nodeName of downloadNodes) {
      const suffix = props.sharedDatastore ? '' : `-${nodeName}`;
      const download = new DownloadFile(downloads, nodeName, {
        nodeName,
        datastoreId: props.datastoreId,
        contentType: this.transfer.contentType,
        url,
        fileName: `talos-${this.talosVersion.tag}-${shortId}-${TALOS_PLATFORM}-${TALOS_ARCHITECTURE}${suffix}${this.transfer.fileSuffix}`,
        ...optionalProp('decompressionAlgorithm', this.transfer.decompressionAlgorithm),
        // URL and file name carry the schematic id and version, so a new image is a new resource. The size check
        // behind `overwrite` would compare the compressed size at the URL with the decompressed file and replace
        // the file on every plan; there is nothing it could detect here.
        overwrite: false,
        // A file of this name is this exact image (schematic and version are in the name): take it over.
        overwriteUnmanaged: true,
        uploadTimeout: timeout,
        lifecycle: {
          precondition: [
            {
              condition: `\${endswith(${factoryUrl}, "${FACTORY_DISK_IMAGE_SUFFIX}")}`,
              errorMessage:
                `Image Factory's nocloud disk image URL no longer ends in ${FACTORY_DISK_IMAGE_SUFFIX}, so the ` +
                `${this.transfer.urlSuffix} variant cannot be derived from it (${this.node.path}). Fix: update ` +
                'FACTORY_DISK_IMAGE_SUFFIX in lib/proxmox/image-transfer.ts.',
            },
          ],
        },
      });
      this.downloads.set(nodeName, download);
    }
    if (props.sharedDatastore) {
      for (const nodeName of this.nodes) this.downloads.set(nodeName, this.downloads.get(this.nodes[0])!);
    }
  }

  public get schematicId(): string {
    return this.schematic.id;
  }

  public get installerImage(): string {
    return this.urls.urls.installer;
  }

  /** @deprecated Use {@link nodes}; `nodeNames` goes in the next release. */
  public get nodeNames(): readonly string[] {
    return this.nodes;
  }

  /** The download resource that serves `nodeName` (for `replace_triggered_by`). */
  public downloadFor(nodeName: string): DownloadFile {
    const download = this.downloads.get(nodeName);
    if (!download) {
      throw new Error(
        `${this.node.path}: no Talos image on Proxmox node "${nodeName}" (expected one of ` +
          `${this.nodes.map((n) => `"${n}"`).join(', ')}). Fix: add the node to nodes.`,
      );
    }
    return download;
  }

  public fileId(nodeName: string): string {
    return this.downloadFor(nodeName).id;
  }

  /**
   * The Image Factory schematic document, in the canonical form Image Factory stores, so that
   * `imageFactorySchematicId(extensions)` computed offline equals the id the factory returns.
   */
  public schematicYaml(): string {
    return imageFactorySchematicYaml(this.extensions);
  }

  private check(props: TalosImageProps): void {
    const where = this.node.path;
    const field = props.nodes === undefined ? 'nodeNames' : 'nodes';
    if (props.nodes !== undefined && props.nodeNames !== undefined) {
      throw new Error(
        `${where}: both nodes and nodeNames are set (expected nodes only; nodeNames is its deprecated name). ` +
          'Fix: remove nodeNames.',
      );
    }
    if (this.nodes.length === 0) {
      throw new Error(
        `${where}: ${field} is empty (expected at least one Proxmox node). Fix: list the nodes VMs run on.`,
      );
    }
    const duplicate = this.nodes.find((n, i) => this.nodes.indexOf(n) !== i);
    if (duplicate !== undefined) {
      throw new Error(
        `${where}: ${field} lists "${duplicate}" twice (expected each node once). Fix: remove the duplicate.`,
      );
    }
    for (const extension of props.extensions ?? []) {
      if (!TALOS_EXTENSION_NAME_PATTERN.test(extension)) {
        throw new Error(
          `${where}: extension "${extension}" is not an Image Factory extension name (expected <org>/<name>, ` +
            'e.g. siderolabs/iscsi-tools). Fix: use the name from `talosctl get extensions` or the factory UI.',
        );
      }
    }
    const timeout = props.downloadTimeoutSeconds;
    if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 60)) {
      throw new Error(
        `${where}: downloadTimeoutSeconds ${timeout} is too short (expected an integer of at least 60). ` +
          `Fix: omit it to use ${DEFAULT_IMAGE_DOWNLOAD_TIMEOUT_SECONDS}.`,
      );
    }
  }
}
