import { Chart, Testing } from 'cdk8s';
import { WorkloadCluster } from '../../lib/capi/workload-cluster';
import type { WorkloadClusterProps } from '../../lib/capi/workload-cluster';
import { WorkloadClusterMode } from '../../lib/capi/workload-cluster-mode';
import { resolvePlatformConfig } from '../../lib/core/spec/resolve';
import { planUpgrade } from '../../lib/day2/upgrade-plan';
import { BASE_VERSIONS } from '../day2/specs';
import { minimalCluster, minimalPlatform } from '../spec/specs';

// Synthesized JSON is untyped; tests read it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const base: WorkloadClusterProps = {
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

const synth = (props: WorkloadClusterProps): Json[] => {
  const chart = new Chart(Testing.app(), 'c');
  new WorkloadCluster(chart, 'Prod', props);
  return Testing.synth(chart);
};
const deployment = (docs: Json[], name: string): Json =>
  docs.find((d) => d.kind === 'MachineDeployment' && d.metadata.name === name);

describe('worker rollout settings', () => {
  test("Cluster API's defaults are left to its webhook: no spec.rollout", () => {
    const docs = synth({ ...base, workers: { count: 2, rollout: { maxSurge: 1, maxUnavailable: 0 } } });
    expect(deployment(docs, 'prod-workers').spec.rollout).toBeUndefined();
  });

  test("each pool's MachineDeployment carries its own maxSurge and maxUnavailable", () => {
    const docs = synth({
      ...base,
      workerPools: [{ name: 'batch', count: 4, rollout: { maxSurge: '50%', maxUnavailable: 1 } }],
    });
    expect(deployment(docs, 'prod-workers').spec.rollout).toBeUndefined();
    expect(deployment(docs, 'prod-batch').spec.rollout).toEqual({
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 1 } },
    });
  });

  test('the ClusterClass topology carries them per pool', () => {
    const docs = synth({
      ...base,
      workerPools: [{ name: 'batch', count: 4, rollout: { maxSurge: 2, maxUnavailable: '25%' } }],
      mode: WorkloadClusterMode.clusterClass({
        apiVersion: 'controlplane.cluster.x-k8s.io/v1beta2',
        kind: 'KubeadmControlPlaneTemplate',
        name: 'cp',
      }),
    });
    const [workers, batch] = docs.find((d) => d.kind === 'Cluster').spec.topology.workers.machineDeployments;
    expect(workers.rollout).toBeUndefined();
    expect(batch.rollout).toEqual({
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: '25%' } },
    });
  });

  test('the construct refuses both 0 and values that are neither a count nor a percentage', () => {
    expect(() => synth({ ...base, workers: { count: 2, rollout: { maxSurge: 0, maxUnavailable: 0 } } })).toThrow(
      'c/Prod: workers.rollout: maxSurge and maxUnavailable are both 0: no machine could ever be replaced.',
    );
    expect(() => synth({ ...base, workerPools: [{ name: 'a', count: 1, rollout: { maxSurge: 'lots' } }] })).toThrow(
      'worker pool "a".rollout.maxSurge: maxSurge "lots" is neither a count nor a percentage',
    );
  });

  test("the room rule counts each pool's own surge (a percentage rounds up)", () => {
    // 3 control planes + 2 workers + 20 batch = 25 machines; surge 1 + ceil(20 * 25%) = 6: 31 > 30 addresses.
    expect(() => synth({ ...base, workerPools: [{ name: 'batch', count: 20, rollout: { maxSurge: '25%' } }] })).toThrow(
      'too few for 3 control planes + 2 workers + 20 batch + 6 rollout surge machines',
    );
    expect(() =>
      synth({ ...base, workerPools: [{ name: 'batch', count: 20, rollout: { maxSurge: '20%' } }] }),
    ).not.toThrow();
  });

  test('upgrade plan reports each pool as machines: a percentage of its count', () => {
    const at = (kubernetes: string) =>
      resolvePlatformConfig({
        platform: minimalPlatform({ versions: { ...BASE_VERSIONS, kubernetes } }),
        clusters: [
          {
            environment: 'prod',
            spec: minimalCluster({
              workerPools: [{ name: 'batch', count: 4, rollout: { maxSurge: '50%', maxUnavailable: '25%' } }],
            }),
          },
        ],
      });
    const step = planUpgrade(at('1.34.4'), at('1.35.6')).steps.find((s) => s.phase === 'workload-kubernetes')!;
    expect(step.pools?.map((p) => [p.pool, p.maxSurge, p.maxUnavailable])).toEqual([
      ['workers', 1, 0],
      ['batch', 2, 1],
    ]);
  });
});
