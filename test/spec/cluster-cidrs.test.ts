/** Pod and service networks across the platform (lib/core/spec/checks/cluster-cidrs.ts). */
import type { SpecError } from '../../lib/core/errors';
import { SpecValidationError } from '../../lib/core/spec-validation-error';
import { resolvePlatformConfig } from '../../lib/core/spec/resolve';
import type { PlatformSpec, WorkloadClusterSpec, WorkloadNetworkSpec } from '../../lib/core/spec/types';
import { minimalCluster, minimalPlatform } from './specs';

function errorsOf(clusters: WorkloadClusterSpec[], platform: PlatformSpec = minimalPlatform()): SpecError[] {
  try {
    resolvePlatformConfig({ platform, clusters: clusters.map((spec) => ({ environment: 'prod', spec })) });
    return [];
  } catch (err) {
    if (err instanceof SpecValidationError) return [...err.errors];
    throw err;
  }
}

/** A second cluster on its own node network, 10.<octet>.0.0/24. */
function cluster(name: string, octet: number, network: Partial<WorkloadNetworkSpec> = {}): WorkloadClusterSpec {
  const base = minimalCluster();
  return minimalCluster({
    name,
    network: {
      ...base.network,
      cidr: `10.${octet}.0.0/24`,
      endpointVip: `10.${octet}.0.10`,
      ipPool: { start: `10.${octet}.0.20`, end: `10.${octet}.0.39` },
      ...network,
    },
  });
}

const rulesOf = (errors: SpecError[]) => errors.map((e) => [e.rule, e.path]);

describe('cluster pod and service networks', () => {
  test('defaults: every cluster shares Talos 10.244.0.0/16 and 10.96.0.0/12, as before, and nothing is reported', () => {
    const config = resolvePlatformConfig({
      platform: minimalPlatform(),
      clusters: [
        { environment: 'prod', spec: cluster('a', 30) },
        { environment: 'prod', spec: cluster('b', 31) },
      ],
    });
    expect(config.clusters.map((c) => [c.network.pods, c.network.services])).toEqual([
      ['10.244.0.0/16', '10.96.0.0/12'],
      ['10.244.0.0/16', '10.96.0.0/12'],
    ]);
  });

  test('distinct networks per cluster are valid', () => {
    expect(
      errorsOf([
        cluster('a', 30, { pods: '10.200.0.0/16', services: '10.210.0.0/16' }),
        cluster('b', 31, { pods: '10.201.0.0/16', services: '10.211.0.0/16' }),
      ]),
    ).toEqual([]);
  });

  test('two clusters with overlapping pod networks: reported on the later one, at its field, with the fix', () => {
    const errors = errorsOf([
      cluster('a', 30, { pods: '10.200.0.0/16' }),
      cluster('b', 31, { pods: '10.200.128.0/17' }),
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      rule: 'cluster-networks-overlap',
      path: 'network.pods',
      message:
        'the pod network `10.200.128.0/17` of cluster `b` overlaps the pod network `10.200.0.0/16` of cluster `a`',
      hint: 'give cluster `b` its own pod network, or remove `network.pods` to share the default',
    });
  });

  test('a pod network inside the default service network (10.96.0.0/12: 10.96 to 10.111) overlaps both users', () => {
    expect(rulesOf(errorsOf([cluster('a', 30, { pods: '10.100.0.0/16' })]))).toEqual([
      ['cluster-networks-overlap', 'network.pods'], // the management cluster's services
      ['pod-service-overlap', 'network.services'], // its own services, the default
    ]);
  });

  test("pods against the cluster's own services", () => {
    const errors = errorsOf([cluster('a', 30, { pods: '10.200.0.0/16', services: '10.200.0.0/20' })]);
    expect(errors).toEqual([expect.objectContaining({ rule: 'pod-service-overlap', path: 'network.services' })]);
  });

  test('a pod network over a node network (its own or the management one)', () => {
    const errors = errorsOf([cluster('a', 30, { pods: '10.0.0.0/8' })]);
    // 10.0.0.0/8 covers both node networks (management 10.20.0.0/24, its own 10.30.0.0/24), the management
    // cluster's pods and services, and its own default services.
    expect(rulesOf(errors)).toEqual([
      ['cluster-network-overlaps-node-network', 'network.pods'],
      ['cluster-network-overlaps-node-network', 'network.pods'],
      ['cluster-networks-overlap', 'network.pods'],
      ['cluster-networks-overlap', 'network.pods'],
      ['pod-service-overlap', 'network.services'],
    ]);
  });

  test("a node network inside the management cluster's default pod network is reported on the node network", () => {
    const onPods = {
      cidr: '10.244.3.0/24',
      endpointVip: '10.244.3.10',
      ipPool: { start: '10.244.3.20', end: '10.244.3.39' },
    };
    const errors = errorsOf([cluster('a', 30, onPods)]);
    expect(errors).toContainEqual(
      expect.objectContaining({
        rule: 'cluster-network-overlaps-node-network',
        path: 'network.cidr',
        message: expect.stringContaining(
          'the pod network `10.244.0.0/16` of management cluster `mgmt` (Talos default)',
        ),
      }),
    );
  });

  test('a malformed pod network is a syntax error, not a crash', () => {
    expect(rulesOf(errorsOf([cluster('a', 30, { pods: '10.300.0.0/16' })]))).toEqual([
      ['malformed-cidr', 'network.pods'],
    ]);
  });
});
