import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { parseCidr } from '../core/net/ipv4';
import { GitOpsChart } from '../core/synth/gitops-chart';
import { Version } from '../core/rules/version';
import { renderedJson } from '../core/synth/render-memo';
import { WORKLOAD_CLUSTER_LABEL } from './workload/api-groups';
import { addCluster } from './workload/cluster';
import { addClusterClassObjects } from './workload/cluster-class';
import type { TemplateReference } from './workload/cluster-class';
import { workerClassesOf } from './workload/cluster-class-workers';
import type { ClusterClassPool } from './workload/cluster-class-workers';
import { DEFAULT_WORKER_POOL, WorkloadClusterNames } from './workload/names';
import { addNamespace } from './workload/namespace';
import { addProxmoxCluster } from './workload/proxmox-cluster';
import { addProxmoxMachineTemplate, proxmoxMachineSpec } from './workload/proxmox-machine-template';
import { checkCapiReferences } from './workload/references';
import { addTalosConfigTemplate } from './workload/talos-config-template';
import { addTalosControlPlane } from './workload/talos-control-plane';
import { workloadTalosPatches } from './workload/talos-patches';
import { WorkerPool, workerPoolTemplateSpecs } from './worker-pool';
import type { ResolvedWorkerPool, WorkerPoolContext } from './worker-pool';
import type { WorkerPoolOptions } from './worker-pool-options';
import { DEFAULT_BOOT_DISK, DEFAULT_SOCKETS, defaultWorkerMaxUnhealthy } from './workload-cluster-defaults';
import { WorkloadClusterMode } from './workload-cluster-mode';
import type { WorkloadClusterOutputFiles, WorkloadClusterProps } from './workload-cluster-props';
import { resolveWorkerPool, resolveWorkloadClusterProps } from './workload-cluster-resolve';
import type { ResolvedWorkloadClusterProps } from './workload-cluster-resolve';
import { validateWorkerPool, validateWorkloadClusterProps } from './workload-cluster-validation';

/**
 * A Talos workload cluster on Proxmox, as the Cluster API objects the management cluster reconciles.
 *
 * Expanded (default): Namespace, `Cluster` (v1beta2), `ProxmoxCluster` (v1alpha2, whose `ipv4Config` is the node
 * address pool CAPMOX turns into an `InClusterIPPool`), `ProxmoxMachineTemplate` + `TalosControlPlane` (CACPPT) for
 * the control planes, and per worker pool ({@link WorkerPool}: the default `workers` and each `addWorkerPool`) a
 * `ProxmoxMachineTemplate`, `TalosConfigTemplate`, `MachineDeployment` and `MachineHealthCheck`. No health check
 * covers the control planes: Cluster API hands a control-plane Machine's remediation to its owner
 * (`OwnerRemediated`), and CACPPT implements none, so such a check would only mark Machines and never replace one.
 * Talos config comes from the platform's patch builders (the management cluster's). Machine templates are named
 * after their content (see {@link WorkloadClusterNames}). The `Cluster` carries
 * `talos-platform-cdk.dev/workload-cluster: <name>`, which its Cilium `HelmChartProxy` selects.
 *
 * The construct owns every object: its children are the groups `Cluster` (the default child, whose `Resource` is
 * the Cluster object, so `ApiObject.of(cluster)` is the `Cluster`), `ControlPlane`, `Workers`, `HealthChecks` and in
 * ClusterClass mode `ClusterClass`. With `outputFiles` each group is a `GitOpsChart` written to its own file.
 *
 * Every default is the YAML's (lib/core/spec/defaults.ts). Whole-tree validation: every reference resolves inside
 * the emitted set, and the control plane and workers run the cluster's Kubernetes version.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { WorkloadCluster } from 'talos-platform-cdk/capi';
 *
 * const prod = new WorkloadCluster(new Chart(new App(), 'prod'), 'prod', {
 *   clusterName: 'prod',
 *   workers: { count: 2 },
 *   network: { bridge: 'vmbr0', cidr: '10.30.0.0/24', endpointVip: '10.30.0.10',
 *     ipPool: { start: '10.30.0.100', end: '10.30.0.150' } },
 *   placement: { nodes: ['pve1', 'pve2'], template: { node: 'pve1', vmId: 9000 } },
 * });
 * prod.addWorkerPool('Gpu', { name: 'gpu', count: 1, memoryMiB: 32768,
 *   labels: { 'node-role.kubernetes.io/gpu': '' }, taints: [{ key: 'gpu', effect: 'NoSchedule' }] });
 */
export class WorkloadCluster extends Construct {
  /** Returns true if `x` is a WorkloadCluster. */
  public static isWorkloadCluster(x: unknown): x is WorkloadCluster {
    return x instanceof WorkloadCluster;
  }

  /** Cluster name. */
  public readonly clusterName: string;
  /** Namespace of the objects. */
  public readonly namespace: string;
  /** Kubernetes version with the leading `v`, as the objects carry it. */
  public readonly kubernetesVersion: string;
  /** Object names. */
  public readonly names: WorkloadClusterNames;

  private readonly resolved: ResolvedWorkloadClusterProps;
  private readonly external: string[] = [];
  private readonly pools: WorkerPool[] = [];
  private readonly poolSpecs: ResolvedWorkerPool[] = [];
  private readonly poolContext: WorkerPoolContext | undefined;
  private readonly workersScope: Construct;
  private readonly controlPlanesRunWorkloads: boolean;

  public constructor(scope: Construct, id: string, props: WorkloadClusterProps) {
    super(scope, id);
    const r = resolveWorkloadClusterProps(props);
    validateWorkloadClusterProps(this.node.path, r);
    this.resolved = r;
    this.clusterName = r.clusterName;
    this.namespace = r.namespace;
    this.kubernetesVersion = Version.from(r.kubernetesVersion).tag;
    this.names = new WorkloadClusterNames(r.clusterName);
    const mode = props.mode ?? WorkloadClusterMode.expanded();
    const ns = this.namespace;
    const names = this.names;
    const network = r.network;
    const cidr = parseCidr(network.cidr)!;
    const labels = { ...r.labels, [WORKLOAD_CLUSTER_LABEL]: r.clusterName };
    const talosVersion = Version.from(r.talosVersion).tag;

    const clusterScope = this.group('Cluster', props.outputFiles?.cluster);
    const controlPlaneScope = this.group('ControlPlane', props.outputFiles?.controlPlane);
    this.workersScope = this.group('Workers', props.outputFiles?.workers);
    this.node.defaultChild = clusterScope;

    this.controlPlanesRunWorkloads = r.workerPools.every((p) => p.count === 0);
    const patches = workloadTalosPatches({
      nodeCidr: network.cidr,
      endpointVip: network.endpointVip,
      controlPlanesRunWorkloads: this.controlPlanesRunWorkloads,
      install: r.installerImage ? { disk: r.installDisk, image: r.installerImage } : undefined,
      cloudControllerManager: r.cloudControllerManager,
    });
    const machineBase = {
      sourceNode: r.placement.template.node,
      templateVmId: r.placement.template.vmId,
      allowedNodes: r.placement.nodes,
      sockets: DEFAULT_SOCKETS,
      bootDisk: r.placement.bootDisk ?? DEFAULT_BOOT_DISK,
      bridge: network.bridge,
      vlan: network.vlan,
      datastore: r.placement.datastore,
      vmIdRange: r.placement.vmIdRange,
      qemuGuestAgent: r.placement.qemuGuestAgent ?? true,
    };
    const cpMachineSpec = proxmoxMachineSpec({ ...machineBase, ...r.controlPlane });
    const cpMachineTemplateName = names.controlPlaneMachineTemplate(cpMachineSpec);
    const networkSpec = {
      endpointVip: network.endpointVip,
      ipRange: `${network.ipPool.start}-${network.ipPool.end}`,
      prefixLength: cidr.prefix,
      gateway: network.gateway,
      dnsServers: network.dns,
      allowedNodes: r.placement.nodes,
    };

    if (r.includeNamespace) addNamespace(clusterScope, 'Namespace', ns, {});

    const templateContext = {
      machineBase,
      talosVersion,
      workerPatches: patches.worker,
      extraWorkerPatches: r.extraWorkerPatches,
    };
    if (mode.isClusterClass) {
      this.addClusterClass(mode.controlPlaneTemplate, props.outputFiles, {
        clusterScope,
        controlPlaneScope,
        labels,
        cpMachineSpec,
        cpMachineTemplateName,
        pools: r.workerPools.map((pool) => ({
          name: pool.name,
          replicas: pool.count,
          labels: pool.labels,
          ...workerPoolTemplateSpecs(pool, templateContext),
          maxUnhealthy: r.healthChecks.maxUnhealthy ?? defaultWorkerMaxUnhealthy(pool.count),
          rollout: pool.rollout,
        })),
        networkSpec,
      });
    } else {
      addCluster(clusterScope, 'Resource', {
        name: r.clusterName,
        namespace: ns,
        labels,
        podCidrs: r.podCidrs,
        serviceCidrs: r.serviceCidrs,
        controlPlaneName: names.controlPlane,
        infrastructureName: names.proxmoxCluster,
      });
      addProxmoxCluster(clusterScope, 'ProxmoxCluster', { name: names.proxmoxCluster, namespace: ns, ...networkSpec });
      addProxmoxMachineTemplate(controlPlaneScope, 'MachineTemplate', cpMachineTemplateName, ns, cpMachineSpec);
      addTalosControlPlane(controlPlaneScope, 'TalosControlPlane', {
        name: names.controlPlane,
        namespace: ns,
        replicas: r.controlPlane.count,
        kubernetesVersion: this.kubernetesVersion,
        talosVersion,
        machineTemplateName: cpMachineTemplateName,
        strategicPatches: [...patches.controlPlane, ...r.extraControlPlanePatches],
      });
      this.poolContext = {
        ...templateContext,
        clusterName: r.clusterName,
        namespace: ns,
        names,
        kubernetesVersion: this.kubernetesVersion,
        healthCheck: {
          nodeStartupTimeoutSeconds: r.healthChecks.nodeStartupTimeoutSeconds,
          unhealthyTimeoutSeconds: r.healthChecks.unhealthyTimeoutSeconds,
          maxUnhealthy: (count) => r.healthChecks.maxUnhealthy ?? defaultWorkerMaxUnhealthy(count),
        },
        healthCheckScope: this.group('HealthChecks', props.outputFiles?.healthChecks),
      };
      r.workerPools.forEach((pool, i) =>
        this.createPool(i === 0 ? 'Workers' : poolId(props.workerPools?.[i - 1]), pool),
      );
    }
    this.node.addValidation({ validate: () => this.smokeCheck() });
  }

  /** Every API object of this cluster, in construct order (what `Node.of(cluster).findAll()` sees). */
  public get objects(): readonly ApiObject[] {
    return this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  }

  /** The worker pools, the default `workers` first. */
  public get workerPools(): readonly WorkerPool[] {
    return [...this.pools];
  }

  /**
   * Adds a worker pool: its own machine template, Talos config template, MachineDeployment and MachineHealthCheck,
   * with the pool's size, labels and taints. Throws when the options are invalid or the node address pool has no
   * room for the new machines.
   */
  public addWorkerPool(id: string, options: WorkerPoolOptions): WorkerPool {
    if (this.poolContext === undefined) {
      throw new Error(
        `${this.node.path}: addWorkerPool("${id}") on a cluster in the ClusterClass mode. Expected the pools at ` +
          'construction: the ClusterClass and its topology are written then, with a class per pool template. Fix: ' +
          'pass the pool in the workerPools prop, or use WorkloadClusterMode.expanded().',
      );
    }
    const pool = resolveWorkerPool(options);
    validateWorkerPool(`${this.node.path}/${id}`, this.resolved, [...this.poolSpecs, pool], pool);
    return this.createPool(id, pool);
  }

  /** The rendered objects (after escape-hatch overrides), e.g. for checks over several clusters. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered objects are untyped JSON
  public renderObjects(): Array<Record<string, any>> {
    return this.objects.map((o) => o.toJson());
  }

  private createPool(id: string, pool: ResolvedWorkerPool): WorkerPool {
    const created = new WorkerPool(this.workersScope, id, pool, this.poolContext!);
    this.pools.push(created);
    this.poolSpecs.push(pool);
    return created;
  }

  /** A child group: a plain construct, or a GitOpsChart when the group has its own file. */
  private group(id: string, outputPath: string | undefined): Construct {
    return outputPath === undefined ? new Construct(this, id) : new GitOpsChart(this, id, { outputPath });
  }

  private addClusterClass(
    template: TemplateReference | undefined,
    files: WorkloadClusterOutputFiles | undefined,
    o: {
      clusterScope: Construct;
      controlPlaneScope: Construct;
      labels: Record<string, string>;
      cpMachineSpec: ReturnType<typeof proxmoxMachineSpec>;
      cpMachineTemplateName: string;
      pools: readonly ClusterClassPool[];
      networkSpec: Parameters<typeof addClusterClassObjects>[2]['network'];
    },
  ): void {
    const r = this.resolved;
    const ns = this.namespace;
    const { classes, topologies } = workerClassesOf(o.pools, this.names);
    addProxmoxMachineTemplate(o.controlPlaneScope, 'MachineTemplate', o.cpMachineTemplateName, ns, o.cpMachineSpec);
    classes.forEach((c, i) => {
      // The default pool's class keeps the ids it always had; each other class gets a scope named after its pool.
      const scope = i === 0 ? this.workersScope : new Construct(this.workersScope, poolId(c.class));
      addProxmoxMachineTemplate(scope, 'MachineTemplate', c.machineTemplateName, ns, c.machineSpec);
      addTalosConfigTemplate(scope, 'TalosConfigTemplate', c.configTemplateName, ns, c.configSpec);
    });
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
      return;
    }
    this.external.push(`${template.kind}/${ns}/${template.name}`);
    addClusterClassObjects(this.group('ClusterClass', files?.clusterClass), o.clusterScope, {
      className: `${r.clusterName}-class`,
      clusterName: r.clusterName,
      namespace: ns,
      labels: o.labels,
      podCidrs: r.podCidrs,
      serviceCidrs: r.serviceCidrs,
      kubernetesVersion: this.kubernetesVersion,
      controlPlaneReplicas: r.controlPlane.count,
      controlPlaneTemplate: template,
      controlPlaneMachineTemplateName: o.cpMachineTemplateName,
      workerClasses: classes,
      workerTopologies: topologies,
      infrastructureTemplateName: r.clusterName,
      network: o.networkSpec,
      healthCheck: {
        nodeStartupTimeoutSeconds: r.healthChecks.nodeStartupTimeoutSeconds,
        unhealthyTimeoutSeconds: r.healthChecks.unhealthyTimeoutSeconds,
        maxUnhealthy: o.pools[0].maxUnhealthy,
      },
    });
  }

  private smokeCheck(): string[] {
    // The synth's writer renders the same objects right after validation: share that rendering.
    const manifests = this.objects.map(renderedJson);
    const problems = checkCapiReferences(manifests, { external: this.external }).map(
      (p) => `cluster "${this.clusterName}": ${p}`,
    );
    for (const m of manifests) {
      const version =
        m.kind === 'TalosControlPlane'
          ? m.spec?.version
          : m.kind === 'MachineDeployment'
            ? m.spec?.template?.spec?.version
            : m.kind === 'Cluster'
              ? m.spec?.topology?.version
              : undefined;
      if (version !== undefined && version !== this.kubernetesVersion) {
        problems.push(
          `cluster "${this.clusterName}": ${m.kind} ${m.metadata.name} runs Kubernetes ${version}, the cluster's ` +
            `version is ${this.kubernetesVersion}. Expected the same version (with the leading "v") everywhere.`,
        );
      }
      if (m.metadata?.namespace !== undefined && m.metadata.namespace !== this.namespace) {
        problems.push(
          `cluster "${this.clusterName}": ${m.kind} ${m.metadata.name} is in namespace ${m.metadata.namespace}, expected ${this.namespace}.`,
        );
      }
    }
    if (this.controlPlanesRunWorkloads && this.poolSpecs.some((p) => p.count > 0)) {
      problems.push(
        `cluster "${this.clusterName}" was constructed without workers, so its control planes were made schedulable, ` +
          'and addWorkerPool added workers later. Expected the workers known at construction. Fix: pass the pools ' +
          'in the workerPools prop (or a workers.count above 0).',
      );
    }
    return problems;
  }
}

/** Construct id of a pool given in props: its name in PascalCase (`gpu-large` is `GpuLarge`). */
function poolId(pool: WorkerPoolOptions | string | undefined): string {
  const name = typeof pool === 'string' ? pool : (pool?.name ?? DEFAULT_WORKER_POOL);
  return name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** Whether a construct is a {@link WorkloadCluster}. */
export function isWorkloadCluster(x: unknown): x is WorkloadCluster {
  return WorkloadCluster.isWorkloadCluster(x);
}

export { WorkloadClusterMode };
export type { TemplateReference };
export * from './workload-cluster-defaults';
export * from './workload-cluster-props';
export * from './worker-pool-options';
export { WorkerPool } from './worker-pool';
