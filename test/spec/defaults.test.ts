import {
  DEFAULT_CONTROL_PLANE_COUNT,
  DEFAULT_CONTROL_PLANE_VM_ID_START,
  DEFAULT_INSTALL_DISK,
  DEFAULT_TEMPLATE_VM_ID,
  DEFAULT_WORKER_VM_ID_START,
  QEMU_GUEST_AGENT_EXTENSION,
} from '../../lib/core/spec/defaults';
import { resolvePlatform, resolveWorkloadCluster } from '../../lib/core/spec/resolve';
import { Version } from '../../lib/core/rules/version';
import { minimalCluster, minimalPlatform } from './specs';

/** Versions as the spec writes them (`Version.toJSON`). */
const specForm = (versions: object): unknown => JSON.parse(JSON.stringify(versions));

describe('platform defaults', () => {
  const p = resolvePlatform(minimalPlatform());

  test('named constants carry the documented numbers', () => {
    expect(DEFAULT_CONTROL_PLANE_COUNT).toBe(3);
    expect(DEFAULT_CONTROL_PLANE_VM_ID_START).toBe(8100);
    expect(DEFAULT_WORKER_VM_ID_START).toBe(8200);
    expect(DEFAULT_TEMPLATE_VM_ID).toBe(9000);
    expect(DEFAULT_INSTALL_DISK).toBe('/dev/sda');
    expect(QEMU_GUEST_AGENT_EXTENSION).toBe('siderolabs/qemu-guest-agent');
  });

  test('sourceFile of a spec passed in code', () => {
    expect(p.sourceFile).toBe('<platform>');
  });

  test('proxmox', () => {
    expect(p.proxmox.insecure).toBe(false);
    // CAPMOX's token id names its config Secret; stage 30 checks TF_VAR_capmox_token_id against it.
    expect(p.proxmox.capmoxTokenId).toBe('capmox@pve!capi');
    expect(p.proxmox.datastores).toEqual([
      { name: 'local-lvm', nodes: ['pve1', 'pve2'], shared: true },
      { name: 'local', nodes: ['pve1', 'pve2'], shared: false },
    ]);
    expect(p.proxmox.bridges).toEqual([{ name: 'vmbr0', create: false, ports: [], vlanAware: true }]);
  });

  test('image: guest agent always included, template 9000 on the first datastore', () => {
    expect(p.proxmox.image).toEqual({
      datastore: 'local',
      extensions: ['siderolabs/qemu-guest-agent'],
      templateNode: 'pve1',
      templateVmId: 9000,
      templateDatastore: 'local-lvm',
    });
    const withExtra = resolvePlatform(
      minimalPlatform({
        proxmox: {
          ...minimalPlatform().proxmox,
          image: {
            datastore: 'local',
            templateNode: 'pve1',
            extensions: ['siderolabs/iscsi-tools', QEMU_GUEST_AGENT_EXTENSION],
          },
        },
      }),
    );
    expect(withExtra.proxmox.image.extensions).toEqual(['siderolabs/iscsi-tools', 'siderolabs/qemu-guest-agent']);
  });

  test('versions: the pins of versions.ts, parsed (in the spec form without the leading v)', () => {
    expect(p.versions.talos).toBe(Version.of('1.13.9'));
    expect(specForm(p.versions)).toEqual({
      talos: '1.13.9',
      kubernetes: '1.35.6',
      clusterApi: '1.12.11',
      capmox: '0.9.0',
      cabpt: '0.6.12',
      cacppt: '0.5.13',
      ipamInCluster: '1.1.0',
    });
  });

  test('management network: gateway is the first address, dns the gateway, untagged', () => {
    expect(p.management.network).toEqual({
      bridge: 'vmbr0',
      vlan: undefined,
      cidr: '10.20.0.0/24',
      prefixLength: 24,
      gateway: '10.20.0.1',
      dns: ['10.20.0.1'],
    });
    expect(p.management.endpoint).toBe('https://10.20.0.10:6443');
  });

  test('management nodes: 3 control planes from 8100, no workers from 8200, 4 cores / 8 GiB / 50 GiB', () => {
    expect(p.management.controlPlane).toEqual({
      count: 3,
      ips: ['10.20.0.11', '10.20.0.12', '10.20.0.13'],
      vmIdStart: 8100,
      cores: 4,
      memoryMiB: 8192,
      diskGiB: 50,
    });
    expect(p.management.workers).toEqual({
      count: 0,
      ips: [],
      vmIdStart: 8200,
      cores: 4,
      memoryMiB: 8192,
      diskGiB: 50,
    });
    expect(p.management.installDisk).toBe('/dev/sda');
  });

  test('management placement: every node, the first datastore; machines spread round-robin', () => {
    expect(p.management.placement).toEqual({ nodes: ['pve1', 'pve2'], datastore: 'local-lvm' });
    expect(p.management.machines.map((m) => [m.hostname, m.ip, m.vmId, m.proxmoxNode, m.role, m.index])).toEqual([
      ['mgmt-cp-1', '10.20.0.11', 8100, 'pve1', 'controlplane', 0],
      ['mgmt-cp-2', '10.20.0.12', 8101, 'pve2', 'controlplane', 1],
      ['mgmt-cp-3', '10.20.0.13', 8102, 'pve1', 'controlplane', 2],
    ]);
  });

  test('gitops', () => {
    expect(p.gitops).toEqual({
      repoUrl: 'https://github.com/example/platform-gitops.git',
      revision: 'main',
      path: 'dist',
      argocdDomain: undefined,
      clusterDelivery: 'gitops',
      engine: 'argocd',
      layout: { apps: 'platform/apps', platform: 'platform', clusters: 'clusters' },
    });
  });

  test('environments: labels default to {}', () => {
    expect(p.environments).toEqual([{ name: 'prod', labels: {} }]);
    expect(resolvePlatform(minimalPlatform({ environments: undefined })).environments).toEqual([]);
  });

  test('addons: Cilium and cert-manager on, everything else off', () => {
    expect(p.addons).toEqual({
      cilium: { enabled: true, l2Announcements: undefined },
      certManager: { enabled: true },
      externalDns: { enabled: false, provider: 'cloudflare', domainFilters: [] },
      longhorn: { enabled: false },
      monitoring: { enabled: false },
      dashboards: { enabled: false },
      externalSecrets: { enabled: false },
      velero: { enabled: false },
      logging: { enabled: false },
      etcdBackup: {
        enabled: false,
        bucket: undefined,
        region: 'us-east-1',
        endpoint: undefined,
        ageRecipient: undefined,
        schedule: '0 */6 * * *',
        retentionDays: 14,
        workloadClusters: true,
      },
      proxmoxCsi: { enabled: false, region: 'proxmox', storageClasses: [] },
    });
  });
});

describe('workload cluster defaults', () => {
  const platform = resolvePlatform(
    minimalPlatform({ environments: [{ name: 'prod', labels: { tier: 'production', team: 'infra' } }] }),
  );
  const c = resolveWorkloadCluster(minimalCluster({ labels: { team: 'platform' } }), platform, 'prod');

  test('identity', () => {
    expect(c.sourceFile).toBe('<prod/prod>');
    expect(c.environment).toBe('prod');
    expect(c.name).toBe('prod');
    expect(c.clusterClass).toBe(false);
  });

  test("versions: the platform's", () => {
    expect(specForm(c.versions)).toEqual({ talos: '1.13.9', kubernetes: '1.35.6' });
  });

  test('machine sizes: 4 cores / 8 GiB / 50 GiB', () => {
    expect(c.controlPlane).toEqual({ count: 3, cores: 4, memoryMiB: 8192, diskGiB: 50 });
    expect(c.workers).toEqual({
      count: 2,
      cores: 4,
      memoryMiB: 8192,
      diskGiB: 50,
      rollout: { maxSurge: 1, maxUnavailable: 0 },
    });
  });

  test('network: gateway, dns, prefix and endpoint derived', () => {
    expect(c.network).toEqual({
      bridge: 'vmbr0',
      vlan: 30,
      cidr: '10.30.0.0/24',
      prefixLength: 24,
      gateway: '10.30.0.1',
      dns: ['10.30.0.1'],
      endpointVip: '10.30.0.10',
      endpoint: 'https://10.30.0.10:6443',
      ipPool: { start: '10.30.0.20', end: '10.30.0.39' },
      // Talos's pod and service networks, shared with the management cluster unless the spec names its own.
      pods: '10.244.0.0/16',
      services: '10.96.0.0/12',
    });
  });

  test('placement: every node, the first datastore, the stage 00 template, no VM ID range', () => {
    expect(c.placement).toEqual({
      nodes: ['pve1', 'pve2'],
      datastore: 'local-lvm',
      vmIdRange: undefined,
      template: { node: 'pve1', vmId: 9000, datastore: 'local-lvm', extensions: ['siderolabs/qemu-guest-agent'] },
    });
  });

  test("labels: the environment's, overlaid with the cluster's, sorted", () => {
    expect(c.labels).toEqual({ team: 'platform', tier: 'production' });
    expect(Object.keys(c.labels)).toEqual(['team', 'tier']);
  });

  test('explicit values win over defaults', () => {
    const explicit = resolveWorkloadCluster(
      minimalCluster({
        versions: { kubernetes: '1.35.0' },
        network: { ...minimalCluster().network, gateway: '10.30.0.254', dns: ['1.1.1.1'] },
        placement: {
          nodes: ['pve2'],
          datastore: 'local',
          vmIdRange: { start: 10000, end: 10099 },
          template: { node: 'pve2', vmId: 9001 },
        },
        clusterClass: true,
      }),
      platform,
      'prod',
    );
    expect(specForm(explicit.versions)).toEqual({ talos: '1.13.9', kubernetes: '1.35.0' });
    expect(explicit.network.gateway).toBe('10.30.0.254');
    expect(explicit.network.dns).toEqual(['1.1.1.1']);
    expect(explicit.placement).toEqual({
      nodes: ['pve2'],
      datastore: 'local',
      vmIdRange: { start: 10000, end: 10099 },
      template: { node: 'pve2', vmId: 9001 },
    });
    expect(explicit.clusterClass).toBe(true);
  });
});
