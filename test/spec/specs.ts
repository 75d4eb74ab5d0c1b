/** Minimal valid specs in code (only required fields), for tests that assert defaults and single rules. */
import type { PlatformSpec, WorkloadClusterSpec } from '../../lib/core/spec/types';

export function minimalPlatform(overrides: Partial<PlatformSpec> = {}): PlatformSpec {
  return {
    apiVersion: 'talos-platform-cdk/v1alpha1',
    kind: 'Platform',
    proxmox: {
      endpoint: 'https://pve.example.internal:8006',
      nodes: [{ name: 'pve1' }, { name: 'pve2' }],
      // Shared: the minimal cluster spans both nodes, and Proxmox clones across nodes only from and to shared storage.
      datastores: [{ name: 'local-lvm', shared: true }, { name: 'local' }],
      bridges: [{ name: 'vmbr0' }],
      image: { datastore: 'local', templateNode: 'pve1' },
    },
    management: {
      name: 'mgmt',
      network: { bridge: 'vmbr0', cidr: '10.20.0.0/24' },
      vip: '10.20.0.10',
      controlPlane: { ips: ['10.20.0.11', '10.20.0.12', '10.20.0.13'] },
    },
    gitops: { repoUrl: 'https://github.com/example/platform-gitops.git' },
    environments: [{ name: 'prod' }],
    ...overrides,
  };
}

export function minimalCluster(overrides: Partial<WorkloadClusterSpec> = {}): WorkloadClusterSpec {
  return {
    apiVersion: 'talos-platform-cdk/v1alpha1',
    kind: 'WorkloadCluster',
    name: 'prod',
    controlPlane: { count: 3 },
    workers: { count: 2 },
    network: {
      bridge: 'vmbr0',
      vlan: 30,
      cidr: '10.30.0.0/24',
      endpointVip: '10.30.0.10',
      ipPool: { start: '10.30.0.20', end: '10.30.0.39' },
    },
    ...overrides,
  };
}
