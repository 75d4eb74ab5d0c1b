import type { Construct } from 'constructs';
import type { PlatformConfig } from '../lib/core/spec/resolved';
import { ProxmoxFoundation } from '../lib/proxmox/proxmox-foundation';
import type { DatastoreRequirement } from '../lib/proxmox/proxmox-foundation';
import { ProxmoxApi } from '../lib/proxmox/proxmox-api';
import { TalosImage } from '../lib/proxmox/talos-image';
import { TalosTemplate } from '../lib/proxmox/talos-template';
import { TalosApi } from '../lib/talos/talos-api';
import { StageStack } from './stage-stack';
import type { StageStackProps } from './stage-stack';

/** Props of {@link ProxmoxFoundationStack}. */
export interface ProxmoxFoundationStackProps extends StageStackProps {
  /** The resolved platform. */
  readonly config: PlatformConfig;
}

/** Content type VM disks and cloud-init drives need on a datastore. */
const VM_DISK_CONTENT = 'images';

/**
 * Stage 00: checks the Proxmox datastores (content types, the `shared` flag the spec declares, an `iso` storage on
 * every node workload machines may land on), creates the bridges the spec asks for, and puts the Talos nocloud image
 * (Image Factory schematic with qemu-guest-agent) on every node that runs a management VM or the template, plus the
 * VM template CAPMOX clones. Secrets: `TF_VAR_proxmox_api_token` only.
 *
 * @example
 * import { App } from 'cdktf';
 * import { ProxmoxFoundationStack } from 'talos-platform-cdk/stacks/00-proxmox-foundation';
 * import { loadConfigOrThrow } from 'talos-platform-cdk/stacks/load';
 *
 * const app = new App();
 * const config = loadConfigOrThrow('clusters');
 * const foundation = new ProxmoxFoundationStack(app, '00-proxmox-foundation', { config });
 * // foundation.image and foundation.template feed stage 10 (MgmtTalosStack) and CAPMOX.
 * app.synth();
 */
export class ProxmoxFoundationStack extends StageStack {
  public readonly api: ProxmoxApi;
  /** Datastore checks, and the bridges and VLAN interfaces stage 00 creates. */
  public readonly foundation: ProxmoxFoundation;
  /** The Talos image stage 10 boots its VMs from. */
  public readonly image: TalosImage;
  /** The template CAPMOX clones. */
  public readonly template: TalosTemplate;

  public constructor(scope: Construct, id: string, props: ProxmoxFoundationStackProps) {
    super(scope, id, props);
    const { proxmox, management, versions } = props.config.platform;
    const allNodes = proxmox.nodes.map((n) => n.name);

    this.api = new ProxmoxApi(this, 'Proxmox', { endpoint: proxmox.endpoint, insecure: proxmox.insecure });
    new TalosApi(this, 'Talos');

    // The image goes where VMs are created from it: the template node and every management VM's node.
    const used = new Set([proxmox.image.templateNode, ...management.machines.map((m) => m.proxmoxNode)]);
    const imageNodes = allNodes.filter((n) => used.has(n));
    const machineNodes = allNodes.filter((n) => management.machines.some((m) => m.proxmoxNode === n));

    this.image = new TalosImage(this, 'TalosImage', {
      talosVersion: versions.talos,
      extensions: proxmox.image.extensions,
      datastoreId: proxmox.image.datastore,
      nodes: imageNodes,
    });

    const datastores: DatastoreRequirement[] = [
      // `shared: true` in the spec is what validation trusts for cross-node clones; the plan checks the real flag.
      ...proxmox.datastores.map((d) => ({
        datastoreId: d.name,
        nodes: d.nodes,
        ...(d.shared ? { shared: true } : {}),
      })),
      { datastoreId: proxmox.image.datastore, nodes: imageNodes, contentTypes: [this.image.transfer.contentType] },
      {
        datastoreId: proxmox.image.templateDatastore,
        nodes: [proxmox.image.templateNode],
        contentTypes: [VM_DISK_CONTENT],
      },
      ...(machineNodes.length > 0
        ? [{ datastoreId: management.placement.datastore, nodes: machineNodes, contentTypes: [VM_DISK_CONTENT] }]
        : []),
      // CAPMOX writes each workload clone's disks to the cluster's datastore on the node it picks.
      ...props.config.clusters.map((c) => ({
        datastoreId: c.placement.datastore,
        nodes: c.placement.nodes,
        contentTypes: [VM_DISK_CONTENT],
      })),
    ];
    // Every node a workload machine may be cloned to needs an `iso` storage for its CAPMOX cloud-init ISO.
    const workloadNodes = new Set(props.config.clusters.flatMap((c) => c.placement.nodes));
    // Construct id `Checks`, its name before it was ProxmoxFoundation: Terraform addresses stay as they were.
    this.foundation = new ProxmoxFoundation(this, 'Checks', {
      datastores,
      isoStorageNodes: allNodes.filter((n) => workloadNodes.has(n)),
      bridges: proxmox.bridges.map((b) => ({
        name: b.name,
        nodes: allNodes,
        create: b.create,
        ...(b.create ? { ports: b.ports, vlanAware: b.vlanAware } : {}),
      })),
    });

    const templateBridge = management.network.bridge;
    const createdBridge = this.foundation.createdBridges.get(`${templateBridge}/${proxmox.image.templateNode}`);
    this.template = new TalosTemplate(this, 'TalosTemplate', {
      image: this.image,
      nodeName: proxmox.image.templateNode,
      vmId: proxmox.image.templateVmId,
      datastoreId: proxmox.image.templateDatastore,
      bridge: templateBridge,
      dependsOn: createdBridge ? [createdBridge] : [],
    });

    this.addOutput('talos_schematic_id', this.image.schematicId, {
      description: 'Image Factory schematic id of the Talos image (qemu-guest-agent and the extra extensions).',
    });
    this.addOutput('talos_installer_image', this.image.installerImage, {
      description: 'Talos installer image for machine.install.image and talosctl upgrade --image.',
    });
    this.addOutput('talos_image_file_ids', Object.fromEntries(imageNodes.map((n) => [n, this.image.fileId(n)])), {
      description: 'Volume id of the Talos disk image, per Proxmox node.',
    });
    this.addOutput('template_vm_id', this.template.vmId, {
      description: 'VM id of the Talos template (CAPMOX templateID).',
    });
    this.addOutput('template_node', this.template.nodeName, {
      description: 'Proxmox node of the Talos template (CAPMOX sourceNode).',
    });
    this.addOutput('template_tags', this.template.tags, {
      description: 'Tags of the Talos template (CAPMOX templateSelector.matchTags).',
    });
  }
}
