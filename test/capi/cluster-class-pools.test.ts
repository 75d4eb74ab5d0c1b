import { Chart, Testing } from 'cdk8s';
import { WorkloadCluster } from '../../lib/capi/workload-cluster';
import type { WorkloadClusterProps } from '../../lib/capi/workload-cluster';
import { CLASS_POOLS } from './pool-props';

// Synthesized JSON is untyped; tests read it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function synth(props: WorkloadClusterProps): { docs: Json[]; errors: string[]; cluster: WorkloadCluster } {
  const chart = new Chart(Testing.app(), 'c');
  const cluster = new WorkloadCluster(chart, 'Prod', props);
  const errors = chart.node.findAll().flatMap((c) => c.node.validate());
  return { docs: Testing.synth(chart), errors, cluster };
}

describe('ClusterClass mode: every worker pool', () => {
  const { docs, errors } = synth(CLASS_POOLS);
  const cc = docs.find((d) => d.kind === 'ClusterClass');
  const cluster = docs.find((d) => d.kind === 'Cluster');

  test('references resolve (the smoke check sees every template the classes name)', () => {
    expect(errors).toEqual([]);
  });

  test('a class per distinct pair of templates: a pool with only a Cluster API-synced label shares workers', () => {
    const classes = cc.spec.workers.machineDeployments;
    expect(classes.map((c: Json) => c.class)).toEqual(['workers', 'gpu']);
    const templates = (kind: string) => docs.filter((d) => d.kind === kind).map((d) => d.metadata.name as string);
    expect(classes[1].infrastructure.templateRef.name).toMatch(/^prod-gpu-[0-9a-f]{8}$/);
    expect(templates('ProxmoxMachineTemplate')).toContain(classes[1].infrastructure.templateRef.name);
    expect(templates('TalosConfigTemplate')).toEqual([
      classes[0].bootstrap.templateRef.name,
      classes[1].bootstrap.templateRef.name,
    ]);
    const gpuTemplate = docs.find((d) => d.metadata.name === classes[1].infrastructure.templateRef.name);
    expect(gpuTemplate.spec.template.spec).toMatchObject({ numCores: 16, memoryMiB: 65536 });
  });

  test('the GPU class carries the Talos label and the taint in its TalosConfigTemplate', () => {
    const gpuConfig = docs.find(
      (d) => d.metadata.name === cc.spec.workers.machineDeployments[1].bootstrap.templateRef.name,
    );
    const patches = JSON.stringify(gpuConfig.spec.template.spec);
    expect(patches).toContain('example.com/accelerator');
    expect(patches).toContain('registerWithTaints');
    expect(patches).not.toContain('node-role.kubernetes.io/gpu');
  });

  test('the topology has every pool, with its labels as metadata and its own health-check threshold', () => {
    expect(cluster.spec.topology.workers.machineDeployments).toEqual([
      { class: 'workers', name: 'workers', replicas: 2 },
      {
        class: 'gpu',
        name: 'gpu',
        replicas: 1,
        metadata: { labels: { 'example.com/accelerator': 'nvidia-l4', 'node-role.kubernetes.io/gpu': '' } },
      },
      expect.objectContaining({
        class: 'workers',
        name: 'infra',
        replicas: 5,
        metadata: { labels: { 'node-role.kubernetes.io/infra': '' } },
      }),
    ]);
    // 40% of 5 is 2, where the class (sized for the 2 workers) says 1.
    const infra = cluster.spec.topology.workers.machineDeployments[2];
    expect(infra.healthCheck.remediation.triggerIf.unhealthyLessThanOrEqualTo).toBe(2);
    expect(infra.healthCheck.checks).toEqual(cc.spec.workers.machineDeployments[0].healthCheck.checks);
  });

  test("the machine-template patch selects every class's templates", () => {
    const patch = cc.spec.patches.find((p: Json) => p.name === 'proxmox-machine-template');
    expect(patch.definitions[0].selector.matchResources.machineDeploymentClass.names).toEqual(['workers', 'gpu']);
  });

  test('addWorkerPool after construction fails loudly, naming the prop to use', () => {
    const { cluster: c } = synth({ ...CLASS_POOLS, workerPools: [] });
    expect(() => c.addWorkerPool('Late', { name: 'late', count: 1 })).toThrow(
      'Fix: pass the pool in the workerPools prop, or use WorkloadClusterMode.expanded().',
    );
  });
});
