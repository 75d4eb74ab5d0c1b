import type { App } from 'cdktf';
import { TerraformOutput, Testing } from 'cdktf';
import { resolvePlatformConfig } from '../../lib/core/spec/resolve';
import type { PlatformConfig } from '../../lib/core/spec/resolved';
import type { PlatformSpec, WorkloadClusterSpec } from '../../lib/core/spec/types';
import { STATE_DIR_CONTEXT, StateBackend, TERRAFORM_OUTDIR_CONTEXT } from '../../lib/core/state-backend';
import type { IManagementCluster } from '../../lib/talos/management-cluster-ref';
import { ProxmoxFoundationStack } from '../../stacks/00-proxmox-foundation';
import { MgmtTalosStack } from '../../stacks/10-mgmt-talos';
import { StageStack } from '../../stacks/stage-stack';
import { blocks, only } from '../proxmox/synth';
import type { TfJson } from '../proxmox/synth';

const SPEC: PlatformSpec = {
  apiVersion: 'talos-platform-cdk/v1alpha1',
  kind: 'Platform',
  proxmox: {
    endpoint: 'https://pve1.example.internal:8006',
    insecure: true,
    nodes: [{ name: 'pve1' }, { name: 'pve2' }, { name: 'pve3' }],
    datastores: [{ name: 'local-lvm' }, { name: 'local' }],
    bridges: [{ name: 'vmbr0' }],
    image: { datastore: 'local', extensions: ['siderolabs/iscsi-tools'], templateNode: 'pve1', templateVmId: 9000 },
  },
  management: {
    name: 'mgmt',
    network: { bridge: 'vmbr0', cidr: '10.20.0.0/24', gateway: '10.20.0.1' },
    vip: '10.20.0.10',
    controlPlane: { count: 3, ips: ['10.20.0.11', '10.20.0.12', '10.20.0.13'], vmIdStart: 8100 },
    placement: { nodes: ['pve1', 'pve2', 'pve3'], datastore: 'local-lvm' },
  },
  gitops: { repoUrl: 'https://github.com/example/platform-gitops.git' },
};

function config(overrides: Partial<PlatformSpec> = {}): PlatformConfig {
  return resolvePlatformConfig({ platform: { ...SPEC, ...overrides } });
}

/** Stages 00 and 10, plus a stand-in for stage 20 that consumes the management cluster like the real one. */
function synthStages(cfg: PlatformConfig = config(), backend?: StateBackend) {
  // The default project layout: cdktf.out in the project root, which holds the local state files.
  const context = { [TERRAFORM_OUTDIR_CONTEXT]: '/project/cdktf.out', [STATE_DIR_CONTEXT]: '/project' };
  const app = Testing.app({ context }) as App;
  const foundation = new ProxmoxFoundationStack(app, '00-proxmox-foundation', { config: cfg, backend });
  const mgmt = new MgmtTalosStack(app, '10-mgmt-talos', { config: cfg, image: foundation.image, backend });
  const consumer = new ConsumerStack(app, '20-capi-operator', mgmt.cluster, backend);
  // As App.synth does: a first resolve pass adds the cross-stack outputs and remote-state reads.
  for (const stack of [foundation, mgmt, consumer]) stack.prepareStack();
  const json = (stack: StageStack): TfJson => JSON.parse(Testing.synth(stack, true)) as TfJson;
  return { foundation, mgmt, s00: json(foundation), s10: json(mgmt), s20: json(consumer) };
}

class ConsumerStack extends StageStack {
  constructor(scope: App, id: string, cluster: IManagementCluster, backend?: StateBackend) {
    super(scope, id, { backend });
    const client = cluster.kubernetesClient;
    new TerraformOutput(this, 'uses', {
      value: [cluster.endpoint, client.host, client.caCertificate, client.clientCertificate, client.clientKey],
      sensitive: true,
    });
  }
}

const SECRET_MARKERS = ['PRIVATE KEY', 'BEGIN CERTIFICATE', 'password', 'secret'];

describe('stage 00: proxmox-foundation', () => {
  it('configures the providers without secrets and pins their versions', () => {
    const { s00 } = synthStages();
    expect(s00.provider?.proxmox).toEqual([
      { endpoint: 'https://pve1.example.internal:8006', insecure: true, api_token: '${var.proxmox_api_token}' },
    ]);
    expect(s00.provider?.talos).toEqual([{}]);
    expect(s00.variable?.proxmox_api_token).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    expect(s00.variable?.proxmox_api_token).not.toHaveProperty('default');
    expect(s00.terraform?.required_providers).toEqual({
      proxmox: { source: 'bpg/proxmox', version: '0.111.1' },
      talos: { source: 'siderolabs/talos', version: '0.11.0' },
    });
    expect(s00.terraform?.backend).toEqual({ local: { path: '../../../terraform.00-proxmox-foundation.tfstate' } });
  });

  it('puts the image on the template node and every management VM node, and the template on the template node', () => {
    const { s00 } = synthStages();
    const downloads = Object.values(blocks(s00, 'resource', 'proxmox_download_file'));
    expect(downloads.map((d) => d.node_name)).toEqual(['pve1', 'pve2', 'pve3']);
    expect(downloads.every((d) => d.datastore_id === 'local' && d.content_type === 'import')).toBe(true);
    const schematic = only(s00, 'resource', 'talos_image_factory_schematic');
    expect(schematic.schematic).toContain('siderolabs/iscsi-tools');
    expect(schematic.schematic).toContain('siderolabs/qemu-guest-agent');
    expect(only(s00, 'resource', 'proxmox_virtual_environment_vm')).toMatchObject({
      node_name: 'pve1',
      vm_id: 9000,
      template: true,
      network_device: [expect.objectContaining({ bridge: 'vmbr0', model: 'virtio', mac_address: null })],
    });
  });

  it('checks every datastore on its nodes, with the content types the platform needs', () => {
    const { s00 } = synthStages();
    const reads = Object.values(blocks(s00, 'data', 'proxmox_datastores'));
    const seen = reads.map((r) => `${(r.filters as { id: string }).id}@${r.node_name}`).sort();
    expect(seen).toEqual([
      'local-lvm@pve1',
      'local-lvm@pve2',
      'local-lvm@pve3',
      'local@pve1',
      'local@pve2',
      'local@pve3',
    ]);
    const contentCondition = (id: string, node: string) =>
      (
        reads.find((r) => (r.filters as { id: string }).id === id && r.node_name === node)!.lifecycle as {
          postcondition: { condition: string }[];
        }
      ).postcondition[2]?.condition;
    expect(contentCondition('local', 'pve2')).toContain('["import"]');
    expect(contentCondition('local-lvm', 'pve1')).toContain('["images"]');
  });

  it('checks the shared flag the spec declares, and an iso storage on every node workload machines may land on', () => {
    const platform: PlatformSpec = {
      ...SPEC,
      proxmox: {
        ...SPEC.proxmox,
        datastores: [{ name: 'ceph-vm', shared: true }, { name: 'local-lvm' }, { name: 'local' }],
      },
      environments: [{ name: 'prod' }],
    };
    const cluster: WorkloadClusterSpec = {
      apiVersion: 'talos-platform-cdk/v1alpha1',
      kind: 'WorkloadCluster',
      name: 'prod',
      controlPlane: { count: 1 },
      workers: { count: 1 },
      network: {
        bridge: 'vmbr0',
        cidr: '10.30.0.0/24',
        endpointVip: '10.30.0.10',
        ipPool: { start: '10.30.0.20', end: '10.30.0.29' },
      },
      placement: { nodes: ['pve1', 'pve3'] },
    };
    const { s00 } = synthStages(
      resolvePlatformConfig({ platform, clusters: [{ environment: 'prod', spec: cluster }] }),
    );
    const reads = Object.values(blocks(s00, 'data', 'proxmox_datastores'));
    const conditions = (r: Record<string, unknown>) =>
      (r.lifecycle as { postcondition: { condition: string; error_message: string }[] }).postcondition;
    const byId = (id: string) => reads.filter((r) => (r.filters as { id?: string }).id === id);

    // Declared shared: checked on every node against the real flag; undeclared: not checked.
    expect(byId('ceph-vm').map((r) => r.node_name)).toEqual(['pve1', 'pve2', 'pve3']);
    for (const r of byId('ceph-vm')) {
      expect(conditions(r)).toContainEqual(
        expect.objectContaining({ condition: '${try(self.datastores[0].shared, null) == true}' }),
      );
    }
    for (const r of byId('local-lvm')) expect(JSON.stringify(conditions(r))).not.toContain('.shared');
    // The cluster's disks land on ceph-vm of pve1 and pve3: those reads also need the images content type.
    const images = byId('ceph-vm').filter((r) => conditions(r).some((c) => c.condition.includes('["images"]')));
    expect(images.map((r) => r.node_name)).toEqual(['pve1', 'pve3']);

    // The iso storage: only on the nodes the cluster may use, with the fix in the message.
    const iso = reads.filter((r) => JSON.stringify(r.filters) === JSON.stringify({ content_types: ['iso'] }));
    expect(iso.map((r) => r.node_name)).toEqual(['pve1', 'pve3']);
    expect(conditions(iso[0])[0].condition).toBe(
      '${length([for d in self.datastores : d if try(d.enabled, true) != false]) > 0}',
    );
    expect(conditions(iso[0])[0].error_message).toContain(
      'Proxmox node "pve1" has no enabled datastore with the "iso"',
    );
  });

  it('creates bridges marked create: true and makes the template wait for them', () => {
    const cfg = config({ proxmox: { ...SPEC.proxmox, bridges: [{ name: 'vmbr0', create: true, ports: ['enp1s0'] }] } });
    const { s00 } = synthStages(cfg);
    const bridges = Object.entries(blocks(s00, 'resource', 'proxmox_network_linux_bridge'));
    expect(bridges.map(([, b]) => b.node_name)).toEqual(['pve1', 'pve2', 'pve3']);
    expect(bridges[0][1]).toMatchObject({ name: 'vmbr0', ports: ['enp1s0'], vlan_aware: true });
    const template = only(s00, 'resource', 'proxmox_virtual_environment_vm');
    expect(template.depends_on).toEqual([`proxmox_network_linux_bridge.${bridges[0][0]}`]);
  });

  it('has the documented outputs', () => {
    const { s00 } = synthStages();
    expect(
      Object.keys(s00.output ?? {})
        .filter((o) => !o.startsWith('cross-stack-output'))
        .sort(),
    ).toEqual([
      'talos_image_file_ids',
      'talos_installer_image',
      'talos_schematic_id',
      'template_node',
      'template_tags',
      'template_vm_id',
    ]);
    expect(s00.output?.template_vm_id.value).toBe(9000);
    expect(s00.output?.template_tags.value).toEqual(['talos', 'talos-v1.13.9']);
  });
});

describe('stage 10: mgmt-talos', () => {
  it('creates one VM per management machine with its static address, spread over the placement nodes', () => {
    const { s10 } = synthStages();
    const vms = Object.values(blocks(s10, 'resource', 'proxmox_virtual_environment_vm'));
    expect(vms.map((v) => [v.name, v.node_name, v.vm_id])).toEqual([
      ['mgmt-cp-1', 'pve1', 8100],
      ['mgmt-cp-2', 'pve2', 8101],
      ['mgmt-cp-3', 'pve3', 8102],
    ]);
    expect(vms[1]).toMatchObject({
      tags: ['controlplane', 'mgmt', 'talos'],
      cpu: { cores: 4, sockets: 1, type: 'host' },
      memory: { dedicated: 8192 },
      initialization: {
        datastore_id: 'local-lvm',
        type: 'nocloud',
        ip_config: [{ ipv4: { address: '10.20.0.12/24', gateway: '10.20.0.1' } }],
        dns: { servers: ['10.20.0.1'] },
      },
    });
  });

  it('reads the image file ids from stage 00 through remote state, never as copied strings', () => {
    const { s00, s10 } = synthStages();
    const remote = Object.values(blocks(s10, 'data', 'terraform_remote_state'));
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({
      backend: 'local',
      config: { path: '../../../terraform.00-proxmox-foundation.tfstate' },
    });
    const disk = (
      Object.values(blocks(s10, 'resource', 'proxmox_virtual_environment_vm'))[0].disk as Record<string, unknown>[]
    )[0];
    expect(disk.import_from).toMatch(
      /^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.cross-stack-output-proxmox_download_file[^}]+\}$/,
    );
    const crossOutputs = Object.entries(s00.output ?? {}).filter(([name]) => name.startsWith('cross-stack-output'));
    expect(crossOutputs.length).toBeGreaterThan(0);
  });

  it('builds the Talos cluster on the VMs: NIC by MAC, VIP on control planes, bootstrap once', () => {
    const { s10 } = synthStages();
    const applies = Object.values(blocks(s10, 'resource', 'talos_machine_configuration_apply'));
    expect(applies.map((a) => a.node)).toEqual(['10.20.0.11', '10.20.0.12', '10.20.0.13']);
    expect(applies[0].config_patches as string[]).toEqual(
      expect.arrayContaining([expect.stringContaining('mac(link.permanent_addr) == "02:54:4c:00:1f:a4"')]),
    );
    expect((applies[0].depends_on as string[])[0]).toMatch(/^proxmox_virtual_environment_vm\./);
    expect(only(s10, 'resource', 'talos_machine_bootstrap')).toMatchObject({ node: '10.20.0.11' });
    const cp = only(s10, 'data', 'talos_machine_configuration');
    expect(cp).toMatchObject({ cluster_endpoint: 'https://10.20.0.10:6443', machine_type: 'controlplane' });
    expect((cp.config_patches as string[]).join('\n')).toMatch(
      /image: \$\{data\.terraform_remote_state\.[^.]+\.outputs\.cross-stack-output-datatalos_image_factory_urls\w+urlsinstaller\}/,
    );
  });

  it('outputs the kubeconfig and talosconfig as sensitive, the addresses as plain values', () => {
    const { s10 } = synthStages();
    const outputs = s10.output ?? {};
    expect(outputs.kubeconfig).toMatchObject({ sensitive: true });
    expect(outputs.kubeconfig.value).toMatch(/^\$\{talos_cluster_kubeconfig\.[^.]+\.kubeconfig_raw\}$/);
    expect(outputs.talosconfig).toMatchObject({ sensitive: true });
    expect(outputs.talosconfig.value).toMatch(/^\$\{data\.talos_client_configuration\.[^.]+\.talos_config\}$/);
    expect(outputs.endpoint).toMatchObject({ value: 'https://10.20.0.10:6443', sensitive: false });
    expect(outputs.control_plane_ips).toMatchObject({
      value: ['10.20.0.11', '10.20.0.12', '10.20.0.13'],
      sensitive: false,
    });
    expect(outputs.cluster_name.value).toBe('mgmt');
    expect(outputs.worker_ips.value).toEqual([]);
  });

  it('hands the credentials to stage 20 only through outputs marked sensitive', () => {
    const { s10, s20 } = synthStages();
    const crossOutputs = Object.entries(s10.output ?? {}).filter(([name]) => name.startsWith('cross-stack-output'));
    expect(crossOutputs.map(([name]) => name).sort()).toEqual([
      expect.stringMatching(
        /^cross-stack-output-talos_cluster_kubeconfig\w+kubernetes_client_configurationca_certificate$/,
      ),
      expect.stringMatching(
        /^cross-stack-output-talos_cluster_kubeconfig\w+kubernetes_client_configurationclient_certificate$/,
      ),
      expect.stringMatching(
        /^cross-stack-output-talos_cluster_kubeconfig\w+kubernetes_client_configurationclient_key$/,
      ),
      expect.stringMatching(/^cross-stack-output-talos_cluster_kubeconfig\w+kubernetes_client_configurationhost$/),
    ]);
    for (const [, output] of crossOutputs) expect(output.sensitive).toBe(true);
    const uses = s20.output?.uses.value as string[];
    expect(uses[0]).toBe('https://10.20.0.10:6443');
    // sensitive() is evaluated in the consumer: terraform_remote_state does not carry the mark over
    expect(uses[4]).toMatch(
      /^\$\{sensitive\(base64decode\(data\.terraform_remote_state\.[^.]+\.outputs\.cross-stack-output-talos_cluster_kubeconfig[^)]+client_key\)\)\}$/,
    );
    expect(uses[3]).toMatch(/^\$\{sensitive\(base64decode\(/);
  });

  it('protects the management VMs from deletion and never reboots them for an update, unless the spec says so', () => {
    const vms = (cfg?: PlatformConfig) =>
      Object.values(blocks(synthStages(cfg).s10, 'resource', 'proxmox_virtual_environment_vm'));
    for (const vm of vms()) expect(vm).toMatchObject({ protection: true, reboot_after_update: false });
    const unprotected = vms(config({ management: { ...SPEC.management, deletionProtection: false } }));
    for (const vm of unprotected) expect(vm).toMatchObject({ protection: false, reboot_after_update: false });
  });

  it('waits for the cluster health check before anything talks to the Kubernetes API', () => {
    const cfg = config({
      management: { ...SPEC.management, workers: { count: 1, ips: ['10.20.0.21'], vmIdStart: 8200 } },
    });
    const { s10 } = synthStages(cfg);
    const [healthId, health] = Object.entries(blocks(s10, 'data', 'talos_cluster_health'))[0];
    expect(Object.keys(blocks(s10, 'data', 'talos_cluster_health'))).toHaveLength(1);
    expect(health).toMatchObject({
      endpoints: ['10.20.0.11', '10.20.0.12', '10.20.0.13'],
      control_plane_nodes: ['10.20.0.11', '10.20.0.12', '10.20.0.13'],
      worker_nodes: ['10.20.0.21'],
      skip_kubernetes_checks: true,
      timeouts: { read: '20m' },
    });
    const bootstrap = Object.keys(blocks(s10, 'resource', 'talos_machine_bootstrap'));
    const applies = Object.keys(blocks(s10, 'resource', 'talos_machine_configuration_apply'));
    expect(health.depends_on).toEqual(
      expect.arrayContaining([...bootstrap, ...applies].map((id) => expect.stringMatching(new RegExp(`\\.${id}$`)))),
    );
    expect(health.depends_on).toHaveLength(1 + applies.length);

    // Every block that talks to the Kubernetes API reaches the health wait through depends_on.
    const dependsOn = (address: string): string[] => {
      const [kind, type, name] = address.startsWith('data.') ? address.split('.') : ['resource', ...address.split('.')];
      const block = blocks(s10, kind === 'data' ? 'data' : 'resource', type)[name];
      return (block?.depends_on as string[] | undefined) ?? [];
    };
    const reaches = (from: string, target: string, seen = new Set<string>()): boolean =>
      dependsOn(from).some((d) => d === target || (!seen.has(d) && (seen.add(d), reaches(d, target, seen))));
    const kubernetesClients = Object.keys(s10.resource ?? {})
      .filter((type) => type === 'helm_release' || type.startsWith('kubernetes_'))
      .flatMap((type) => Object.keys(blocks(s10, 'resource', type)).map((name) => `${type}.${name}`));
    expect(kubernetesClients).toEqual([expect.stringMatching(/^helm_release\./)]);
    for (const client of kubernetesClients) expect(reaches(client, `data.talos_cluster_health.${healthId}`)).toBe(true);
  });

  it('adds a worker config when the spec has workers', () => {
    const cfg = config({
      management: { ...SPEC.management, workers: { count: 1, ips: ['10.20.0.21'], vmIdStart: 8200 } },
    });
    const { s10 } = synthStages(cfg);
    const configs = Object.values(blocks(s10, 'data', 'talos_machine_configuration')).map((c) => c.machine_type);
    expect(configs).toEqual(['controlplane', 'worker']);
    expect(s10.output?.worker_ips.value).toEqual(['10.20.0.21']);
    const vms = Object.values(blocks(s10, 'resource', 'proxmox_virtual_environment_vm'));
    expect(vms.map((v) => v.vm_id)).toEqual([8100, 8101, 8102, 8200]);
  });
});

describe('stages 00 and 10 together', () => {
  it('hold no plaintext secret', () => {
    const { s00, s10 } = synthStages();
    for (const json of [s00, s10]) {
      const text = JSON.stringify(json);
      for (const marker of SECRET_MARKERS.slice(0, 2)) expect(text).not.toContain(marker);
      expect(text).not.toMatch(/[a-z]+@[a-z]+![^"]+=[0-9a-f-]{36}/);
    }
  });

  it('use the same non-default backend everywhere, remote state included', () => {
    const backend = StateBackend.s3({ bucket: 'state', region: 'eu-west-1' });
    const { s00, s10 } = synthStages(config(), backend);
    expect(s00.terraform?.backend).toEqual({
      s3: { bucket: 'state', key: 'talos-platform/00-proxmox-foundation.tfstate', region: 'eu-west-1', encrypt: true },
    });
    expect(Object.values(blocks(s10, 'data', 'terraform_remote_state'))[0]).toMatchObject({
      backend: 's3',
      config: { bucket: 'state', key: 'talos-platform/00-proxmox-foundation.tfstate', region: 'eu-west-1' },
    });
  });
});
