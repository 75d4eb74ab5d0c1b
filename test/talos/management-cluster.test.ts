import { TerraformOutput, Token } from 'cdktf';
import { parse } from 'yaml';
import { NetworkLinuxBridge } from '../../imports/providers/proxmox/network-linux-bridge';
import { TalosProvider } from '../../imports/providers/talos/provider';
import { DEFAULT_INSTALL_DISK, TalosManagementCluster } from '../../lib/talos/management-cluster';
import type { TalosManagementClusterProps } from '../../lib/talos/management-cluster';
import { kubeletNodeIpPatch } from '../../lib/talos/patches/kubelet-node-ip';
import { LinkSelector } from '../../lib/talos/patches/link-selector';
import { blocks, only, synthJson, testStack } from '../proxmox/synth';
import type { TfJson } from '../proxmox/synth';
import { talosSchemaErrors } from './talos-schema';

const INSTALLER = 'factory.talos.dev/nocloud-installer/abc:v1.13.9';

const BASE: TalosManagementClusterProps = {
  clusterName: 'mgmt',
  vip: '10.20.0.5',
  controlPlanes: [
    { hostname: 'mgmt-cp-1', address: '10.20.0.11', linkSelector: LinkSelector.macAddress('02:54:4C:00:1F:A4') },
    { hostname: 'mgmt-cp-2', address: '10.20.0.12' },
    { hostname: 'mgmt-cp-3', address: '10.20.0.13' },
  ],
  network: { cidr: '10.20.0.0/24', gateway: '10.20.0.1' },
  installerImage: INSTALLER,
};

function build(props: Partial<TalosManagementClusterProps> = {}): { cluster: TalosManagementCluster; json: TfJson } {
  const stack = testStack('test', (s) => void new TalosProvider(s, 'talos'));
  const cluster = new TalosManagementCluster(stack, 'Cluster', { ...BASE, ...props });
  new TerraformOutput(stack, 'kubeconfig', { value: cluster.kubeconfig, sensitive: true });
  return { cluster, json: synthJson(stack) };
}

/** The config patches of a block, parsed. */
function patchesOf(block: Record<string, unknown>): Record<string, unknown>[] {
  return (block.config_patches as string[]).map((y) => parse(y) as Record<string, unknown>);
}

function configOf(json: TfJson, machineType: string): Record<string, unknown> {
  return Object.values(blocks(json, 'data', 'talos_machine_configuration')).find(
    (c) => c.machine_type === machineType,
  )!;
}

function applyOf(json: TfJson, address: string): Record<string, unknown> {
  return Object.values(blocks(json, 'resource', 'talos_machine_configuration_apply')).find((a) => a.node === address)!;
}

describe('TalosManagementCluster', () => {
  it('generates machine secrets and the control-plane config with the platform patches', () => {
    const { json } = build();
    expect(only(json, 'resource', 'talos_machine_secrets')).toEqual(
      expect.objectContaining({ talos_version: 'v1.13.9' }),
    );
    const cp = configOf(json, 'controlplane');
    expect(cp).toMatchObject({
      cluster_name: 'mgmt',
      cluster_endpoint: 'https://10.20.0.5:6443',
      talos_version: 'v1.13.9',
      kubernetes_version: '1.35.6',
      docs: false,
      examples: false,
    });
    expect(cp.machine_secrets).toMatch(/^\$\{talos_machine_secrets\.[^.]+\.machine_secrets\}$/);
    expect(patchesOf(cp)).toEqual([
      { cluster: { network: { cni: { name: 'none' } } } },
      { cluster: { proxy: { disabled: true } } },
      { machine: { features: { kubePrism: { enabled: true, port: 7445 } } } },
      { machine: { install: { disk: '/dev/sda', image: INSTALLER } } },
      { apiVersion: 'v1alpha1', kind: 'ResolverConfig', nameservers: [{ address: '10.20.0.1' }] },
      { machine: { kubelet: { nodeIP: { validSubnets: ['10.20.0.0/24'] } } } },
      { cluster: { allowSchedulingOnControlPlanes: true } },
    ]);
    expect(DEFAULT_INSTALL_DISK).toBe('/dev/sda');
    expect(Object.keys(blocks(json, 'data', 'talos_machine_configuration'))).toHaveLength(1);
  });

  it('applies per node: hostname, link alias, static address, VIP on control planes only', () => {
    const { json } = build({ workers: [{ hostname: 'mgmt-worker-1', address: '10.20.0.21' }] });
    const cp1 = applyOf(json, '10.20.0.11');
    expect(cp1.endpoint).toBe('10.20.0.11');
    expect(cp1.client_configuration).toMatch(/^\$\{talos_machine_secrets\.[^.]+\.client_configuration\}$/);
    expect(cp1.machine_configuration_input).toMatch(
      /^\$\{data\.talos_machine_configuration\.[^.]+\.machine_configuration\}$/,
    );
    expect(patchesOf(cp1)).toEqual([
      { apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'off', hostname: 'mgmt-cp-1' },
      {
        apiVersion: 'v1alpha1',
        kind: 'LinkAliasConfig',
        name: 'net0',
        selector: { match: 'mac(link.permanent_addr) == "02:54:4c:00:1f:a4"' },
      },
      {
        apiVersion: 'v1alpha1',
        kind: 'LinkConfig',
        name: 'net0',
        addresses: [{ address: '10.20.0.11/24' }],
        routes: [{ destination: '0.0.0.0/0', gateway: '10.20.0.1' }],
      },
      { apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', name: '10.20.0.5', link: 'net0' },
    ]);
    // default selector: the VM's single VirtIO NIC
    expect(patchesOf(applyOf(json, '10.20.0.12'))[1]).toMatchObject({
      selector: { match: 'link.driver == "virtio_net"' },
    });
    const worker = applyOf(json, '10.20.0.21');
    expect(worker.machine_configuration_input).toBe(
      `\${data.talos_machine_configuration.${Object.entries(blocks(json, 'data', 'talos_machine_configuration')).find(([, c]) => c.machine_type === 'worker')![0]}.machine_configuration}`,
    );
    expect(patchesOf(worker).map((p) => p.kind)).toEqual(['HostnameConfig', 'LinkAliasConfig', 'LinkConfig']);
  });

  it('every config patch it emits is valid against the Talos 1.13 schema', () => {
    const { json } = build({
      workers: [{ hostname: 'mgmt-worker-1', address: '10.20.0.21' }],
      network: { ...BASE.network, dns: ['1.1.1.1'] },
    });
    const all = [
      ...Object.values(blocks(json, 'data', 'talos_machine_configuration')),
      ...Object.values(blocks(json, 'resource', 'talos_machine_configuration_apply')),
    ].flatMap(patchesOf);
    expect(all.length).toBeGreaterThan(20);
    for (const document of all)
      expect({ document, errors: talosSchemaErrors(document) }).toEqual({ document, errors: [] });
  });

  it('with workers: a worker config without the scheduling patch, and control planes stay tainted', () => {
    const { json } = build({ workers: [{ hostname: 'mgmt-worker-1', address: '10.20.0.21' }] });
    const cp = configOf(json, 'controlplane');
    const worker = configOf(json, 'worker');
    expect(patchesOf(cp)).not.toContainEqual({ cluster: { allowSchedulingOnControlPlanes: true } });
    expect(patchesOf(worker)).toHaveLength(6);
    const forced = build({
      workers: [{ hostname: 'mgmt-worker-1', address: '10.20.0.21' }],
      allowSchedulingOnControlPlanes: true,
    });
    expect(patchesOf(configOf(forced.json, 'controlplane'))).toContainEqual({
      cluster: { allowSchedulingOnControlPlanes: true },
    });
  });

  it('appends extra patches to every node config and takes a custom KubePrism port', () => {
    const { json } = build({
      workers: [{ hostname: 'mgmt-worker-1', address: '10.20.0.21' }],
      extraPatches: [kubeletNodeIpPatch(['10.20.0.0/24', '10.30.0.0/24'])],
      kubePrismPort: 7446,
      installDisk: '/dev/vda',
    });
    for (const type of ['controlplane', 'worker']) {
      const patches = patchesOf(configOf(json, type));
      expect(patches[patches.length - 1]).toEqual({
        machine: { kubelet: { nodeIP: { validSubnets: ['10.20.0.0/24', '10.30.0.0/24'] } } },
      });
      expect(patches).toContainEqual({ machine: { features: { kubePrism: { enabled: true, port: 7446 } } } });
      expect(patches).toContainEqual({ machine: { install: { disk: '/dev/vda', image: INSTALLER } } });
    }
  });

  it('bootstraps the first control plane after its apply, then fetches the kubeconfig', () => {
    const { json } = build();
    const bootstrap = only(json, 'resource', 'talos_machine_bootstrap');
    expect(bootstrap).toMatchObject({ node: '10.20.0.11', endpoint: '10.20.0.11' });
    const applyId = Object.entries(blocks(json, 'resource', 'talos_machine_configuration_apply')).find(
      ([, a]) => a.node === '10.20.0.11',
    )![0];
    expect(bootstrap.depends_on).toEqual([`talos_machine_configuration_apply.${applyId}`]);
    const kubeconfig = only(json, 'resource', 'talos_cluster_kubeconfig');
    expect(kubeconfig).toMatchObject({ node: '10.20.0.11', endpoint: '10.20.0.11' });
    expect((kubeconfig.depends_on as string[])[0]).toMatch(/^talos_machine_bootstrap\./);
  });

  it('builds the talosconfig for every node, control planes as endpoints', () => {
    const { json } = build({ workers: [{ hostname: 'mgmt-worker-1', address: '10.20.0.21' }] });
    expect(only(json, 'data', 'talos_client_configuration')).toMatchObject({
      cluster_name: 'mgmt',
      endpoints: ['10.20.0.11', '10.20.0.12', '10.20.0.13'],
      nodes: ['10.20.0.11', '10.20.0.12', '10.20.0.13', '10.20.0.21'],
    });
  });

  it('implements IManagementCluster with PEM credentials decoded from the kubeconfig resource, client ones marked sensitive', () => {
    const stack = testStack('test', (s) => void new TalosProvider(s, 'talos'));
    const cluster = new TalosManagementCluster(stack, 'Cluster', BASE);
    const client = cluster.kubernetesClient;
    for (const [name, value] of Object.entries({
      host: client.host,
      ca: client.caCertificate,
      cert: client.clientCertificate,
      key: client.clientKey,
    })) {
      new TerraformOutput(stack, name, { value, sensitive: true });
    }
    const outputs = synthJson(stack).output!;
    expect(outputs.host.value).toMatch(
      /^\$\{talos_cluster_kubeconfig\.[^.]+\.kubernetes_client_configuration\.host\}$/,
    );
    expect(outputs.ca.value).toMatch(
      /^\$\{base64decode\(talos_cluster_kubeconfig\.[^.]+\.kubernetes_client_configuration\.ca_certificate\)\}$/,
    );
    for (const [name, field] of [
      ['cert', 'client_certificate'],
      ['key', 'client_key'],
    ]) {
      expect(outputs[name].value).toMatch(
        new RegExp(
          `^\\$\\{sensitive\\(base64decode\\(talos_cluster_kubeconfig\\.[^.]+\\.kubernetes_client_configuration\\.${field}\\)\\)\\}$`,
        ),
      );
    }
    expect(cluster.clusterName).toBe('mgmt');
    expect(cluster.endpoint).toBe('https://10.20.0.5:6443');
    expect(Token.isUnresolved(cluster.talosconfig)).toBe(true);
    expect(Token.isUnresolved(cluster.kubeconfig)).toBe(true);
    expect(cluster.controlPlaneAddresses).toEqual(['10.20.0.11', '10.20.0.12', '10.20.0.13']);
  });

  it('depends on what each node lists (its VM)', () => {
    const stack = testStack('test', (s) => void new TalosProvider(s, 'talos'));
    const vm = new NetworkLinuxBridge(stack, 'vm', { nodeName: 'pve1', name: 'vmbr9' });
    new TalosManagementCluster(stack, 'Cluster', {
      ...BASE,
      controlPlanes: [{ hostname: 'mgmt-cp-1', address: '10.20.0.11', dependsOn: [vm] }],
    });
    const apply = only(synthJson(stack), 'resource', 'talos_machine_configuration_apply');
    expect(apply.depends_on).toEqual(['proxmox_network_linux_bridge.vm']);
  });
});

describe('TalosManagementCluster validation', () => {
  const cp = (n: number, address = `10.20.0.${10 + n}`) => ({ hostname: `mgmt-cp-${n}`, address });

  it('rejects an even or empty control plane', () => {
    expect(() => build({ controlPlanes: [cp(1), cp(2)] })).toThrow(
      'test/Cluster: 2 control planes tolerate no more failures than 1 (etcd quorum). Expected an odd number: 1, 3 ' +
        'or 5 (etcd needs a majority). Fix: use 1 or 3.',
    );
    expect(() => build({ controlPlanes: [] })).toThrow('test/Cluster: a cluster needs at least one control plane.');
  });

  it('reports every platform rule it breaks at once, one per line', () => {
    let message = '';
    try {
      build({ clusterName: 'Mgmt', controlPlanes: [cp(1), cp(2)], kubernetesVersion: '1.30.0' });
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^test\/Cluster: clusterName "Mgmt" is not a DNS label\./);
    expect(lines[1]).toMatch(/^test\/Cluster: 2 control planes tolerate/);
    expect(lines[2]).toMatch(/^test\/Cluster: Talos 1\.13 does not support Kubernetes 1\.30\.0\./);
  });

  it('rejects a VIP equal to a node address, or the gateway', () => {
    expect(() => build({ controlPlanes: [cp(1, '10.20.0.5')] })).toThrow(
      'test/Cluster: controlPlanes[0].address 10.20.0.5 is the VIP (expected the VIP to be an address no node uses; ' +
        'Talos moves it between control planes). Fix: pick another VIP or node address.',
    );
    expect(() => build({ vip: '10.20.0.1' })).toThrow(
      'test/Cluster: vip 10.20.0.1 is the gateway (expected a free address in the node network).',
    );
  });

  it('rejects addresses outside the node network and duplicates', () => {
    expect(() => build({ vip: '10.30.0.5' })).toThrow(
      'test/Cluster: vip 10.30.0.5 is not a host address of the node network 10.20.0.0/24 (expected an address inside ' +
        'it, not its network or broadcast address).',
    );
    expect(() => build({ controlPlanes: [cp(1, '10.20.0.255')] })).toThrow(
      'controlPlanes[0].address 10.20.0.255 is not a host address',
    );
    expect(() => build({ controlPlanes: [cp(1), cp(2, '10.20.0.11'), cp(3)] })).toThrow(
      "test/Cluster: controlPlanes[1].address 10.20.0.11 is also controlPlanes[0]'s (expected one address per node).",
    );
    expect(() => build({ workers: [{ hostname: 'mgmt-cp-1', address: '10.20.0.21' }] })).toThrow(
      'test/Cluster: workers[0].hostname "mgmt-cp-1" is also controlPlanes[0]\'s (expected unique hostnames).',
    );
    expect(() => build({ controlPlanes: [cp(1, '10.20.0.1')] })).toThrow(
      'controlPlanes[0].address 10.20.0.1 is the gateway',
    );
    expect(() => build({ network: { ...BASE.network, cidr: '10.20.0.1/24' } })).toThrow(
      'test/Cluster: network.cidr "10.20.0.1/24" is not a network in CIDR form (expected e.g. 10.20.0.0/24, host bits clear).',
    );
    expect(() => build({ network: { ...BASE.network, dns: ['dns'] } })).toThrow(
      'test/Cluster: network.dns[0] "dns" is not an IPv4 address',
    );
  });

  it('cross-checks each node against the VM it runs on (TalosNode.machine)', () => {
    const vm = (ip: string | undefined, cidr: string, gateway = '10.20.0.1') => ({
      vmName: 'mgmt-cp-1',
      ip,
      network: { cidr, gateway },
    });
    const nodes = (machine: ReturnType<typeof vm>) => [{ ...cp(1), machine }, cp(2), cp(3)];
    // A VM on 10.99.0.12/16 next to a control plane at 10.20.0.11 in 10.20.0.0/24.
    expect(() => build({ controlPlanes: nodes(vm('10.99.0.12', '10.99.0.0/16', '10.99.0.1')) })).toThrow(
      'test/Cluster: controlPlanes[0]: address 10.20.0.11 is not the address of its machine mgmt-cp-1 (10.99.0.12)',
    );
    expect(() => build({ controlPlanes: nodes(vm('10.20.0.11', '10.20.0.0/16')) })).toThrow(
      "test/Cluster: controlPlanes[0]: machine mgmt-cp-1 is on network 10.20.0.0/16, the cluster's is 10.20.0.0/24",
    );
    expect(() => build({ controlPlanes: nodes(vm('10.20.0.11', '10.20.0.0/24', '10.20.0.254')) })).toThrow(
      "machine mgmt-cp-1 is on gateway 10.20.0.254, the cluster's is 10.20.0.1",
    );
    expect(() => build({ controlPlanes: nodes(vm(undefined, '10.20.0.0/24')) })).toThrow('(DHCP)');
    expect(() => build({ controlPlanes: nodes(vm('10.20.0.11', '10.20.0.0/24')) })).not.toThrow();
  });

  it('rejects bad names and hostnames', () => {
    expect(() => build({ clusterName: 'Mgmt' })).toThrow('test/Cluster: clusterName "Mgmt" is not a DNS label');
    expect(() => build({ controlPlanes: [{ hostname: 'CP_1', address: '10.20.0.11' }] })).toThrow(
      'test/Cluster: controlPlanes[0]: hostname "CP_1" is not a valid hostname',
    );
  });

  it('rejects versions outside the Talos support matrix', () => {
    expect(() => build({ kubernetesVersion: '1.30.0' })).toThrow(
      'test/Cluster: Talos 1.13 does not support Kubernetes 1.30.0. Expected Kubernetes 1.31 to 1.36. Fix: upgrade ' +
        'Kubernetes to 1.31 or newer.',
    );
    expect(() => build({ talosVersion: '1.9.0' })).toThrow(
      'test/Cluster: Talos 1.9.0 is not in the support matrix. Expected Talos 1.11.x, 1.12.x, 1.13.x.',
    );
    expect(() => build({ kubernetesVersion: 'v1.36.1' })).toThrow(
      'test/Cluster: kubernetesVersion "v1.36.1" is not a version',
    );
  });
});
