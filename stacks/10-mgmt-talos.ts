import type { Construct } from 'constructs';
import type { PlatformConfig } from '../lib/core/spec/resolved';
import { ClusterProviders } from '../lib/bridge/cluster-providers';
import { CiliumBootstrap } from '../lib/gitops/cilium-bootstrap';
import { ProxmoxApi } from '../lib/proxmox/proxmox-api';
import type { NodeNetwork } from '../lib/core/net/node-network';
import { KUBERNETES_API_PORT } from '../lib/core/rules/facts';
import type { ITalosImage } from '../lib/proxmox/talos-image-ref';
import { TalosVm } from '../lib/proxmox/talos-vm';
import { TalosManagementCluster } from '../lib/talos/management-cluster';
import type { IManagementCluster } from '../lib/talos/management-cluster-ref';
import { talosBackupApiAccessPatch } from '../lib/gitops/addons/talos-backup';
import { LinkSelector } from '../lib/talos/patches/link-selector';
import { addonTalosPatches, needsTopologyLabels, topologyLabelsPatch } from '../lib/talos/patches/addon-patches';
import { managementRequirements } from '../lib/core/addon-prerequisites';
import type { TalosNode } from '../lib/talos/talos-node';
import { TalosApi } from '../lib/talos/talos-api';
import { backsUpEtcd } from './etcd-backup';
import { managementCiliumOptions } from './gitops-platform';
import { StageStack } from './stage-stack';
import type { StageStackProps } from './stage-stack';

/** Props of {@link MgmtTalosStack}. */
export interface MgmtTalosStackProps extends StageStackProps {
  /** The resolved platform. */
  readonly config: PlatformConfig;
  /** The Talos image of stage 00 (`ProxmoxFoundationStack.image`; its attributes are read through remote state). */
  readonly image: ITalosImage;
}

/**
 * Stage 10: the Talos management cluster. One VM per management machine (static address through the nocloud
 * drive), machine secrets and configs (CNI none, kube-proxy off, KubePrism, VIP), apply, bootstrap, kubeconfig, and
 * a one-time Cilium install (without a CNI the nodes never turn Ready).
 * Secrets: `TF_VAR_proxmox_api_token`; outputs `kubeconfig` and `talosconfig` are sensitive.
 *
 * @example
 * import { App } from 'cdktf';
 * import { ProxmoxFoundationStack } from 'talos-platform-cdk/stacks/00-proxmox-foundation';
 * import { MgmtTalosStack } from 'talos-platform-cdk/stacks/10-mgmt-talos';
 * import { loadConfigOrThrow } from 'talos-platform-cdk/stacks/load';
 *
 * const app = new App();
 * const config = loadConfigOrThrow('clusters');
 * const foundation = new ProxmoxFoundationStack(app, '00-proxmox-foundation', { config });
 * const mgmt = new MgmtTalosStack(app, '10-mgmt-talos', { config, image: foundation.image });
 * // mgmt.cluster (IManagementCluster) is what stages 20 to 50 read, through remote state.
 */
export class MgmtTalosStack extends StageStack {
  public readonly api: ProxmoxApi;
  /** The management VMs, by hostname. */
  public readonly vms: ReadonlyMap<string, TalosVm>;
  /** The management cluster, for stages 20-50. */
  public readonly cluster: IManagementCluster;
  private readonly talos: TalosManagementCluster;

  public constructor(scope: Construct, id: string, props: MgmtTalosStackProps) {
    super(scope, id, props);
    const { proxmox, management, versions } = props.config.platform;
    const image = props.image;
    const network = management.network;
    // One description of the node network for the VMs and the Talos configs (cross-checked by the cluster).
    const nodeNetwork: NodeNetwork = { cidr: network.cidr, gateway: network.gateway, dns: network.dns };

    this.api = new ProxmoxApi(this, 'Proxmox', { endpoint: proxmox.endpoint, insecure: proxmox.insecure });
    new TalosApi(this, 'Talos');

    // What the enabled addons need on every node (kubelet mounts) and per node (topology labels from placement).
    const addonNeeds = managementRequirements(props.config.platform.addons);
    const region = props.config.platform.addons.proxmoxCsi.region;
    const vms = new Map<string, TalosVm>();
    const controlPlanes: TalosNode[] = [];
    const workers: TalosNode[] = [];
    for (const machine of management.machines) {
      const vm = new TalosVm(this, machine.hostname, {
        name: machine.hostname,
        nodeName: machine.proxmoxNode,
        vmId: machine.vmId,
        image,
        datastoreId: machine.datastore,
        bridge: network.bridge,
        vlan: network.vlan,
        cores: machine.cores,
        memoryMiB: machine.memoryMiB,
        diskGiB: machine.diskGiB,
        ip: machine.ip,
        network: nodeNetwork,
        tags: ['talos', management.name, machine.role],
        protection: management.deletionProtection,
      });
      vms.set(machine.hostname, vm);
      const node: TalosNode = {
        hostname: machine.hostname,
        address: machine.ip,
        machine: vm,
        linkSelector: LinkSelector.macAddress(vm.macAddress),
        dependsOn: [vm.resource],
        extraPatches: needsTopologyLabels(addonNeeds) ? [topologyLabelsPatch(region, machine.proxmoxNode)] : [],
      };
      (machine.role === 'controlplane' ? controlPlanes : workers).push(node);
    }
    this.vms = vms;

    this.talos = new TalosManagementCluster(this, 'Cluster', {
      clusterName: management.name,
      vip: management.vip,
      controlPlanes,
      workers,
      network: nodeNetwork,
      installerImage: image.installerImage,
      installDisk: management.installDisk,
      talosVersion: versions.talos,
      kubernetesVersion: versions.kubernetes,
      extraPatches: addonTalosPatches(addonNeeds),
      extraControlPlanePatches: backsUpEtcd(props.config, 'management') ? [talosBackupApiAccessPatch()] : [],
    });
    this.cluster = this.talos;

    // Talos runs with CNI none: install Cilium once so the nodes turn Ready and Argo CD (stage 50) can start; the
    // GitOps `cilium` Application adopts this release afterwards. It is the first thing that talks to the Kubernetes
    // API, so it waits for the cluster health check (and the kubeconfig its Helm provider is configured from).
    if (props.config.platform.addons.cilium.enabled) {
      const providers = new ClusterProviders(this, 'Kubernetes', { kubernetesClient: this.talos.kubernetesClient });
      new CiliumBootstrap(this, 'Cilium', {
        ...managementCiliumOptions(props.config),
        provider: providers.helm,
        dependsOn: [this.talos.health, this.talos.kubeconfigResource],
      });
    }

    this.addOutput('kubeconfig', this.talos.kubeconfig, {
      description: 'Admin kubeconfig of the management cluster: tofu output -raw kubeconfig > kubeconfig.',
      sensitive: true,
    });
    this.addOutput('talosconfig', this.talos.talosconfig, {
      description: 'talosctl client configuration: tofu output -raw talosconfig > talosconfig.',
      sensitive: true,
    });
    this.addOutput('endpoint', this.talos.endpoint, {
      description: `Kubernetes API endpoint (https://<vip>:${KUBERNETES_API_PORT}).`,
    });
    this.addOutput('cluster_name', this.talos.clusterName, { description: 'Talos and Kubernetes cluster name.' });
    this.addOutput('control_plane_ips', [...this.talos.controlPlaneAddresses], {
      description: 'Control-plane node addresses (talosctl endpoints).',
    });
    this.addOutput('worker_ips', [...this.talos.workerAddresses], { description: 'Worker node addresses.' });
  }
}
