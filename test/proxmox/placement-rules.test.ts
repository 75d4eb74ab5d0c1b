/**
 * The clone rules of lib/core/spec/checks/placement.ts: which placements Proxmox can clone for CAPMOX. The invalid
 * fixtures cover file and line; these cover the cases that must pass and the edges.
 */
import { crossNodeTargets } from '../../lib/core/spec/checks/placement';
import { platformConfig, resolvePlatform, resolveWorkloadCluster } from '../../lib/core/spec/resolve';
import { validatePlatformConfig } from '../../lib/core/spec/validate';
import type {
  DatastoreSpec,
  PlatformSpec,
  WorkloadClusterSpec,
  WorkloadPlacementSpec,
} from '../../lib/core/spec/types';

const LOCAL: DatastoreSpec = { name: 'local-lvm' };
const CEPH: DatastoreSpec = { name: 'ceph-vm', shared: true };

function platform(datastores: DatastoreSpec[], templateDatastore?: string): PlatformSpec {
  return {
    apiVersion: 'talos-platform-cdk/v1alpha1',
    kind: 'Platform',
    proxmox: {
      endpoint: 'https://pve1.example.internal:8006',
      nodes: [{ name: 'pve1' }, { name: 'pve2' }, { name: 'pve3' }],
      datastores: [...datastores, { name: 'local' }],
      bridges: [{ name: 'vmbr0' }],
      image: { datastore: 'local', templateNode: 'pve1', ...(templateDatastore ? { templateDatastore } : {}) },
    },
    management: {
      name: 'mgmt',
      network: { bridge: 'vmbr0', cidr: '10.20.0.0/24' },
      vip: '10.20.0.10',
      controlPlane: { count: 3, ips: ['10.20.0.11', '10.20.0.12', '10.20.0.13'] },
      placement: { nodes: ['pve1', 'pve2', 'pve3'], datastore: 'local-lvm' },
    },
    gitops: { repoUrl: 'https://github.com/example/platform-gitops.git' },
    environments: [{ name: 'prod' }],
  };
}

function cluster(placement?: WorkloadPlacementSpec): WorkloadClusterSpec {
  return {
    apiVersion: 'talos-platform-cdk/v1alpha1',
    kind: 'WorkloadCluster',
    name: 'prod',
    controlPlane: { count: 3 },
    workers: { count: 2 },
    network: {
      bridge: 'vmbr0',
      cidr: '10.30.0.0/24',
      endpointVip: '10.30.0.10',
      ipPool: { start: '10.30.0.20', end: '10.30.0.39' },
    },
    ...(placement ? { placement } : {}),
  };
}

/** Rule and field of every placement error. */
function placementErrors(p: PlatformSpec, c: WorkloadClusterSpec): string[][] {
  const resolved = resolvePlatform(p);
  const config = platformConfig(resolved, [resolveWorkloadCluster(c, resolved, 'prod')]);
  return validatePlatformConfig(config)
    .filter((e) => e.rule?.endsWith('-not-shared'))
    .map((e) => [String(e.rule), e.path]);
}

describe('clone placement', () => {
  test('a cluster on the template node only may use local storage for everything', () => {
    expect(placementErrors(platform([LOCAL]), cluster({ nodes: ['pve1'] }))).toEqual([]);
  });

  test('a cluster on every node needs the template and its disks on shared storage', () => {
    expect(placementErrors(platform([CEPH, LOCAL]), cluster())).toEqual([]);
    expect(placementErrors(platform([LOCAL]), cluster())).toEqual([
      ['clone-storage-not-shared', 'placement.datastore'],
      ['template-not-shared', 'placement.nodes'],
    ]);
  });

  test('shared disks are not enough when the template is on local storage, and the other way round', () => {
    expect(placementErrors(platform([CEPH, LOCAL], 'local-lvm'), cluster())).toEqual([
      ['template-not-shared', 'placement.nodes'],
    ]);
    expect(placementErrors(platform([CEPH, LOCAL]), cluster({ datastore: 'local-lvm' }))).toEqual([
      ['clone-storage-not-shared', 'placement.datastore'],
    ]);
  });

  test('a cluster only on other nodes than the template node clones across nodes too', () => {
    const c = cluster({ nodes: ['pve2'] });
    const resolved = resolvePlatform(platform([LOCAL]));
    expect(crossNodeTargets(resolveWorkloadCluster(c, resolved, 'prod'))).toEqual(['pve2']);
    expect(placementErrors(platform([LOCAL]), c).map(([rule]) => rule)).toEqual([
      'clone-storage-not-shared',
      'template-not-shared',
    ]);
  });

  test("a user's own template is checked when the spec names its datastore, and only then", () => {
    const own = { node: 'pve2', vmId: 9100 };
    expect(placementErrors(platform([CEPH, LOCAL]), cluster({ template: own }))).toEqual([]);
    expect(placementErrors(platform([CEPH, LOCAL]), cluster({ template: { ...own, datastore: 'local-lvm' } }))).toEqual(
      [['template-not-shared', 'placement.nodes']],
    );
    expect(placementErrors(platform([CEPH, LOCAL]), cluster({ template: { ...own, datastore: 'ceph-vm' } }))).toEqual(
      [],
    );
  });

  test('the management cluster spreads over local storage: its VMs import the image, nothing is cloned', () => {
    const resolved = resolvePlatform(platform([LOCAL]));
    expect(validatePlatformConfig(platformConfig(resolved, []))).toEqual([]);
  });
});
