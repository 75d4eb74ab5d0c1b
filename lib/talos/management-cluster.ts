import { Fn, Token } from 'cdktf';
import type { IResolvable } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterKubeconfig } from '../../imports/providers/talos/cluster-kubeconfig';
import { DataTalosClientConfiguration } from '../../imports/providers/talos/data-talos-client-configuration';
import { DataTalosClusterHealth } from '../../imports/providers/talos/data-talos-cluster-health';
import { DataTalosMachineConfiguration } from '../../imports/providers/talos/data-talos-machine-configuration';
import type { DataTalosMachineConfigurationMachineSecrets } from '../../imports/providers/talos/data-talos-machine-configuration';
import { MachineBootstrap } from '../../imports/providers/talos/machine-bootstrap';
import { MachineConfigurationApply } from '../../imports/providers/talos/machine-configuration-apply';
import { MachineSecrets } from '../../imports/providers/talos/machine-secrets';
import { formatIpv4 } from '../core/net/ipv4';
import type { NodeNetwork } from '../core/net/node-network';
import { DEFAULT_INSTALL_DISK, KUBERNETES_API_PORT } from '../core/rules/facts';
import { Version } from '../core/rules/version';
import type { VersionInput } from '../core/rules/version';
import { KUBERNETES_VERSION, TALOS_VERSION } from '../core/versions';
import { checkClusterInputs } from './management-cluster-checks';
import type { IManagementCluster, KubernetesClientConfig } from './management-cluster-ref';
import { allowSchedulingOnControlPlanesPatch } from './patches/control-plane-scheduling';
import { cniNonePatch } from './patches/cni-none';
import { hostnamePatch } from './patches/hostname';
import { installPatch } from './patches/install';
import { kubeletNodeIpPatch } from './patches/kubelet-node-ip';
import { kubePrismPatch } from './patches/kubeprism';
import { kubeProxyDisabledPatch } from './patches/kube-proxy-disabled';
import { DEFAULT_LINK_ALIAS, linkAliasPatch } from './patches/link-alias';
import { LinkSelector, VIRTIO_NET_DRIVER } from './patches/link-selector';
import { nameserversPatch } from './patches/nameservers';
import { staticLinkPatch } from './patches/static-link';
import { patchesToYaml } from './patches/talos-patch';
import type { TalosPatch } from './patches/talos-patch';
import { layer2VipPatch } from './patches/vip';
import type { TalosNode } from './talos-node';

/** Props of {@link TalosManagementCluster}. */
export interface TalosManagementClusterProps {
  /** Cluster name (Talos cluster name, kubeconfig context). */
  readonly clusterName: string;
  /** Control-plane VIP in the node network; the Kubernetes API endpoint is `https://<vip>:<KUBERNETES_API_PORT>`. */
  readonly vip: string;
  /** Control-plane nodes, an odd number (etcd quorum). The first one is bootstrapped. */
  readonly controlPlanes: readonly TalosNode[];
  /**
   * Worker nodes.
   * @default [] - control planes run the workloads
   */
  readonly workers?: readonly TalosNode[] | undefined;
  /**
   * The node network (`cidr`, `gateway`, `dns`), the same description the VMs take: addresses get its prefix
   * length, the kubelet picks IPs in it.
   */
  readonly network: NodeNetwork;
  /** Installer image with the schematic's extensions (`TalosImage.installerImage`). */
  readonly installerImage: string;
  /**
   * Disk Talos installs to.
   * @default DEFAULT_INSTALL_DISK - the first SCSI disk of a Proxmox VM
   */
  readonly installDisk?: string | undefined;
  /**
   * Talos version (config contract): a `Version`, or a string without `v`.
   * @default "1.13.9" - `TALOS_VERSION`
   */
  readonly talosVersion?: VersionInput | undefined;
  /**
   * Kubernetes version, within what the Talos version supports: a `Version`, or a string without `v`.
   * @default "1.35.6" - `KUBERNETES_VERSION`
   */
  readonly kubernetesVersion?: VersionInput | undefined;
  /**
   * Let workloads run on control planes.
   * @default - true when there are no workers, false otherwise
   */
  readonly allowSchedulingOnControlPlanes?: boolean | undefined;
  /**
   * KubePrism port (Cilium's `k8sServicePort`).
   * @default 7445
   */
  readonly kubePrismPort?: number | undefined;
  /**
   * More patches for every node, applied after the platform's.
   * @default []
   */
  readonly extraPatches?: readonly TalosPatch[] | undefined;
  /**
   * More patches for control planes only (e.g. Talos API access, which Talos rejects on workers), after `extraPatches`.
   * @default []
   */
  readonly extraControlPlanePatches?: readonly TalosPatch[] | undefined;
}

/** Talos's default install disk on a Proxmox VM (first SCSI disk); defined in lib/core/rules. */
export { DEFAULT_INSTALL_DISK };

/**
 * How long the health wait may take. The provider's default is 10 minutes; a first boot installs Talos from the
 * installer image (a download per node), reboots, and only then starts etcd, so give it more.
 */
export const HEALTH_WAIT_TIMEOUT = '20m';

/**
 * A Talos cluster built by Terraform, the management cluster of the platform: machine secrets, one machine config
 * per role (CNI none, kube-proxy off, KubePrism, install image), a per-node apply (hostname, static address on the
 * NIC picked by a selector, the VIP on control planes), bootstrap of the first control plane, a health wait
 * ({@link health}: what can pass before a CNI), kubeconfig and talosconfig.
 *
 * Secrets live in the Terraform state only; the kubeconfig and talosconfig are sensitive attributes.
 *
 * @example
 * import { LinkSelector, TalosManagementCluster } from 'talos-platform-cdk/talos';
 *
 * // vm: a TalosVm and image: a TalosImage (talos-platform-cdk/proxmox); the stack also has a TalosApi.
 * const linkSelector = LinkSelector.macAddress(vm.macAddress);
 * const cluster = new TalosManagementCluster(stack, 'Cluster', {
 *   clusterName: 'mgmt', vip: '10.10.0.10', network: { cidr: '10.10.0.0/24', gateway: '10.10.0.1' },
 *   controlPlanes: [{ hostname: 'mgmt-cp-1', address: '10.10.0.11', machine: vm, linkSelector, dependsOn: [vm.resource] }],
 *   installerImage: image.installerImage,
 * });
 * // cluster.kubernetesClient feeds ClusterProviders; a Helm release on it dependsOn [cluster.health].
 * // cluster.kubeconfig and cluster.talosconfig are sensitive.
 */
export class TalosManagementCluster extends Construct implements IManagementCluster {
  public readonly clusterName: string;
  public readonly endpoint: string;
  public readonly kubernetesClient: KubernetesClientConfig;
  /** Control-plane addresses, in order. */
  public readonly controlPlaneAddresses: readonly string[];
  /** Worker addresses, in order. */
  public readonly workerAddresses: readonly string[];
  /** Machine secrets (main resource). */
  public readonly secrets: MachineSecrets;
  /** Generated control-plane config. */
  public readonly controlPlaneConfig: DataTalosMachineConfiguration;
  /** Generated worker config, when there are workers. */
  public readonly workerConfig: DataTalosMachineConfiguration | undefined;
  /** Per-node config applies, by hostname. */
  public readonly applies: ReadonlyMap<string, MachineConfigurationApply>;
  public readonly bootstrap: MachineBootstrap;
  /**
   * Waits until etcd is healthy with every control plane as a member, apid and kubelet run and every node finished
   * booting. Make the first thing that talks to the Kubernetes API depend on it.
   */
  public readonly health: DataTalosClusterHealth;
  public readonly kubeconfigResource: ClusterKubeconfig;
  public readonly clientConfiguration: DataTalosClientConfiguration;

  public constructor(scope: Construct, id: string, props: TalosManagementClusterProps) {
    super(scope, id);
    const workers = props.workers ?? [];
    const network = checkClusterInputs(this.node.path, {
      ...props,
      workers,
      talosVersion: props.talosVersion ?? TALOS_VERSION,
      kubernetesVersion: props.kubernetesVersion ?? KUBERNETES_VERSION,
    });
    const talosVersion = Version.from(props.talosVersion ?? TALOS_VERSION);
    const kubernetesVersion = Version.from(props.kubernetesVersion ?? KUBERNETES_VERSION);
    const cidr = `${formatIpv4(network.cidr.network)}/${network.prefixLength}`;

    this.clusterName = props.clusterName;
    this.endpoint = `https://${props.vip}:${KUBERNETES_API_PORT}`;
    this.controlPlaneAddresses = props.controlPlanes.map((n) => n.address);
    this.workerAddresses = workers.map((n) => n.address);

    this.secrets = new MachineSecrets(this, 'Resource', { talosVersion: talosVersion.tag });

    const common: TalosPatch[] = [
      cniNonePatch(),
      kubeProxyDisabledPatch(),
      kubePrismPatch({ port: props.kubePrismPort }),
      installPatch({ disk: props.installDisk ?? DEFAULT_INSTALL_DISK, image: props.installerImage }),
      nameserversPatch(network.dns),
      kubeletNodeIpPatch([cidr]),
    ];
    const scheduling = props.allowSchedulingOnControlPlanes ?? workers.length === 0;
    const machineSecrets = wholeObject<DataTalosMachineConfigurationMachineSecrets>(this.secrets.machineSecrets);
    const machineConfig = (configId: string, machineType: 'controlplane' | 'worker', patches: readonly TalosPatch[]) =>
      new DataTalosMachineConfiguration(this, configId, {
        clusterName: props.clusterName,
        clusterEndpoint: this.endpoint,
        machineType,
        machineSecrets,
        talosVersion: talosVersion.tag,
        kubernetesVersion: kubernetesVersion.bare,
        docs: false,
        examples: false,
        configPatches: patchesToYaml([
          ...patches,
          ...(props.extraPatches ?? []),
          ...(machineType === 'controlplane' ? (props.extraControlPlanePatches ?? []) : []),
        ]),
      });
    this.controlPlaneConfig = machineConfig(
      'ControlPlaneConfig',
      'controlplane',
      scheduling ? [...common, allowSchedulingOnControlPlanesPatch()] : common,
    );
    this.workerConfig = workers.length > 0 ? machineConfig('WorkerConfig', 'worker', common) : undefined;

    const clientConfiguration = wholeObject<ClientConfiguration>(this.secrets.clientConfiguration);
    const applies = new Map<string, MachineConfigurationApply>();
    const addApply = (node: TalosNode, config: DataTalosMachineConfiguration, controlPlane: boolean) => {
      const nodePatches: TalosPatch[] = [
        hostnamePatch(node.hostname),
        linkAliasPatch(node.linkSelector ?? LinkSelector.driver(VIRTIO_NET_DRIVER), DEFAULT_LINK_ALIAS),
        staticLinkPatch({ addresses: [`${node.address}/${network.prefixLength}`], gateway: network.gateway }),
        ...(controlPlane ? [layer2VipPatch(props.vip, DEFAULT_LINK_ALIAS)] : []),
        ...(node.extraPatches ?? []),
      ];
      const apply = new MachineConfigurationApply(new Construct(this, node.hostname), 'Apply', {
        nodeAttribute: node.address,
        endpoint: node.address,
        clientConfiguration,
        machineConfigurationInput: config.machineConfiguration,
        configPatches: patchesToYaml(nodePatches),
        dependsOn: [...(node.dependsOn ?? [])],
      });
      applies.set(node.hostname, apply);
    };
    props.controlPlanes.forEach((node) => addApply(node, this.controlPlaneConfig, true));
    workers.forEach((node) => addApply(node, this.workerConfig!, false));
    this.applies = applies;

    const first = props.controlPlanes[0];
    this.bootstrap = new MachineBootstrap(this, 'Bootstrap', {
      nodeAttribute: first.address,
      endpoint: first.address,
      clientConfiguration,
      dependsOn: [applies.get(first.hostname)!],
    });

    // `skip_kubernetes_checks`: the provider then runs Talos's pre-boot checks only (pkg/cluster/check
    // PreBootSequenceChecks). The full set also waits for every node to be Ready and CoreDNS to run, which never
    // happens before a CNI, and the CNI is what waits on this. Read at every plan: a plan while a node is down
    // waits up to the timeout and fails.
    this.health = new DataTalosClusterHealth(this, 'Health', {
      clientConfiguration,
      endpoints: [...this.controlPlaneAddresses],
      controlPlaneNodes: [...this.controlPlaneAddresses],
      workerNodes: [...this.workerAddresses],
      skipKubernetesChecks: true,
      timeouts: { read: HEALTH_WAIT_TIMEOUT },
      dependsOn: [this.bootstrap, ...applies.values()],
    });

    this.kubeconfigResource = new ClusterKubeconfig(this, 'Kubeconfig', {
      nodeAttribute: first.address,
      endpoint: first.address,
      clientConfiguration,
      dependsOn: [this.bootstrap],
    });

    this.clientConfiguration = new DataTalosClientConfiguration(this, 'ClientConfiguration', {
      clusterName: props.clusterName,
      clientConfiguration,
      endpoints: [...this.controlPlaneAddresses],
      nodes: [...this.controlPlaneAddresses, ...this.workerAddresses],
    });

    // Consumers are other stacks, which read these through `terraform_remote_state`. CDKTF marks the outputs of
    // stage 10 sensitive, but OpenTofu drops that mark when another state reads them (checked with OpenTofu 1.6.3:
    // a plain output of such a value prints it). `sensitive()` is evaluated in the consumer and marks them there.
    const k8s = this.kubeconfigResource.kubernetesClientConfiguration;
    this.kubernetesClient = {
      host: k8s.host,
      caCertificate: Fn.base64decode(k8s.caCertificate),
      clientCertificate: Token.asString(Fn.sensitive(Fn.base64decode(k8s.clientCertificate))),
      clientKey: Token.asString(Fn.sensitive(Fn.base64decode(k8s.clientKey))),
    };
  }

  /** The admin kubeconfig (sensitive). */
  public get kubeconfig(): string {
    return this.kubeconfigResource.kubeconfigRaw;
  }

  /** The talosconfig for `talosctl` (sensitive). */
  public get talosconfig(): string {
    return this.clientConfiguration.talosConfig;
  }
}

/** The client certificate triple every Talos resource takes (`client_configuration`). */
interface ClientConfiguration {
  readonly caCertificate: string;
  readonly clientCertificate: string;
  readonly clientKey: string;
}

/**
 * Passes a computed object attribute (e.g. `talos_machine_secrets.machine_secrets`) whole to another resource's
 * input of the same shape. The bindings type such inputs as plain structs, but accept any resolvable and render it as
 * the reference `${talos_machine_secrets.x.machine_secrets}`, which is what Terraform expects.
 */
function wholeObject<T>(reference: IResolvable): T {
  return reference as unknown as T;
}
