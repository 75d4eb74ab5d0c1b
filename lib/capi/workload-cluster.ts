import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import { cidrContains, formatIpv4, parseCidr, parseIpv4 } from '../core/net/ipv4';
import {
  DEFAULT_INSTALL_DISK,
  MAX_WORKLOAD_CLUSTER_NAME_LENGTH,
  controlPlaneCountProblems,
  dnsLabelProblems,
  machineSizeProblems,
  naming,
  releaseVersionProblems,
  talosKubernetesProblems,
  throwProblems,
} from '../core/rules';
import { CLUSTER_NAME_LABEL, DEPLOYMENT_NAME_LABEL, WORKLOAD_CLUSTER_LABEL } from './workload/api-groups';
import { addCluster } from './workload/cluster';
import { addClusterClassObjects } from './workload/cluster-class';
import type { TemplateReference } from './workload/cluster-class';
import { addMachineDeployment } from './workload/machine-deployment';
import { addMachineHealthCheck } from './workload/machine-health-check';
import { WorkloadClusterNames } from './workload/names';
import { addNamespace } from './workload/namespace';
import { addProxmoxCluster } from './workload/proxmox-cluster';
import { addProxmoxMachineTemplate, proxmoxMachineSpec } from './workload/proxmox-machine-template';
import { checkCapiReferences } from './workload/references';
import { addTalosConfigTemplate, workerTalosConfigSpec } from './workload/talos-config-template';
import { addTalosControlPlane } from './workload/talos-control-plane';
import { workloadTalosPatches } from './workload/talos-patches';
import { WorkloadClusterMode } from './workload-cluster-mode';

/** Longest cluster name (its Machine names must stay DNS labels); defined in lib/core/rules. */
export { MAX_WORKLOAD_CLUSTER_NAME_LENGTH };
/** Talos's default pod network (`talosctl gen config`), used by CABPT when the Cluster sets it. */
export const DEFAULT_POD_CIDRS: readonly string[] = ['10.244.0.0/16'];
/** Talos's default service network. */
export const DEFAULT_SERVICE_CIDRS: readonly string[] = ['10.96.0.0/12'];
/** Boot disk of the cloned VM: the Talos template's first SCSI disk (`scsi0`, the Proxmox default bus). */
export const DEFAULT_BOOT_DISK = 'scsi0';
/** CPU sockets per VM: one, so `cores` is the vCPU count. */
export const DEFAULT_SOCKETS = 1;
/**
 * Seconds a new Machine may take to get a Node: 15 minutes, Cluster API's default is 10. A full clone of the template
 * disk on slow storage plus the Talos boot takes longer than that.
 */
export const DEFAULT_NODE_STARTUP_TIMEOUT_SECONDS = 900;
/** Seconds a Node may be `Ready: Unknown/False` before its Machine is unhealthy (Cluster API book example: 300). */
export const DEFAULT_UNHEALTHY_TIMEOUT_SECONDS = 300;
/**
 * Remediation stops when more than this share of the workers is unhealthy: a network outage must not make Cluster
 * API replace every machine. Cluster API rounds the share down (`intstr.GetScaledValueFromIntOrPercent(..., false)`
 * in `getMaxUnhealthy`), so 40% of a pool of 1 or 2 is 0 machines and forbids every remediation: the default is
 * therefore a count, `defaultWorkerMaxUnhealthy(replicas)`, never below 1.
 */
export const DEFAULT_MAX_UNHEALTHY_PERCENT = 40;

/** The default worker threshold: 40% of the pool rounded down, at least 1 (one remediation at a time always works). */
export function defaultWorkerMaxUnhealthy(replicas: number): string {
  return String(Math.max(1, Math.floor((replicas * DEFAULT_MAX_UNHEALTHY_PERCENT) / 100)));
}

/** How many unhealthy machines of `replicas` a threshold (count or percentage) still remediates, as CAPI computes it. */
export function remediableMachines(maxUnhealthy: string, replicas: number): number {
  const percent = /^(\d+)%$/.exec(maxUnhealthy);
  return percent ? Math.floor((replicas * Number(percent[1])) / 100) : Number(maxUnhealthy);
}
/**
 * Addresses the pool needs beyond one per machine: one surge machine for a rolling update. Two rollouts at once (control
 * plane and workers) need one more; without it the second waits for an address, it does not fail.
 */
const ROLLOUT_SURGE_ADDRESSES = 1;

/** Size and count of one machine group. */
export interface MachineGroupOptions {
  /** Number of machines. Control planes: odd (etcd quorum). */
  readonly replicas: number;
  /** vCPU cores. */
  readonly cores: number;
  /** Memory in MiB. */
  readonly memoryMiB: number;
  /** Boot disk size in GiB (at least the template's disk; Proxmox cannot shrink). */
  readonly diskGiB: number;
}

/** The node network of a workload cluster. */
export interface WorkloadNetworkOptions {
  /** Proxmox bridge the VMs attach to, e.g. `vmbr0`. */
  readonly bridge: string;
  /**
   * VLAN tag.
   * @default - untagged
   */
  readonly vlan?: number;
  /** Node network, e.g. `10.30.0.0/24`. */
  readonly cidr: string;
  /** Default gateway, inside `cidr`, outside the pool. */
  readonly gateway: string;
  /** DNS servers the nodes use (at least one; CAPMOX requires it). */
  readonly dnsServers: readonly string[];
  /** Control-plane endpoint VIP: inside `cidr`, outside the pool. */
  readonly endpointVip: string;
  /** First address CAPMOX may give a node. */
  readonly ipPoolStart: string;
  /** Last address CAPMOX may give a node (inclusive). */
  readonly ipPoolEnd: string;
}

/** Where on Proxmox the machines are cloned. */
export interface ProxmoxPlacementOptions {
  /** Node that holds the Talos template. */
  readonly templateNode: string;
  /** VM ID of the Talos template. */
  readonly templateVmId: number;
  /** Proxmox nodes the VMs may be placed on (CAPMOX spreads them). */
  readonly allowedNodes: readonly string[];
  /**
   * Storage for the full clone.
   * @default - the template's storage
   */
  readonly datastore?: string;
  /**
   * VM IDs CAPMOX may use.
   * @default - the next free ID
   */
  readonly vmIdRange?: { readonly start: number; readonly end: number };
  /**
   * The template's boot disk, resized to `diskGiB`.
   * @default "scsi0"
   */
  readonly bootDisk?: string;
  /**
   * Whether the template runs the QEMU guest agent (the Image Factory schematic's `siderolabs/qemu-guest-agent`).
   * When false, CAPMOX skips its guest-agent check.
   * @default true
   */
  readonly qemuGuestAgent?: boolean;
}

/** MachineHealthCheck settings. */
export interface WorkloadHealthCheckOptions {
  /**
   * Seconds a new Machine may take to get a Node.
   * @default 900
   */
  readonly nodeStartupTimeoutSeconds?: number;
  /**
   * Seconds a Node may be `Ready: Unknown` or `Ready: False`.
   * @default 300
   */
  readonly unhealthyTimeoutSeconds?: number;
  /**
   * Most unhealthy workers (count or percentage, rounded down by Cluster API) at which remediation still runs. It
   * must allow at least one for the pool size.
   * @default - 40% of the workers rounded down, at least 1 (`defaultWorkerMaxUnhealthy`)
   */
  readonly maxUnhealthy?: string;
}

/** Constructs the cluster's objects go into; each becomes one file when it is a GitOpsChart. */
export interface WorkloadClusterCharts {
  /** Namespace, Cluster, ProxmoxCluster (ClusterClass mode: the topology Cluster). */
  readonly cluster: IConstruct;
  /** Control-plane machine template and TalosControlPlane. */
  readonly controlPlane: IConstruct;
  /** Worker machine template, TalosConfigTemplate and MachineDeployment. */
  readonly workers: IConstruct;
  /** The workers' MachineHealthCheck (ClusterClass mode: none, the class carries them). */
  readonly healthChecks: IConstruct;
  /** ClusterClass mode: the ClusterClass and ProxmoxClusterTemplate. */
  readonly clusterClass?: IConstruct;
}

/** Props of {@link WorkloadCluster}. */
export interface WorkloadClusterProps {
  /** Cluster name: a DNS label of at most 43 characters. */
  readonly clusterName: string;
  /**
   * Namespace of the cluster's objects on the management cluster.
   * @default - the cluster name
   */
  readonly namespace?: string;
  /** Kubernetes version without the leading `v`, e.g. `1.35.6`. */
  readonly kubernetesVersion: string;
  /** Talos version without the leading `v`, e.g. `1.13.9`. */
  readonly talosVersion: string;
  /** Control-plane machines (odd count). */
  readonly controlPlane: MachineGroupOptions;
  /** Worker machines (0 allowed: control planes then run workloads). */
  readonly workers: MachineGroupOptions;
  /** Node network, endpoint VIP and address pool. */
  readonly network: WorkloadNetworkOptions;
  /** Proxmox placement. */
  readonly proxmox: ProxmoxPlacementOptions;
  /**
   * Labels on the Cluster object (e.g. for an Argo CD ApplicationSet cluster generator).
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Pod networks.
   * @default ["10.244.0.0/16"]
   */
  readonly podCidrs?: readonly string[];
  /**
   * Service networks.
   * @default ["10.96.0.0/12"]
   */
  readonly serviceCidrs?: readonly string[];
  /**
   * Talos installer image (Image Factory, with the schematic's extensions), used for Talos upgrades of the nodes.
   * @default - CABPT's default installer (`ghcr.io/siderolabs/installer`), without extensions
   */
  readonly installerImage?: string;
  /**
   * Install disk inside the VM (only with `installerImage`).
   * @default DEFAULT_INSTALL_DISK - the first SCSI disk of a Proxmox VM
   */
  readonly installDisk?: string;
  /**
   * Extra Talos strategic-merge patches (YAML documents) for control planes, after the platform's own.
   * @default []
   */
  readonly extraControlPlanePatches?: readonly string[];
  /**
   * Extra Talos strategic-merge patches for workers, after the platform's own.
   * @default []
   */
  readonly extraWorkerPatches?: readonly string[];
  /**
   * Install the Talos cloud controller manager through machine config (kubelet `--cloud-provider=external` on every
   * node; on control planes `cluster.externalCloudProvider` with the CCM manifest pinned to `TALOS_CCM_VERSION`, and
   * Talos API access `os:reader` from `kube-system`). It sets `Node.spec.providerID` (`proxmox://<uuid>`) from the
   * nocloud metadata CAPMOX writes, which Cluster API needs to link each Machine to its Node. The control planes
   * fetch the manifest from GitHub when they bootstrap. Turn off only when another cloud controller manager sets the
   * provider IDs (add it through the extra patches); without one, Machines never get a Node reference.
   * @default true
   */
  readonly cloudControllerManager?: boolean;
  /**
   * Settings of the workers' MachineHealthCheck.
   * @default - 900 s node startup, 300 s unhealthy, 40% of the workers (at least 1) max unhealthy
   */
  readonly healthChecks?: WorkloadHealthCheckOptions;
  /**
   * Expanded objects or ClusterClass.
   * @default WorkloadClusterMode.expanded()
   */
  readonly mode?: WorkloadClusterMode;
  /**
   * Where each group of objects goes.
   * @default - every object in the chart that contains this construct
   */
  readonly charts?: WorkloadClusterCharts;
  /**
   * Emit the Namespace object. Turn off when something else creates it (e.g. Helm's `create_namespace`).
   * @default true
   */
  readonly includeNamespace?: boolean;
}

/**
 * A Talos workload cluster on Proxmox, as the Cluster API objects the management cluster reconciles.
 *
 * Expanded (default): Namespace, `Cluster` (v1beta2), `ProxmoxCluster` (v1alpha2, whose `ipv4Config` is the node
 * address pool CAPMOX turns into an `InClusterIPPool`), `ProxmoxMachineTemplate` for control planes and workers,
 * `TalosControlPlane` (CACPPT), `TalosConfigTemplate` + `MachineDeployment` for workers, and a `MachineHealthCheck`
 * for the workers. No health check covers the control planes: Cluster API hands a control-plane Machine's
 * remediation to its owner (`OwnerRemediated`), and CACPPT implements none, so such a check would only mark
 * Machines and never replace one. Talos config comes from the platform's patch builders (the management cluster's).
 * Machine templates are named after their content (see {@link WorkloadClusterNames}). The `Cluster` carries
 * `talos-platform-cdk.dev/workload-cluster: <name>`, which its Cilium `HelmChartProxy` selects.
 *
 * Whole-tree validation: every reference resolves inside the emitted set, and the control plane and workers run the
 * cluster's Kubernetes version.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { WorkloadCluster } from 'talos-platform-cdk/capi';
 *
 * new WorkloadCluster(new Chart(new App(), 'prod'), 'prod', {
 *   clusterName: 'prod', kubernetesVersion: '1.35.6', talosVersion: '1.13.9',
 *   controlPlane: { replicas: 3, cores: 2, memoryMiB: 4096, diskGiB: 20 },
 *   workers: { replicas: 2, cores: 4, memoryMiB: 8192, diskGiB: 50 },
 *   network: { bridge: 'vmbr0', cidr: '10.30.0.0/24', gateway: '10.30.0.1', dnsServers: ['10.30.0.1'],
 *     endpointVip: '10.30.0.10', ipPoolStart: '10.30.0.100', ipPoolEnd: '10.30.0.150' },
 *   proxmox: { templateNode: 'pve1', templateVmId: 9000, allowedNodes: ['pve1', 'pve2'] },
 * });
 */
export class WorkloadCluster extends Construct {
  /** Cluster name. */
  public readonly clusterName: string;
  /** Namespace of the objects. */
  public readonly namespace: string;
  /** Kubernetes version with the leading `v`, as the objects carry it. */
  public readonly kubernetesVersion: string;
  /** Object names. */
  public readonly names: WorkloadClusterNames;
  /** Every object this construct emitted, in order. */
  public readonly objects: readonly ApiObject[];

  private readonly external: string[] = [];

  public constructor(scope: Construct, id: string, props: WorkloadClusterProps) {
    super(scope, id);
    this.validateProps(props);
    this.clusterName = props.clusterName;
    this.namespace = props.namespace ?? props.clusterName;
    this.kubernetesVersion = `v${props.kubernetesVersion}`;
    this.names = new WorkloadClusterNames(props.clusterName);
    const mode = props.mode ?? WorkloadClusterMode.expanded();
    const network = props.network;
    const cidr = parseCidr(network.cidr)!;
    const ns = this.namespace;
    const names = this.names;
    const labels = { ...(props.labels ?? {}), [WORKLOAD_CLUSTER_LABEL]: props.clusterName };
    const podCidrs = props.podCidrs ?? DEFAULT_POD_CIDRS;
    const serviceCidrs = props.serviceCidrs ?? DEFAULT_SERVICE_CIDRS;
    const talosVersion = `v${props.talosVersion}`;
    const health = {
      nodeStartupTimeoutSeconds: props.healthChecks?.nodeStartupTimeoutSeconds ?? DEFAULT_NODE_STARTUP_TIMEOUT_SECONDS,
      unhealthyTimeoutSeconds: props.healthChecks?.unhealthyTimeoutSeconds ?? DEFAULT_UNHEALTHY_TIMEOUT_SECONDS,
      maxUnhealthy: props.healthChecks?.maxUnhealthy ?? defaultWorkerMaxUnhealthy(props.workers.replicas),
    };

    const group = (slot: IConstruct | undefined, groupId: string): Construct =>
      slot === undefined ? new Construct(this, groupId) : new Construct(slot as Construct, this.node.id);
    const charts = props.charts;
    const clusterScope = group(charts?.cluster, 'Cluster');
    const controlPlaneScope = group(charts?.controlPlane, 'ControlPlane');
    const workersScope = group(charts?.workers, 'Workers');

    const patches = workloadTalosPatches({
      nodeCidr: `${formatIpv4(cidr.network)}/${cidr.prefix}`,
      endpointVip: network.endpointVip,
      controlPlanesRunWorkloads: props.workers.replicas === 0,
      install: props.installerImage ? { disk: props.installDisk ?? DEFAULT_INSTALL_DISK, image: props.installerImage } : undefined,
      cloudControllerManager: props.cloudControllerManager ?? true,
    });
    const machineBase = {
      sourceNode: props.proxmox.templateNode,
      templateVmId: props.proxmox.templateVmId,
      allowedNodes: props.proxmox.allowedNodes,
      sockets: DEFAULT_SOCKETS,
      bootDisk: props.proxmox.bootDisk ?? DEFAULT_BOOT_DISK,
      bridge: network.bridge,
      vlan: network.vlan,
      datastore: props.proxmox.datastore,
      vmIdRange: props.proxmox.vmIdRange,
      qemuGuestAgent: props.proxmox.qemuGuestAgent ?? true,
    };
    const cpMachineSpec = proxmoxMachineSpec({ ...machineBase, ...props.controlPlane });
    const workerMachineSpec = proxmoxMachineSpec({ ...machineBase, ...props.workers });
    const workerConfigSpec = workerTalosConfigSpec(talosVersion, [...patches.worker, ...(props.extraWorkerPatches ?? [])]);
    const cpMachineTemplateName = names.controlPlaneMachineTemplate(cpMachineSpec);
    const workerMachineTemplateName = names.workerMachineTemplate(workerMachineSpec);
    const workerConfigTemplateName = names.workerConfigTemplate(workerConfigSpec);
    const networkSpec = {
      endpointVip: network.endpointVip,
      ipRange: `${network.ipPoolStart}-${network.ipPoolEnd}`,
      prefixLength: cidr.prefix,
      gateway: network.gateway,
      dnsServers: network.dnsServers,
      allowedNodes: props.proxmox.allowedNodes,
    };

    const objects: ApiObject[] = [];
    if (props.includeNamespace ?? true) objects.push(addNamespace(clusterScope, 'Namespace', ns, {}));

    if (mode.isClusterClass) {
      const template = mode.controlPlaneTemplate;
      objects.push(
        addProxmoxMachineTemplate(controlPlaneScope, 'MachineTemplate', cpMachineTemplateName, ns, cpMachineSpec),
        addProxmoxMachineTemplate(workersScope, 'MachineTemplate', workerMachineTemplateName, ns, workerMachineSpec),
        addTalosConfigTemplate(workersScope, 'TalosConfigTemplate', workerConfigTemplateName, ns, workerConfigSpec),
      );
      if (template === undefined) {
        this.node.addValidation({
          validate: () => [
            `cluster "${this.clusterName}" asks for the ClusterClass mode (clusterClass: true) without a control-plane ` +
              'template. A ClusterClass needs a control-plane template kind, and the Talos control-plane provider ' +
              '(CACPPT) has none: there is no TalosControlPlaneTemplate. Expected: clusterClass: false (the expanded ' +
              'objects, which work with CACPPT), or WorkloadClusterMode.clusterClass({apiVersion, kind, name}) naming ' +
              "the template of a control-plane provider that ships one. See docs/clusters.md, 'ClusterClass mode'.",
          ],
        });
      } else {
        this.external.push(`${template.kind}/${ns}/${template.name}`);
        const classScope = charts?.clusterClass === undefined ? new Construct(this, 'ClusterClass') : new Construct(charts.clusterClass as Construct, this.node.id);
        const created = addClusterClassObjects(classScope, {
          className: `${props.clusterName}-class`,
          clusterName: props.clusterName,
          namespace: ns,
          labels,
          podCidrs,
          serviceCidrs,
          kubernetesVersion: this.kubernetesVersion,
          controlPlaneReplicas: props.controlPlane.replicas,
          workerReplicas: props.workers.replicas,
          controlPlaneTemplate: template,
          controlPlaneMachineTemplateName: cpMachineTemplateName,
          workerMachineTemplateName,
          workerConfigTemplateName,
          infrastructureTemplateName: props.clusterName,
          network: networkSpec,
          healthCheck: health,
        });
        objects.push(created.template, created.clusterClass);
        // The topology Cluster belongs with the cluster's other top-level objects.
        objects.push(created.cluster);
      }
    } else {
      const healthScope = group(charts?.healthChecks, 'HealthChecks');
      objects.push(
        addCluster(clusterScope, 'Resource', {
          name: props.clusterName,
          namespace: ns,
          labels,
          podCidrs,
          serviceCidrs,
          controlPlaneName: names.controlPlane,
          infrastructureName: names.proxmoxCluster,
        }),
        addProxmoxCluster(clusterScope, 'ProxmoxCluster', { name: names.proxmoxCluster, namespace: ns, ...networkSpec }),
        addProxmoxMachineTemplate(controlPlaneScope, 'MachineTemplate', cpMachineTemplateName, ns, cpMachineSpec),
        addTalosControlPlane(controlPlaneScope, 'TalosControlPlane', {
          name: names.controlPlane,
          namespace: ns,
          replicas: props.controlPlane.replicas,
          kubernetesVersion: this.kubernetesVersion,
          talosVersion,
          machineTemplateName: cpMachineTemplateName,
          strategicPatches: [...patches.controlPlane, ...(props.extraControlPlanePatches ?? [])],
        }),
        addProxmoxMachineTemplate(workersScope, 'MachineTemplate', workerMachineTemplateName, ns, workerMachineSpec),
        addTalosConfigTemplate(workersScope, 'TalosConfigTemplate', workerConfigTemplateName, ns, workerConfigSpec),
        addMachineDeployment(workersScope, 'MachineDeployment', {
          name: names.workers,
          namespace: ns,
          clusterName: props.clusterName,
          replicas: props.workers.replicas,
          kubernetesVersion: this.kubernetesVersion,
          configTemplateName: workerConfigTemplateName,
          machineTemplateName: workerMachineTemplateName,
        }),
        addMachineHealthCheck(healthScope, 'Workers', {
          name: names.workersHealthCheck,
          namespace: ns,
          clusterName: props.clusterName,
          matchLabels: { [CLUSTER_NAME_LABEL]: props.clusterName, [DEPLOYMENT_NAME_LABEL]: names.workers },
          ...health,
        }),
      );
    }
    this.objects = objects;
    this.node.addValidation({ validate: () => this.smokeCheck() });
  }

  /** The rendered objects (after escape-hatch overrides), e.g. for checks over several clusters. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered objects are untyped JSON
  public renderObjects(): Array<Record<string, any>> {
    return this.objects.map((o) => o.toJson());
  }

  private smokeCheck(): string[] {
    const manifests = this.renderObjects();
    const problems = checkCapiReferences(manifests, { external: this.external }).map((p) => `cluster "${this.clusterName}": ${p}`);
    for (const m of manifests) {
      const version = m.kind === 'TalosControlPlane' ? m.spec?.version : m.kind === 'MachineDeployment' ? m.spec?.template?.spec?.version : m.kind === 'Cluster' ? m.spec?.topology?.version : undefined;
      if (version !== undefined && version !== this.kubernetesVersion) {
        problems.push(
          `cluster "${this.clusterName}": ${m.kind} ${m.metadata.name} runs Kubernetes ${version}, the cluster's ` +
            `version is ${this.kubernetesVersion}. Expected the same version (with the leading "v") everywhere.`,
        );
      }
      if (m.metadata?.namespace !== undefined && m.metadata.namespace !== this.namespace) {
        problems.push(`cluster "${this.clusterName}": ${m.kind} ${m.metadata.name} is in namespace ${m.metadata.namespace}, expected ${this.namespace}.`);
      }
    }
    return problems;
  }

  private validateProps(p: WorkloadClusterProps): void {
    const fail = (what: string, expected: string, fix: string): never => {
      throw new Error(`${this.node.path}: ${what}. Expected ${expected}. Fix: ${fix}.`);
    };
    // The platform rules (lib/core/rules), the same the spec checks run, all reported at once.
    const versionFormat = [
      ...releaseVersionProblems('kubernetesVersion', p.kubernetesVersion),
      ...releaseVersionProblems('talosVersion', p.talosVersion),
    ];
    throwProblems(this.node.path, [
      ...dnsLabelProblems('clusterName', p.clusterName, MAX_WORKLOAD_CLUSTER_NAME_LENGTH, 'Machine names add 20'),
      ...(p.namespace === undefined ? [] : dnsLabelProblems('namespace', p.namespace)),
      ...(versionFormat.length > 0 ? versionFormat : talosKubernetesProblems(p.talosVersion, p.kubernetesVersion)),
      ...naming('controlPlane.replicas', controlPlaneCountProblems(p.controlPlane.replicas)),
      ...naming('controlPlane', machineSizeProblems('controlplane', p.controlPlane)),
      ...(p.workers.replicas > 0 ? naming('workers', machineSizeProblems('worker', p.workers)) : []),
    ]);
    if (!Number.isInteger(p.workers.replicas) || p.workers.replicas < 0) {
      fail(`workers.replicas is ${p.workers.replicas}`, 'an integer of 0 or more', 'set the worker count');
    }
    const n = p.network;
    const cidr = parseCidr(n.cidr);
    if (cidr === undefined || cidr.address !== cidr.network) fail(`network.cidr "${n.cidr}" is not a network`, 'CIDR form with host bits clear, e.g. 10.30.0.0/24', 'fix network.cidr');
    const c = cidr!;
    const addr = (field: string, value: string): number => {
      const v = parseIpv4(value);
      if (v === undefined) return fail(`network.${field} "${value}" is not an IPv4 address`, 'a dotted quad', `fix network.${field}`);
      if (!cidrContains(c, v)) fail(`network.${field} ${value} is outside ${n.cidr}`, `an address inside ${n.cidr}`, `fix network.${field}`);
      return v;
    };
    const start = addr('ipPoolStart', n.ipPoolStart);
    const end = addr('ipPoolEnd', n.ipPoolEnd);
    const vip = addr('endpointVip', n.endpointVip);
    const gateway = addr('gateway', n.gateway);
    if (start > end) fail(`network.ipPoolStart ${n.ipPoolStart} is after ipPoolEnd ${n.ipPoolEnd}`, 'start <= end', 'swap them');
    if (vip >= start && vip <= end) fail(`network.endpointVip ${n.endpointVip} is inside the pool ${n.ipPoolStart}-${n.ipPoolEnd}`, 'the VIP outside the pool (CAPMOX rejects it)', 'move the VIP or shrink the pool');
    if (gateway >= start && gateway <= end) fail(`network.gateway ${n.gateway} is inside the pool ${n.ipPoolStart}-${n.ipPoolEnd}`, 'the gateway outside the pool', 'shrink the pool');
    const needed = p.controlPlane.replicas + p.workers.replicas + ROLLOUT_SURGE_ADDRESSES;
    if (end - start + 1 < needed) {
      fail(
        `the pool ${n.ipPoolStart}-${n.ipPoolEnd} has ${end - start + 1} addresses for ${p.controlPlane.replicas + p.workers.replicas} machines`,
        `at least ${needed} (one per machine and ${ROLLOUT_SURGE_ADDRESSES} for rolling updates)`,
        'widen the pool',
      );
    }
    if (n.dnsServers.length === 0) fail('network.dnsServers is empty', 'at least one DNS server (CAPMOX requires it)', 'add a DNS server');
    n.dnsServers.forEach((d, i) => parseIpv4(d) === undefined && fail(`network.dnsServers[${i}] "${d}" is not an IPv4 address`, 'a dotted quad', 'fix the DNS server'));
    if (n.vlan !== undefined && (!Number.isInteger(n.vlan) || n.vlan < 1 || n.vlan > 4094)) fail(`network.vlan is ${n.vlan}`, '1 to 4094', 'fix the VLAN tag');
    const maxUnhealthy = p.healthChecks?.maxUnhealthy;
    if (maxUnhealthy !== undefined) {
      if (!/^(\d+%?)$/.test(maxUnhealthy)) fail(`healthChecks.maxUnhealthy "${maxUnhealthy}" is not a count or a percentage`, 'e.g. "1" or "40%"', 'fix healthChecks.maxUnhealthy');
      if (p.workers.replicas > 0 && remediableMachines(maxUnhealthy, p.workers.replicas) < 1) {
        fail(
          `healthChecks.maxUnhealthy "${maxUnhealthy}" of ${p.workers.replicas} workers is 0 machines (Cluster API rounds down), so no worker would ever be remediated`,
          'a threshold of at least 1 machine for the pool size',
          `use "1", or a percentage of at least ${Math.ceil(100 / p.workers.replicas)}%`,
        );
      }
    }
    if (p.proxmox.allowedNodes.length === 0) fail('proxmox.allowedNodes is empty', 'at least one Proxmox node', 'list the nodes VMs may run on');
    if (!Number.isInteger(p.proxmox.templateVmId) || p.proxmox.templateVmId < 100) fail(`proxmox.templateVmId is ${p.proxmox.templateVmId}`, 'a Proxmox VM ID (100 or more)', 'set the Talos template VM ID');
    const range2 = p.proxmox.vmIdRange;
    if (range2 !== undefined && (range2.start < 100 || range2.end < range2.start)) fail(`proxmox.vmIdRange ${range2.start}-${range2.end} is invalid`, 'start >= 100 and end >= start', 'fix the range');
  }
}

/** Whether a construct is a {@link WorkloadCluster}. */
export function isWorkloadCluster(x: unknown): x is WorkloadCluster {
  return x instanceof WorkloadCluster;
}

export { WorkloadClusterMode };
export type { TemplateReference };
