import { resolvePlatformConfig } from '../../lib/core/spec/resolve';
import type { PlatformConfig } from '../../lib/core/spec/resolved';
import type { WorkerPoolSpec } from '../../lib/core/spec/types';
import { formatUpgradePlan } from '../../lib/day2/format-plan';
import { planUpgrade } from '../../lib/day2/upgrade-plan';
import { minimalCluster, minimalPlatform } from '../spec/specs';
import { BASE_VERSIONS } from './specs';

const GPU: WorkerPoolSpec = { name: 'gpu', count: 1, labels: { 'example.com/gpu': 'true' } };
const EDGE: WorkerPoolSpec = { name: 'edge', count: 2, taints: [{ key: 'edge', effect: 'NoSchedule' }] };

/** prod with the default pool of 2 and `pools`, at `kubernetes`/`talos`. */
function withPools(pools: WorkerPoolSpec[], versions: { talos?: string; kubernetes?: string } = {}): PlatformConfig {
  return resolvePlatformConfig({
    platform: minimalPlatform({ versions: { ...BASE_VERSIONS, ...versions } }),
    clusters: [{ environment: 'prod', spec: minimalCluster({ workerPools: pools }) }],
  });
}

describe('planUpgrade: every worker pool', () => {
  test('a Kubernetes minor lists each pool with its MachineDeployment, size and surge, in spec order', () => {
    const plan = planUpgrade(withPools([GPU, EDGE], { kubernetes: '1.34.4' }), withPools([GPU, EDGE]));
    const step = plan.steps.find((s) => s.phase === 'workload-kubernetes')!;
    expect(step.pools).toEqual([
      {
        pool: 'workers',
        machineDeployment: 'prod-workers',
        replicas: 2,
        maxSurge: 1,
        maxUnavailable: 0,
        status: 'rolls',
      },
      { pool: 'gpu', machineDeployment: 'prod-gpu', replicas: 1, maxSurge: 1, maxUnavailable: 0, status: 'rolls' },
      { pool: 'edge', machineDeployment: 'prod-edge', replicas: 2, maxSurge: 1, maxUnavailable: 0, status: 'rolls' },
    ]);
    expect(step.summary).toContain('workers (2), gpu (1), edge (2)');
    expect(step.summary).toContain('Cluster API holds the workers until they are done');
    // One wait per pool, after the cluster-wide watch.
    expect(step.watch.slice(-3)).toEqual([
      "kubectl -n prod wait machinedeployment/prod-workers --for=jsonpath='{.status.upToDateReplicas}'=2 --timeout=60m    # pool workers",
      "kubectl -n prod wait machinedeployment/prod-gpu --for=jsonpath='{.status.upToDateReplicas}'=1 --timeout=60m    # pool gpu",
      "kubectl -n prod wait machinedeployment/prod-edge --for=jsonpath='{.status.upToDateReplicas}'=2 --timeout=60m    # pool edge",
    ]);
  });

  test('a Talos change rolls every pool too, the control planes after them by talosctl', () => {
    const plan = planUpgrade(withPools([GPU]), withPools([GPU], { talos: '1.13.10' }));
    const step = plan.steps.find((s) => s.phase === 'workload-talos')!;
    expect(step.pools?.map((p) => `${p.pool}:${p.status}`)).toEqual(['workers:rolls', 'gpu:rolls']);
    expect(step.summary).toMatch(/worker pools roll at once.*workers \(2\), gpu \(1\).*then the control planes/);
  });

  test('an empty pool does not roll (no surge); a new pool is created, a removed one deleted: both are notes', () => {
    const from = withPools([{ ...GPU, count: 0 }, EDGE], { kubernetes: '1.34.4' });
    const to = withPools([
      { ...GPU, count: 0 },
      { name: 'batch', count: 1 },
    ]);
    const plan = planUpgrade(from, to);
    const step = plan.steps.find((s) => s.phase === 'workload-kubernetes')!;
    expect(step.pools?.map((p) => [p.pool, p.status, p.maxSurge])).toEqual([
      ['workers', 'rolls', 1],
      ['gpu', 'empty', 0],
      ['batch', 'new', 0],
      ['edge', 'removed', 0],
    ]);
    expect(step.watch.filter((w) => w.includes('machinedeployment/'))).toHaveLength(1);
    expect(plan.notes).toEqual(
      expect.arrayContaining([
        'prod: pool batch is new: Cluster API creates it at the target versions.',
        expect.stringContaining('prod: pool edge is not in the target spec: the commit deletes its MachineDeployment'),
      ]),
    );
  });

  test('the text form prints a line per pool', () => {
    const text = formatUpgradePlan(planUpgrade(withPools([GPU], { kubernetes: '1.34.4' }), withPools([GPU])));
    expect(text).toContain('   pools (MachineDeployment, machines, maxSurge/maxUnavailable):');
    expect(text).toContain('     gpu: prod-gpu, 1, 1/0, rolls');
  });

  test('steps that are not workload steps carry no pools', () => {
    const plan = planUpgrade(withPools([GPU]), withPools([GPU], { talos: '1.13.10' }));
    expect(plan.steps.filter((s) => s.pools !== undefined).map((s) => s.phase)).toEqual(['workload-talos']);
  });
});
