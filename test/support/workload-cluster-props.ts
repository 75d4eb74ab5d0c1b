/**
 * Fixture builder for `WorkloadCluster` props: one valid workload cluster (`prod`, three control planes, three
 * workers, VLAN 30 on 10.30.0.0/24) with every version and size pinned, so a test changes only what it is about.
 * The spec-side twin is `minimalCluster` in test/spec/specs.ts.
 */
import type { WorkloadClusterProps } from '../../lib/capi/workload-cluster';

export function workloadClusterProps(overrides: Partial<WorkloadClusterProps> = {}): WorkloadClusterProps {
  return {
    clusterName: 'prod',
    kubernetesVersion: '1.36.1',
    talosVersion: '1.13.9',
    controlPlane: { count: 3, cores: 4, memoryMiB: 8192, diskGiB: 50 },
    workers: { count: 3, cores: 8, memoryMiB: 16384, diskGiB: 100 },
    network: {
      bridge: 'vmbr0',
      vlan: 30,
      cidr: '10.30.0.0/24',
      gateway: '10.30.0.1',
      dns: ['10.30.0.1'],
      endpointVip: '10.30.0.10',
      ipPool: { start: '10.30.0.20', end: '10.30.0.49' },
    },
    placement: { nodes: ['pve1', 'pve2', 'pve3'], template: { node: 'pve1', vmId: 9000 } },
    ...overrides,
  };
}
