/**
 * Checks not covered by an invalid fixture (or worth a second angle), on specs written in code. Each asserts the
 * rule, the field and the message.
 */
import type { SpecError } from '../../lib/core/errors';
import { SpecValidationError } from '../../lib/core/spec-validation-error';
import { resolvePlatformConfig } from '../../lib/core/spec/resolve';
import type { PlatformSpec, WorkloadClusterSpec } from '../../lib/core/spec/types';
import { minimalCluster, minimalPlatform } from './specs';

function errorsOf(platform: PlatformSpec, clusters: WorkloadClusterSpec[] = []): SpecError[] {
  try {
    resolvePlatformConfig({ platform, clusters: clusters.map((spec) => ({ environment: 'prod', spec })) });
    return [];
  } catch (err) {
    if (err instanceof SpecValidationError) return [...err.errors];
    throw err;
  }
}

const p = minimalPlatform();
const m = p.management;
const px = p.proxmox;

test('the minimal specs are valid', () => {
  expect(errorsOf(p, [minimalCluster()])).toEqual([]);
});

test.each<[string, PlatformSpec, WorkloadClusterSpec[], Partial<SpecError>]>([
  [
    'invalid-url',
    { ...p, proxmox: { ...px, endpoint: 'https://' } },
    [],
    { path: 'proxmox.endpoint', message: '`https://` is not a URL' },
  ],
  [
    'gateway-conflict',
    { ...p, management: { ...m, network: { ...m.network, gateway: '10.20.0.11' } } },
    [],
    {
      path: 'management.controlPlane.ips[0]',
      message: 'control-plane address 10.20.0.11 is the gateway of 10.20.0.0/24',
    },
  ],
  [
    'gateway-conflict',
    { ...p, management: { ...m, vip: '10.20.0.1' } },
    [],
    { path: 'management.vip', message: 'the VIP 10.20.0.1 is the gateway of 10.20.0.0/24' },
  ],
  [
    'even-control-plane-count',
    {
      ...p,
      management: { ...m, controlPlane: { count: 4, ips: ['10.20.0.11', '10.20.0.12', '10.20.0.13', '10.20.0.14'] } },
    },
    [],
    {
      path: 'management.controlPlane.count',
      message: '4 control planes tolerate no more failures than 3 (etcd quorum)',
    },
  ],
  [
    'node-ips-count-mismatch',
    { ...p, management: { ...m, workers: { count: 2 } } },
    [],
    { path: 'management.workers.ips', message: '0 addresses for 2 workers' },
  ],
  [
    'duplicate-vm-id',
    { ...p, management: { ...m, workers: { count: 1, ips: ['10.20.0.21'], vmIdStart: 8102 } } },
    [],
    {
      path: 'management.workers.vmIdStart',
      message:
        'management worker VMs (VM ID 8102) overlaps management control-plane VMs (VM IDs 8100-8102) (management.controlPlane.vmIdStart)',
    },
  ],
  [
    'duplicate-vm-id',
    p,
    [
      minimalCluster({
        placement: { vmIdRange: { start: 10000, end: 10099 }, template: { node: 'pve2', vmId: 10050 } },
      }),
    ],
    {
      path: 'placement.vmIdRange',
      message:
        'the VM ID range of cluster `prod` (VM IDs 10000-10099) overlaps the template of cluster `prod` (VM ID 10050) (placement.template.vmId)',
    },
  ],
  [
    'unknown-node',
    { ...p, proxmox: { ...px, datastores: [{ name: 'local-lvm', nodes: ['pve1', 'pve7'] }, { name: 'local' }] } },
    [],
    { path: 'proxmox.datastores[0].nodes[1]', message: 'Proxmox node `pve7` is not in proxmox.nodes' },
  ],
  [
    'datastore-not-on-node',
    { ...p, proxmox: { ...px, datastores: [{ name: 'local-lvm' }, { name: 'local', nodes: ['pve2'] }] } },
    [],
    { path: 'proxmox.image.datastore', message: 'datastore `local` is not available on `pve1`' },
  ],
  [
    'unknown-datastore',
    { ...p, proxmox: { ...px, image: { ...px.image, templateDatastore: 'ceph' } } },
    [],
    { path: 'proxmox.image.templateDatastore', message: 'datastore `ceph` is not in proxmox.datastores' },
  ],
  [
    'incompatible-cluster-api-version',
    { ...p, versions: { capmox: '0.8.1', clusterApi: '1.12.0', ipamInCluster: '1.0.0' } },
    [],
    { path: 'versions.clusterApi', message: 'CAPMOX 0.8.1 does not support Cluster API 1.12.0' },
  ],
  [
    'kubernetes-version-unsupported',
    { ...p, versions: { talos: '1.12.4', kubernetes: '1.36.1' } },
    [],
    { path: 'versions.kubernetes', message: 'Talos 1.12 does not support Kubernetes 1.36.1' },
  ],
  [
    'kubernetes-version-unsupported-by-cluster-api',
    { ...p, versions: { kubernetes: '1.36.1' } },
    [],
    {
      path: 'versions.kubernetes',
      message: 'Cluster API 1.12.11 does not support Kubernetes 1.36.1 on the management cluster',
    },
  ],
  [
    'invalid-label',
    { ...p, environments: [{ name: 'prod', labels: { 'example.com/tier': 'bad value' } }] },
    [],
    { path: 'environments[0].labels.example.com/tier', message: 'value `bad value` is not a valid label value' },
  ],
  [
    'invalid-label',
    p,
    [minimalCluster({ labels: { 'Example.com/tier': 'prod' } })],
    { path: 'labels.Example.com/tier', message: 'key prefix `Example.com` is not a DNS subdomain' },
  ],
  [
    'machine-below-talos-minimum',
    p,
    [minimalCluster({ controlPlane: { count: 1, cores: 1 } })],
    { path: 'controlPlane.cores', message: '1 core is below the Talos minimum for a control plane' },
  ],
  [
    'l2-pool-conflict',
    {
      ...p,
      addons: { cilium: { enabled: true, l2Announcements: { start: '10.30.0.5', end: '10.30.0.9' } } },
      management: {
        ...m,
        network: { ...m.network, cidr: '10.30.0.0/24' },
        vip: '10.30.0.250',
        controlPlane: { ips: ['10.30.0.251', '10.30.0.252', '10.30.0.253'] },
      },
    },
    [minimalCluster({ network: { ...minimalCluster().network, vlan: undefined, endpointVip: '10.30.0.7' } })],
    {
      path: 'network.endpointVip',
      message:
        'the endpoint VIP 10.30.0.7 overlaps the Cilium L2 pool 10.30.0.5-10.30.0.9 (addons.cilium.l2Announcements in <platform>) of management cluster `mgmt`',
    },
  ],
  [
    'network-or-broadcast-address',
    p,
    [
      minimalCluster({
        network: { ...minimalCluster().network, ipPool: { start: '10.30.0.240', end: '10.30.0.255' } },
      }),
    ],
    {
      path: 'network.ipPool',
      message: 'IP pool 10.30.0.240-10.30.0.255 includes the network or broadcast address of 10.30.0.0/24',
    },
  ],
])('%s', (rule, platform, clusters, expected) => {
  expect(errorsOf(platform, clusters)).toContainEqual(expect.objectContaining({ rule, ...expected }));
});
