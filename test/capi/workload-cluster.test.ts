import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import type { ApiObject } from 'cdk8s';
import {
  DEFAULT_BOOT_DISK,
  DEFAULT_MAX_UNHEALTHY_PERCENT,
  DEFAULT_NODE_STARTUP_TIMEOUT_SECONDS,
  DEFAULT_POD_CIDRS,
  DEFAULT_SERVICE_CIDRS,
  DEFAULT_SOCKETS,
  DEFAULT_UNHEALTHY_TIMEOUT_SECONDS,
  MAX_WORKLOAD_CLUSTER_NAME_LENGTH,
  WorkloadCluster,
  defaultWorkerMaxUnhealthy,
} from '../../lib/capi/workload-cluster';
import type { WorkloadClusterProps } from '../../lib/capi/workload-cluster';
import { WorkloadClusterMode } from '../../lib/capi/workload-cluster-mode';
import { contentHash } from '../../lib/capi/workload/names';
import type { GitOpsChart } from '../../lib/core/synth/gitops-chart';
import { workloadClusterProps } from '../support/workload-cluster-props';

// Synthesized JSON is untyped; tests read it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const props = workloadClusterProps;

function build(
  overrides: Partial<WorkloadClusterProps> = {},
  synth = true,
): { chart: Chart; cluster: WorkloadCluster; docs: Json[] } {
  const chart = new Chart(Testing.app(), 'test');
  const cluster = new WorkloadCluster(chart, 'Prod', props(overrides));
  return { chart, cluster, docs: synth ? Testing.synth(chart) : [] };
}

const find = (docs: Json[], kind: string, name?: string) =>
  docs.filter((d) => d.kind === kind && (name === undefined || d.metadata.name === name));
const validate = (chart: Chart) => chart.node.findAll().flatMap((c) => c.node.validate());

describe('WorkloadCluster (expanded)', () => {
  const { chart, docs } = build();

  test('emits the objects of a Talos cluster on Proxmox, in order', () => {
    expect(docs.map((d) => `${d.apiVersion} ${d.kind} ${d.metadata.name}`)).toEqual([
      'v1 Namespace prod',
      'cluster.x-k8s.io/v1beta2 Cluster prod',
      'infrastructure.cluster.x-k8s.io/v1alpha2 ProxmoxCluster prod',
      expect.stringMatching(
        /^infrastructure.cluster.x-k8s.io\/v1alpha2 ProxmoxMachineTemplate prod-control-plane-[0-9a-f]{8}$/,
      ),
      'controlplane.cluster.x-k8s.io/v1alpha3 TalosControlPlane prod-control-plane',
      expect.stringMatching(
        /^infrastructure.cluster.x-k8s.io\/v1alpha2 ProxmoxMachineTemplate prod-workers-[0-9a-f]{8}$/,
      ),
      expect.stringMatching(/^bootstrap.cluster.x-k8s.io\/v1alpha3 TalosConfigTemplate prod-workers-[0-9a-f]{8}$/),
      'cluster.x-k8s.io/v1beta2 MachineDeployment prod-workers',
      'cluster.x-k8s.io/v1beta2 MachineHealthCheck prod-workers',
    ]);
    expect(docs.slice(1).every((d) => d.metadata.namespace === 'prod')).toBe(true);
    expect(validate(chart)).toEqual([]);
  });

  test('Cluster: v1beta2 refs {apiGroup, kind, name}, default pod and service networks', () => {
    const [cluster] = find(docs, 'Cluster');
    expect(cluster.spec).toEqual({
      clusterNetwork: { pods: { cidrBlocks: ['10.244.0.0/16'] }, services: { cidrBlocks: ['10.96.0.0/12'] } },
      controlPlaneRef: {
        apiGroup: 'controlplane.cluster.x-k8s.io',
        kind: 'TalosControlPlane',
        name: 'prod-control-plane',
      },
      infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'ProxmoxCluster', name: 'prod' },
    });
    expect(DEFAULT_POD_CIDRS).toEqual(['10.244.0.0/16']);
    expect(DEFAULT_SERVICE_CIDRS).toEqual(['10.96.0.0/12']);
    expect(cluster.metadata.labels).toEqual({ 'talos-platform-cdk.dev/workload-cluster': 'prod' });
  });

  test('ProxmoxCluster: endpoint, ipv4Config pool, DNS, allowed nodes', () => {
    expect(find(docs, 'ProxmoxCluster')[0].spec).toEqual({
      controlPlaneEndpoint: { host: '10.30.0.10', port: 6443 },
      ipv4Config: { addresses: ['10.30.0.20-10.30.0.49'], prefix: 24, gateway: '10.30.0.1' },
      dnsServers: ['10.30.0.1'],
      allowedNodes: ['pve1', 'pve2', 'pve3'],
    });
  });

  test('ProxmoxMachineTemplates: sizes, Talos checks, net0 on the pool, content-hashed names', () => {
    const [cp, workers] = find(docs, 'ProxmoxMachineTemplate');
    expect(cp.spec.template.spec).toEqual({
      sourceNode: 'pve1',
      templateID: 9000,
      full: true,
      allowedNodes: ['pve1', 'pve2', 'pve3'],
      numSockets: DEFAULT_SOCKETS,
      numCores: 4,
      memoryMiB: 8192,
      disks: { bootVolume: { disk: DEFAULT_BOOT_DISK, sizeGb: 50 } },
      network: { networkDevices: [{ name: 'net0', bridge: 'vmbr0', model: 'virtio', vlan: 30, defaultIPv4: true }] },
      checks: { skipCloudInitStatus: true, skipQemuGuestAgent: false },
      metadataSettings: { providerIDInjection: true },
    });
    expect(DEFAULT_SOCKETS).toBe(1);
    expect(DEFAULT_BOOT_DISK).toBe('scsi0');
    expect(workers.spec.template.spec).toMatchObject({
      numCores: 8,
      memoryMiB: 16384,
      disks: { bootVolume: { disk: 'scsi0', sizeGb: 100 } },
    });
    // No datastore, no VM ID range unless given; no explicit pool ref (CAPMOX's own pool via defaultIPv4).
    expect(cp.spec.template.spec.storage).toBeUndefined();
    expect(cp.spec.template.spec.vmIDRange).toBeUndefined();
    expect(cp.spec.template.spec.network.networkDevices[0].ipPoolRef).toBeUndefined();
    expect(cp.metadata.name).toMatch(/^prod-control-plane-[0-9a-f]{8}$/);
    const keep = { 'argocd.argoproj.io/sync-options': 'Prune=false', 'helm.sh/resource-policy': 'keep' };
    expect(cp.metadata.annotations).toEqual(keep);
    expect(workers.metadata.annotations).toEqual(keep);
    expect(find(docs, 'TalosConfigTemplate')[0].metadata.annotations).toEqual(keep);
  });

  test('TalosControlPlane: version with v, template ref, controlplane config with the platform patches', () => {
    const [tcp] = find(docs, 'TalosControlPlane');
    const [cpTemplate] = find(docs, 'ProxmoxMachineTemplate');
    expect(tcp.spec.version).toBe('v1.36.1');
    expect(tcp.spec.replicas).toBe(3);
    expect(tcp.spec.infrastructureTemplate).toEqual({
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha2',
      kind: 'ProxmoxMachineTemplate',
      name: cpTemplate.metadata.name,
      namespace: 'prod',
    });
    expect(tcp.spec.rolloutStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } });
    const config = tcp.spec.controlPlaneConfig.controlplane;
    expect(config.generateType).toBe('controlplane');
    expect(config.talosVersion).toBe('v1.13.9');
    expect(config.hostname).toEqual({ source: 'MachineName' });
    expect(tcp.spec.controlPlaneConfig.init).toBeUndefined();
    const patches: string[] = config.strategicPatches;
    expect(patches).toEqual([
      'cluster:\n  network:\n    cni:\n      name: none\n',
      'cluster:\n  proxy:\n    disabled: true\n',
      'machine:\n  features:\n    kubePrism:\n      enabled: true\n      port: 7445\n',
      'machine:\n  kubelet:\n    nodeIP:\n      validSubnets:\n        - 10.30.0.0/24\n',
      'apiVersion: v1alpha1\nkind: LinkAliasConfig\nname: net0\nselector:\n  match: link.driver == "virtio_net"\n',
      'apiVersion: v1alpha1\nkind: Layer2VIPConfig\nname: 10.30.0.10\nlink: net0\n',
      // the Talos CCM (cloudControllerManager, default on): sets Node.spec.providerID from the nocloud metadata
      'machine:\n  kubelet:\n    extraArgs:\n      cloud-provider: external\n',
      'cluster:\n  externalCloudProvider:\n    enabled: true\n    manifests:\n' +
        '      - https://raw.githubusercontent.com/siderolabs/talos-cloud-controller-manager/v1.12.0/docs/deploy/cloud-controller-manager.yml\n',
      'machine:\n  features:\n    kubernetesTalosAPIAccess:\n      enabled: true\n      allowedRoles:\n        - os:reader\n' +
        '      allowedKubernetesNamespaces:\n        - kube-system\n',
    ]);
  });

  test('workers: TalosConfigTemplate (worker, no VIP) and MachineDeployment (v1beta2)', () => {
    const [config] = find(docs, 'TalosConfigTemplate');
    const [md] = find(docs, 'MachineDeployment');
    const [, workerTemplate] = find(docs, 'ProxmoxMachineTemplate');
    expect(config.spec.template.spec.generateType).toBe('worker');
    expect(config.spec.template.spec.talosVersion).toBe('v1.13.9');
    const workerPatches: string[] = config.spec.template.spec.strategicPatches;
    expect(workerPatches).toHaveLength(6);
    expect(workerPatches.join('')).not.toContain('Layer2VIPConfig');
    // workers: only the kubelet flag of the CCM; the manifest and Talos API access are control-plane only
    expect(workerPatches[5]).toBe('machine:\n  kubelet:\n    extraArgs:\n      cloud-provider: external\n');
    expect(workerPatches.join('')).not.toContain('externalCloudProvider');
    expect(workerPatches.join('')).not.toContain('kubernetesTalosAPIAccess');
    expect(md.spec).toEqual({
      clusterName: 'prod',
      replicas: 3,
      selector: {
        matchLabels: { 'cluster.x-k8s.io/cluster-name': 'prod', 'cluster.x-k8s.io/deployment-name': 'prod-workers' },
      },
      template: {
        metadata: {
          labels: { 'cluster.x-k8s.io/cluster-name': 'prod', 'cluster.x-k8s.io/deployment-name': 'prod-workers' },
        },
        spec: {
          clusterName: 'prod',
          version: 'v1.36.1',
          bootstrap: {
            configRef: {
              apiGroup: 'bootstrap.cluster.x-k8s.io',
              kind: 'TalosConfigTemplate',
              name: config.metadata.name,
            },
          },
          infrastructureRef: {
            apiGroup: 'infrastructure.cluster.x-k8s.io',
            kind: 'ProxmoxMachineTemplate',
            name: workerTemplate.metadata.name,
          },
        },
      },
    });
  });

  test('MachineHealthCheck: the workers only (CACPPT does not remediate control planes), v1beta2 names, defaults', () => {
    const mhcs = find(docs, 'MachineHealthCheck');
    expect(mhcs.map((m: Json) => m.metadata.name)).toEqual(['prod-workers']);
    const [workers] = mhcs;
    expect(workers.spec).toEqual({
      clusterName: 'prod',
      selector: {
        matchLabels: { 'cluster.x-k8s.io/cluster-name': 'prod', 'cluster.x-k8s.io/deployment-name': 'prod-workers' },
      },
      checks: {
        nodeStartupTimeoutSeconds: 900,
        unhealthyNodeConditions: [
          { type: 'Ready', status: 'Unknown', timeoutSeconds: 300 },
          { type: 'Ready', status: 'False', timeoutSeconds: 300 },
        ],
      },
      // 40% of 3 workers rounded down is 1.
      remediation: { triggerIf: { unhealthyLessThanOrEqualTo: 1 } },
    });
    expect([
      DEFAULT_NODE_STARTUP_TIMEOUT_SECONDS,
      DEFAULT_UNHEALTHY_TIMEOUT_SECONDS,
      DEFAULT_MAX_UNHEALTHY_PERCENT,
    ]).toEqual([900, 300, 40]);
  });

  test('the default worker threshold allows one remediation for every pool size', () => {
    // Cluster API: remediation runs while unhealthy <= floor(expected * percent / 100); 40% of 1 or 2 is 0.
    expect([1, 2, 3, 4, 5, 7, 10, 20].map(defaultWorkerMaxUnhealthy)).toEqual(['1', '1', '1', '1', '2', '2', '4', '8']);
    for (let replicas = 1; replicas <= 100; replicas++)
      expect(Number(defaultWorkerMaxUnhealthy(replicas))).toBeGreaterThanOrEqual(1);
  });

  test('a worker threshold that forbids every remediation is refused', () => {
    const cluster = (maxUnhealthy: string, count: number) => () =>
      new WorkloadCluster(new Chart(new App(), 'c'), 'prod', {
        ...props({ healthChecks: { maxUnhealthy } }),
        workers: { count, cores: 2, memoryMiB: 2048, diskGiB: 20 },
      });
    expect(cluster('40%', 2)).toThrow(
      'c/prod: healthChecks.maxUnhealthy "40%" of 2 machines of workers is 0 machines (Cluster API rounds down), so no worker would ever be remediated. Expected a threshold of at least 1 machine for the pool size. Fix: use "1", or a percentage of at least 50%.',
    );
    expect(cluster('0', 3)).toThrow('healthChecks.maxUnhealthy "0" of 3 machines of workers is 0 machines');
    expect(cluster('half', 3)).toThrow('healthChecks.maxUnhealthy "half" is not a count or a percentage');
    expect(cluster('50%', 2)).not.toThrow();
  });

  test('the Cluster carries the label its Cilium HelmChartProxy selects', () => {
    expect(find(docs, 'Cluster')[0].metadata.labels).toEqual({ 'talos-platform-cdk.dev/workload-cluster': 'prod' });
  });
});

describe('WorkloadCluster options', () => {
  test('labels, namespace, CIDRs, placement, health checks, extra patches, installer image', () => {
    const { docs } = build({
      namespace: 'team-a',
      labels: { tier: 'production' },
      podCidrs: ['10.100.0.0/16'],
      serviceCidrs: ['10.101.0.0/16'],
      placement: {
        template: { node: 'pve2', vmId: 9100 },
        nodes: ['pve2'],
        datastore: 'ceph',
        vmIdRange: { start: 10000, end: 10099 },
        bootDisk: 'virtio0',
        qemuGuestAgent: false,
      },
      healthChecks: { nodeStartupTimeoutSeconds: 1200, unhealthyTimeoutSeconds: 600, maxUnhealthy: '1' },
      extraControlPlanePatches: ['machine:\n  sysctls:\n    a: "1"\n'],
      extraWorkerPatches: ['machine:\n  sysctls:\n    b: "1"\n'],
      installerImage: 'factory.talos.dev/nocloud-installer/abc:v1.13.9',
    });
    expect(docs[0].metadata.name).toBe('team-a');
    expect(docs.slice(1).every((d) => d.metadata.namespace === 'team-a')).toBe(true);
    const [cluster] = find(docs, 'Cluster');
    expect(cluster.metadata.labels).toEqual({ tier: 'production', 'talos-platform-cdk.dev/workload-cluster': 'prod' });
    expect(cluster.spec.clusterNetwork).toEqual({
      pods: { cidrBlocks: ['10.100.0.0/16'] },
      services: { cidrBlocks: ['10.101.0.0/16'] },
    });
    const [cp] = find(docs, 'ProxmoxMachineTemplate');
    expect(cp.spec.template.spec).toMatchObject({
      sourceNode: 'pve2',
      templateID: 9100,
      storage: 'ceph',
      allowedNodes: ['pve2'],
      vmIDRange: { start: 10000, end: 10099 },
      disks: { bootVolume: { disk: 'virtio0' } },
      checks: { skipCloudInitStatus: true, skipQemuGuestAgent: true },
    });
    const [mhc] = find(docs, 'MachineHealthCheck');
    expect(mhc.spec.checks.nodeStartupTimeoutSeconds).toBe(1200);
    expect(mhc.spec.checks.unhealthyNodeConditions[0].timeoutSeconds).toBe(600);
    expect(mhc.spec.remediation.triggerIf.unhealthyLessThanOrEqualTo).toBe(1);
    const cpPatches: string[] = find(docs, 'TalosControlPlane')[0].spec.controlPlaneConfig.controlplane
      .strategicPatches;
    expect(cpPatches[cpPatches.length - 1]).toBe('machine:\n  sysctls:\n    a: "1"\n');
    expect(cpPatches).toContain(
      'machine:\n  install:\n    disk: /dev/sda\n    image: factory.talos.dev/nocloud-installer/abc:v1.13.9\n',
    );
    const workerPatches: string[] = find(docs, 'TalosConfigTemplate')[0].spec.template.spec.strategicPatches;
    expect(workerPatches[workerPatches.length - 1]).toBe('machine:\n  sysctls:\n    b: "1"\n');
  });

  test('no workers: control planes run workloads', () => {
    const { docs } = build({ workers: { count: 0, cores: 2, memoryMiB: 2048, diskGiB: 20 } });
    const patches: string[] = find(docs, 'TalosControlPlane')[0].spec.controlPlaneConfig.controlplane.strategicPatches;
    expect(patches).toContain('cluster:\n  allowSchedulingOnControlPlanes: true\n');
    expect(find(docs, 'MachineDeployment')[0].spec.replicas).toBe(0);
  });

  test('a changed machine size changes the template name (templates are immutable)', () => {
    const a = find(build().docs, 'ProxmoxMachineTemplate')[1].metadata.name;
    const b = find(
      build({ workers: { count: 3, cores: 16, memoryMiB: 16384, diskGiB: 100 } }).docs,
      'ProxmoxMachineTemplate',
    )[1].metadata.name;
    expect(a).not.toBe(b);
    expect(contentHash({ b: 1, a: [1, 2] })).toBe(contentHash({ a: [1, 2], b: 1 }));
  });

  test('cloudControllerManager: false leaves the Talos CCM patches out of both groups', () => {
    const { docs } = build({ cloudControllerManager: false });
    const cpPatches: string[] = find(docs, 'TalosControlPlane')[0].spec.controlPlaneConfig.controlplane
      .strategicPatches;
    const [workerConfig] = find(docs, 'TalosConfigTemplate');
    const workerPatches: string[] = workerConfig.spec.template.spec.strategicPatches;
    expect(cpPatches).toHaveLength(6);
    expect(workerPatches).toHaveLength(5);
    for (const text of [cpPatches.join(''), workerPatches.join('')]) {
      expect(text).not.toContain('cloud-provider');
      expect(text).not.toContain('externalCloudProvider');
      expect(text).not.toContain('kubernetesTalosAPIAccess');
    }
    // the worker config is immutable, so its name follows its content: opting out gives another template
    expect(workerConfig.metadata.name).not.toBe(find(build().docs, 'TalosConfigTemplate')[0].metadata.name);
  });

  test('includeNamespace: false leaves the Namespace out', () => {
    expect(find(build({ includeNamespace: false }).docs, 'Namespace')).toEqual([]);
  });

  test('outputFiles make each group a GitOpsChart child of the cluster', () => {
    const app = new App();
    const cluster = new WorkloadCluster(app, 'Prod', {
      ...props(),
      outputFiles: {
        cluster: 'c/cluster.yaml',
        controlPlane: 'c/cp.yaml',
        workers: 'c/workers.yaml',
        healthChecks: 'c/hc.yaml',
      },
    });
    const byFile = Object.fromEntries(
      app.charts.map((c) => [(c as GitOpsChart).outputPath, c.toJson().map((d: Json) => d.kind)]),
    );
    expect(byFile).toEqual({
      'c/cluster.yaml': ['Namespace', 'Cluster', 'ProxmoxCluster'],
      'c/cp.yaml': ['ProxmoxMachineTemplate', 'TalosControlPlane'],
      'c/workers.yaml': ['ProxmoxMachineTemplate', 'TalosConfigTemplate', 'MachineDeployment'],
      'c/hc.yaml': ['MachineHealthCheck'],
    });
    expect(app.charts.every((c) => c.node.scope === cluster)).toBe(true);
  });
});

describe('WorkloadCluster validation', () => {
  const cases: Array<[string, Partial<WorkloadClusterProps>, string]> = [
    [
      'name',
      { clusterName: 'Prod' },
      'test/Prod: clusterName "Prod" is not a DNS label. Expected lower-case letters, digits and "-", starting and ending with a letter or digit, at most 43 characters (Machine names add 20). Fix: rename it, e.g. "prod".',
    ],
    [
      'long name',
      { clusterName: 'a'.repeat(MAX_WORKLOAD_CLUSTER_NAME_LENGTH + 1) },
      'has 44 characters. Expected lower-case letters, digits and "-", starting and ending with a letter or digit, at most 43 characters',
    ],
    [
      'namespace',
      { namespace: 'Team_A' },
      'namespace "Team_A" is not a DNS label. Expected lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters. Fix: rename it, e.g. "team-a".',
    ],
    [
      'version with v',
      { kubernetesVersion: 'v1.36.1' },
      'kubernetesVersion "v1.36.1" is not a version. Expected "<major>.<minor>.<patch>" without a leading "v". Fix: set kubernetesVersion like "1.36.1".',
    ],
    ['talos version', { talosVersion: '1.13' }, 'talosVersion "1.13" is not a version.'],
    [
      'unknown talos',
      { talosVersion: '1.99.0' },
      'Talos 1.99.0 is not in the support matrix. Expected Talos 1.11.x, 1.12.x, 1.13.x.',
    ],
    [
      'k8s range',
      { kubernetesVersion: '1.30.0' },
      'Talos 1.13 does not support Kubernetes 1.30.0. Expected Kubernetes 1.31 to 1.36. Fix: upgrade Kubernetes to 1.31 or newer.',
    ],
    [
      'even control planes',
      { controlPlane: { count: 2, cores: 4, memoryMiB: 8192, diskGiB: 50 } },
      'controlPlane.count: 2 control planes tolerate no more failures than 1 (etcd quorum). Expected an odd number: 1, 3 or 5 (etcd needs a majority). Fix: use 1 or 3.',
    ],
    [
      'negative workers',
      { workers: { count: -1, cores: 4, memoryMiB: 8192, diskGiB: 50 } },
      'workers.count is -1. Expected an integer of 0 or more.',
    ],
    [
      'cp memory',
      { controlPlane: { count: 1, cores: 4, memoryMiB: 1024, diskGiB: 50 } },
      'controlPlane.memoryMiB: 1024 MiB is below the Talos minimum for a control plane. Expected at least 2048.',
    ],
    [
      'cores',
      { workers: { count: 1, cores: 0, memoryMiB: 2048, diskGiB: 50 } },
      'workers.cores: 0 cores is below the Talos minimum for a worker. Expected at least 1.',
    ],
    [
      'disk',
      { workers: { count: 1, cores: 1, memoryMiB: 2048, diskGiB: 5 } },
      'workers.diskGiB: 5 GiB is below the Talos minimum for a worker. Expected at least 10.',
    ],
  ];
  test.each(cases)('%s', (_name, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  const net = (n: Partial<WorkloadClusterProps['network']>) => ({ network: { ...props().network, ...n } });
  const netCases: Array<[string, Partial<WorkloadClusterProps>, string]> = [
    [
      'cidr host bits',
      net({ cidr: '10.30.0.1/24' }),
      'network.cidr "10.30.0.1/24" is not a network. Expected CIDR form with host bits clear, e.g. 10.30.0.0/24.',
    ],
    ['bad address', net({ gateway: '10.30.0' }), 'network.gateway "10.30.0" is not an IPv4 address.'],
    [
      'outside',
      net({ endpointVip: '10.31.0.10' }),
      'network.endpointVip 10.31.0.10 is outside 10.30.0.0/24. Expected an address inside 10.30.0.0/24.',
    ],
    [
      'order',
      net({ ipPool: { start: '10.30.0.49', end: '10.30.0.20' } }),
      'network.ipPool.start 10.30.0.49 is after ipPool.end 10.30.0.20. Expected start <= end.',
    ],
    [
      'vip in pool',
      net({ endpointVip: '10.30.0.25' }),
      'network.endpointVip 10.30.0.25 is inside the pool 10.30.0.20-10.30.0.49. Expected the VIP outside the pool (CAPMOX rejects it).',
    ],
    [
      'gateway in pool',
      net({ gateway: '10.30.0.30' }),
      'network.gateway 10.30.0.30 is inside the pool 10.30.0.20-10.30.0.49.',
    ],
    [
      'small pool',
      net({ ipPool: { start: '10.30.0.20', end: '10.30.0.25' } }),
      'the pool 10.30.0.20-10.30.0.25 has 6 addresses, too few for 3 control planes + 3 workers + 1 rollout surge machine. Expected at least 7 addresses. Fix: widen the pool.',
    ],
    ['no dns', net({ dns: [] }), 'network.dns is empty. Expected at least one DNS server (CAPMOX requires it).'],
    ['bad dns', net({ dns: ['dns'] }), 'network.dns[0] "dns" is not an IPv4 address.'],
    ['vlan', net({ vlan: 5000 }), 'network.vlan is 5000. Expected 1 to 4094.'],
    [
      'nodes',
      { placement: { ...props().placement, nodes: [] } },
      'placement.nodes is empty. Expected at least one Proxmox node.',
    ],
    [
      'template id',
      { placement: { ...props().placement, template: { node: 'pve1', vmId: 5 } } },
      'placement.template.vmId is 5. Expected a Proxmox VM ID (100 or more).',
    ],
    [
      'vm id range',
      { placement: { ...props().placement, vmIdRange: { start: 200, end: 100 } } },
      'placement.vmIdRange 200-100 is invalid. Expected start >= 100 and end >= start.',
    ],
  ];
  test.each(netCases)('%s', (_name, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  test('smoke check: a broken reference (escape hatch) and a version mismatch are reported', () => {
    const { chart, cluster } = build({}, false);
    const md = cluster.objects.find((o) => o.kind === 'MachineDeployment') as ApiObject;
    md.addJsonPatch(JsonPatch.replace('/spec/template/spec/infrastructureRef/name', 'missing'));
    md.addJsonPatch(JsonPatch.replace('/spec/template/spec/version', 'v1.35.0'));
    const messages = validate(chart);
    expect(messages).toContain(
      'cluster "prod": MachineDeployment prod/prod-workers: spec.template.spec.infrastructureRef refers to ProxmoxMachineTemplate prod/missing, which is not among the synthesized objects. Expected the referenced object in the same set (same namespace).',
    );
    expect(messages).toContain(
      'cluster "prod": MachineDeployment prod-workers runs Kubernetes v1.35.0, the cluster\'s version is v1.36.1. Expected the same version (with the leading "v") everywhere.',
    );
    expect(messages.some((m) => m.startsWith('cluster "prod": cluster prod/prod: Kubernetes versions disagree'))).toBe(
      true,
    );
  });
});

describe('WorkloadCluster (ClusterClass mode)', () => {
  test('without a control-plane template: a validation error that explains CACPPT has none', () => {
    const { chart } = build({ mode: WorkloadClusterMode.clusterClass() }, false);
    expect(validate(chart)).toEqual([
      'cluster "prod" asks for the ClusterClass mode (clusterClass: true) without a control-plane template. A ClusterClass needs a control-plane template kind, and the Talos control-plane provider (CACPPT) has none: there is no TalosControlPlaneTemplate. Expected: clusterClass: false (the expanded objects, which work with CACPPT), or WorkloadClusterMode.clusterClass({apiVersion, kind, name}) naming the template of a control-plane provider that ships one. See docs/clusters.md, \'ClusterClass mode\'.',
    ]);
  });

  test('with a template: ClusterClass, ProxmoxClusterTemplate and a topology Cluster', () => {
    const template = {
      apiVersion: 'controlplane.cluster.x-k8s.io/v1beta2',
      kind: 'KubeadmControlPlaneTemplate',
      name: 'prod-cp',
    };
    const { chart, docs } = build({ mode: WorkloadClusterMode.clusterClass(template) });
    expect(validate(chart)).toEqual([]);
    expect(docs.map((d) => d.kind)).toEqual([
      'Namespace',
      'Cluster',
      'ProxmoxMachineTemplate',
      'ProxmoxMachineTemplate',
      'TalosConfigTemplate',
      'ProxmoxClusterTemplate',
      'ClusterClass',
    ]);
    const [cc] = find(docs, 'ClusterClass');
    expect(cc.metadata.name).toBe('prod-class');
    expect(cc.spec.controlPlane.templateRef).toEqual(template);
    expect(cc.spec.infrastructure.templateRef).toEqual({
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha2',
      kind: 'ProxmoxClusterTemplate',
      name: 'prod',
    });
    expect(cc.spec.variables.map((v: Json) => v.name)).toEqual([
      'controlPlaneEndpoint',
      'ipv4Config',
      'dnsServers',
      'allowedNodes',
    ]);
    expect(cc.spec.variables[0].schema.openAPIV3Schema.properties.port).toEqual({ type: 'integer', default: 6443 });
    expect(cc.spec.patches.map((p: Json) => [p.name, p.definitions[0].selector.kind])).toEqual([
      ['proxmox-cluster-template', 'ProxmoxClusterTemplate'],
      ['proxmox-machine-template', 'ProxmoxMachineTemplate'],
    ]);
    expect(cc.spec.workers.machineDeployments[0].class).toBe('workers');
    expect(cc.spec.controlPlane.healthCheck.remediation.triggerIf.unhealthyLessThanOrEqualTo).toBe(1);
    const [cluster] = find(docs, 'Cluster');
    expect(cluster.spec.topology).toMatchObject({
      classRef: { name: 'prod-class' },
      version: 'v1.36.1',
      controlPlane: { replicas: 3 },
      workers: { machineDeployments: [{ class: 'workers', name: 'workers', replicas: 3 }] },
    });
    expect(cluster.spec.topology.variables.find((v: Json) => v.name === 'ipv4Config').value).toEqual({
      addresses: ['10.30.0.20-10.30.0.49'],
      prefix: 24,
      gateway: '10.30.0.1',
    });
    expect(WorkloadClusterMode.clusterClass(template).controlPlaneTemplate).toEqual(template);
    expect(WorkloadClusterMode.expanded().isClusterClass).toBe(false);
  });
});
