import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { WorkloadCluster } from '../../lib/capi/workload-cluster';
import type { WorkloadClusterProps } from '../../lib/capi/workload-cluster';
import { WorkloadClusterMode } from '../../lib/capi/workload-cluster-mode';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import { renderGitOpsTree } from '../../lib/core/synth/gitops-writer';
import { collectValidationErrors } from '../../lib/core/synth/validate-tree';
import { addCapiCharts } from '../../stacks/gitops-capi';

// Synthesized JSON is untyped; tests read it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const FIXTURE = path.resolve(__dirname, '../fixtures/worker-pools');
const docsOf = (text: string): Json[] => parseAllDocuments(text).map((d) => d.toJSON());

/** Just what the YAML needs: every other prop takes the YAML's default. */
const minimal: WorkloadClusterProps = {
  clusterName: 'prod',
  workers: { count: 2 },
  network: {
    bridge: 'vmbr0',
    cidr: '10.30.0.0/24',
    endpointVip: '10.30.0.10',
    ipPool: { start: '10.30.0.20', end: '10.30.0.49' },
  },
  placement: { nodes: ['pve1'], template: { node: 'pve1', vmId: 9000 } },
};

describe('worker pools from YAML (test/fixtures/worker-pools)', () => {
  const result = loadPlatformConfig(FIXTURE);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const app = new App();
  addCapiCharts(app, result.config);
  const tree = renderGitOpsTree(app);
  const workers = docsOf(tree.get('clusters/prod/prod/workers.yaml')!);
  const healthChecks = docsOf(tree.get('clusters/prod/prod/health-checks.yaml')!);
  const deployments = workers.filter((d) => d.kind === 'MachineDeployment');
  const configs = workers.filter((d) => d.kind === 'TalosConfigTemplate');

  test('two MachineDeployments, each with its own templates and health check', () => {
    expect(collectValidationErrors(app)).toEqual([]);
    expect(workers.map((d) => `${d.kind} ${d.metadata.name.replace(/-[0-9a-f]{8}$/, '-<hash>')}`)).toEqual([
      'ProxmoxMachineTemplate prod-workers-<hash>',
      'TalosConfigTemplate prod-workers-<hash>',
      'MachineDeployment prod-workers',
      'ProxmoxMachineTemplate prod-gpu-<hash>',
      'TalosConfigTemplate prod-gpu-<hash>',
      'MachineDeployment prod-gpu',
    ]);
    expect(
      deployments.map((d) => [
        d.spec.replicas,
        d.spec.template.spec.infrastructureRef.name.startsWith(`${d.metadata.name}-`),
      ]),
    ).toEqual([
      [2, true],
      [2, true],
    ]);
    const gpuMachine = workers.find(
      (d) => d.kind === 'ProxmoxMachineTemplate' && d.metadata.name.startsWith('prod-gpu-'),
    );
    expect(gpuMachine.spec.template.spec).toMatchObject({
      numCores: 16,
      memoryMiB: 65536,
      disks: { bootVolume: { sizeGb: 200 } },
    });
    expect(
      healthChecks.map((d) => [d.metadata.name, d.spec.selector.matchLabels['cluster.x-k8s.io/deployment-name']]),
    ).toEqual([
      ['prod-workers', 'prod-workers'],
      ['prod-gpu', 'prod-gpu'],
    ]);
  });

  test('labels: every pool label on its Machines; Talos sets the ones Cluster API does not sync', () => {
    const [plain, gpu] = deployments;
    expect(plain.spec.template.metadata.labels).toEqual({
      'cluster.x-k8s.io/cluster-name': 'prod',
      'cluster.x-k8s.io/deployment-name': 'prod-workers',
    });
    expect(gpu.spec.template.metadata.labels).toEqual({
      'cluster.x-k8s.io/cluster-name': 'prod',
      'cluster.x-k8s.io/deployment-name': 'prod-gpu',
      'example.com/accelerator': 'nvidia-l4',
      'node-role.kubernetes.io/gpu': '',
    });
    // The selector stays the two labels Cluster API sets, so it always matches.
    expect(gpu.spec.selector.matchLabels).toEqual({
      'cluster.x-k8s.io/cluster-name': 'prod',
      'cluster.x-k8s.io/deployment-name': 'prod-gpu',
    });
    const gpuPatches: string[] = configs[1].spec.template.spec.strategicPatches;
    const plainPatches: string[] = configs[0].spec.template.spec.strategicPatches;
    expect(gpuPatches).toHaveLength(plainPatches.length + 1);
    expect(parse(gpuPatches[plainPatches.length])).toEqual({
      machine: {
        nodeLabels: { 'example.com/accelerator': 'nvidia-l4' },
        kubelet: {
          extraConfig: { registerWithTaints: [{ key: 'example.com/gpu', value: 'true', effect: 'NoSchedule' }] },
        },
      },
    });
    expect(plainPatches.join('')).not.toContain('nodeLabels');
  });

  test('Cilium counts every pool for its operator replicas', () => {
    const cni = docsOf(tree.get('clusters/prod/prod/cni.yaml')!)[0];
    expect(parse(cni.spec.valuesTemplate).operator.replicas).toBe(2);
  });
});

describe('WorkloadCluster: a whole construct tree', () => {
  test('ApiObject.of sees the Cluster, findAll sees every object, a tree visitor reaches them', () => {
    const chart = new Chart(Testing.app(), 'test');
    const cluster = new WorkloadCluster(chart, 'Prod', minimal);
    const gpu = cluster.addWorkerPool('Gpu', { name: 'gpu', count: 1, taints: [{ key: 'gpu', effect: 'NoSchedule' }] });
    expect(ApiObject.of(cluster).kind).toBe('Cluster');
    expect(ApiObject.of(gpu).kind).toBe('MachineDeployment');
    const found = cluster.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    expect(found.map((o) => o.kind)).toEqual(chart.toJson().map((d: Json) => d.kind));
    expect(found.filter((o) => o.kind === 'MachineDeployment').map((o) => o.name)).toEqual([
      'prod-workers',
      'prod-gpu',
    ]);
    expect(gpu.healthCheck.node.scope?.node.scope).toBe(cluster);
    // What an aspect does (cdk8s has no Aspects): visit the cluster's subtree and change every object.
    for (const o of found) o.metadata.addLabel('owner', 'team-a');
    const docs = Testing.synth(chart);
    expect(docs.every((d) => d.metadata.labels?.owner === 'team-a')).toBe(true);
    expect(cluster.workerPools.map((p) => p.poolName)).toEqual(['workers', 'gpu']);
  });

  test('code-first defaults are the YAML defaults', () => {
    const docs = Testing.synth(new WorkloadCluster(new Chart(Testing.app(), 'c'), 'Prod', minimal).node.scope as Chart);
    const tcp = docs.find((d) => d.kind === 'TalosControlPlane');
    expect(tcp.spec.replicas).toBe(3);
    expect(tcp.spec.version).toBe('v1.35.6');
    expect(tcp.spec.controlPlaneConfig.controlplane.talosVersion).toBe('v1.13.9');
    const pmt = docs.find((d) => d.kind === 'ProxmoxMachineTemplate');
    expect(pmt.spec.template.spec).toMatchObject({
      numCores: 4,
      memoryMiB: 8192,
      disks: { bootVolume: { sizeGb: 50 } },
    });
    const pc = docs.find((d) => d.kind === 'ProxmoxCluster');
    expect(pc.spec.ipv4Config.gateway).toBe('10.30.0.1');
    expect(pc.spec.dnsServers).toEqual(['10.30.0.1']);
  });

  test('pool rules: name, uniqueness, labels, taints, address room, ClusterClass mode', () => {
    const make = () => new WorkloadCluster(new Chart(new App(), 'c'), 'prod', minimal);
    expect(() => make().addWorkerPool('Big', { name: 'Big', count: 1 })).toThrow(
      'c/prod/Big: worker pool "Big".name: worker pool name "Big" is not a DNS-1123 label. Expected lower-case letters',
    );
    expect(() => make().addWorkerPool('W', { name: 'workers', count: 1 })).toThrow(
      'worker pool "workers".name: worker pool name "workers" is taken (by the platform)',
    );
    expect(() => make().addWorkerPool('Cp', { name: 'control-plane', count: 1 })).toThrow(
      'is taken (by the platform). Expected a name unique in the cluster, none of workers, control-plane',
    );
    expect(() =>
      make().addWorkerPool('T', { name: 't', count: 1, taints: [{ key: 'a', effect: 'Sometimes' as 'NoSchedule' }] }),
    ).toThrow(
      'worker pool "t".taints.0.effect: taint effect "Sometimes" is unknown. Expected NoSchedule, PreferNoSchedule, NoExecute. Fix: ',
    );
    expect(() => make().addWorkerPool('L', { name: 'l', count: 1, labels: { 'kubernetes.io/role': 'x' } })).toThrow(
      'is in a Kubernetes-reserved domain',
    );
    expect(() =>
      make().addWorkerPool('L', { name: 'l', count: 1, labels: { 'node.kubernetes.io/pool': 'l' } }),
    ).not.toThrow();
    // 3 control planes + 2 workers + 25, and both pools roll at once with a surge of 1 each: 32 > 30 addresses
    expect(() => make().addWorkerPool('Many', { name: 'many', count: 25 })).toThrow(
      'the pool 10.30.0.20-10.30.0.49 has 30 addresses, too few for 3 control planes + 2 workers + 25 many + 2 rollout surge machines. Expected at least 32 addresses',
    );
    const twice = make();
    twice.addWorkerPool('A', { name: 'a', count: 1 });
    expect(() => twice.addWorkerPool('B', { name: 'a', count: 1 })).toThrow(
      'worker pool name "a" is taken (by another pool)',
    );
    const template = {
      apiVersion: 'controlplane.cluster.x-k8s.io/v1beta2',
      kind: 'KubeadmControlPlaneTemplate',
      name: 'cp',
    };
    const cc = new WorkloadCluster(new Chart(new App(), 'c'), 'prod', {
      ...minimal,
      mode: WorkloadClusterMode.clusterClass(template),
    });
    expect(() => cc.addWorkerPool('A', { name: 'a', count: 1 })).toThrow(
      'addWorkerPool("A") on a cluster in the ClusterClass mode',
    );
  });

  test('a pool added to a cluster constructed without workers is reported (its control planes are schedulable)', () => {
    const chart = new Chart(Testing.app(), 'c');
    const cluster = new WorkloadCluster(chart, 'prod', { ...minimal, workers: { count: 0 } });
    cluster.addWorkerPool('A', { name: 'a', count: 1 });
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([
      expect.stringContaining('was constructed without workers, so its control planes were made schedulable'),
    ]);
    const ok = new Chart(Testing.app(), 'c');
    new WorkloadCluster(ok, 'prod', { ...minimal, workers: { count: 0 }, workerPools: [{ name: 'a', count: 1 }] });
    expect(ok.node.findAll().flatMap((c) => c.node.validate())).toEqual([]);
  });
});

describe('worker pools: validate reports what the construct refuses, with file:line', () => {
  test('taken and long names, reserved labels, bad taints, too small an IP pool', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-pools-'));
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const file = path.join(dir, 'prod', 'prod.yaml');
    const text = fs
      .readFileSync(file, 'utf8')
      .replace(
        '  - name: gpu\n',
        '  - name: workers\n    count: 1\n  - name: a-very-long-pool-name-that-makes-machine-names-too-long\n    count: 1\n' +
          '    labels:\n      kubernetes.io/role: gpu\n    taints:\n      - key: x\n        effect: NoSchedule\n      - key: x\n        effect: NoExecute\n  - name: gpu\n',
      );
    fs.writeFileSync(file, text.replace('count: 2\n    cores: 16', 'count: 30\n    cores: 16'));
    const result = loadPlatformConfig(dir);
    expect(result.ok).toBe(false);
    const errors = result.ok
      ? []
      : result.errors.map((e) => `${path.relative(dir, e.file)}:${e.line} ${e.path}: ${e.message}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        'prod/prod.yaml:17 workerPools[0].name: worker pool name "workers" is taken (by the platform)',
        expect.stringMatching(
          /^prod\/prod.yaml:19 workerPools\[1\]\.name: worker pool name "a-very-long-pool-name-that-makes-machine-names-too-long" makes Machine names/,
        ),
        expect.stringMatching(
          /^prod\/prod.yaml:22 workerPools\[1\]\.labels\.kubernetes\.io\/role: label kubernetes.io\/role is in a Kubernetes-reserved domain/,
        ),
        'prod/prod.yaml:26 workerPools[1].taints[1].key: taint key "x" appears twice',
        expect.stringMatching(
          /^prod\/prod.yaml:\d+ network.ipPool: IP pool 10.30.0.20-10.30.0.49 has 30 addresses, too few for 3 control planes \+ 2 workers \+ 1 workers \+ 1 a-very/,
        ),
      ]),
    );
  });
});
