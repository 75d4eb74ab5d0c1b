/**
 * `withoutProviders` (scripts/lib/terraform.mjs): the partial validation of stacks whose provider cannot be installed
 * removes that provider's blocks and stands in for references to them, and keeps everything else as it was.
 */
import { callEsm } from './esm';

const CONFIG = {
  terraform: { required_providers: { talos: { source: 'siderolabs/talos' }, proxmox: { source: 'bpg/proxmox' } } },
  provider: { talos: [{}], proxmox: [{ endpoint: 'https://pve.invalid:8006' }] },
  resource: {
    talos_machine_secrets: { S: {} },
    proxmox_download_file: {
      D: {
        url: '${data.talos_image_factory_urls.U.urls.disk_image}',
        file_name: 'talos-${talos_image_factory_schematic.X.id}.qcow2',
        depends_on: ['talos_machine_secrets.S', 'proxmox_virtual_environment_vm.V'],
        lifecycle: {
          precondition: [
            { condition: '${talos_machine_secrets.S.id != ""}', error_message: 'x' },
            { condition: '${length(var.v) > 0}', error_message: 'y' },
          ],
        },
      },
    },
  },
  data: { talos_image_factory_urls: { U: {} } },
  output: { key: { value: '${base64decode(talos_cluster_kubeconfig.K.kubernetes_client_configuration.client_key)}' } },
};

interface Stripped {
  config: typeof CONFIG & Record<string, unknown>;
  removedBlocks: number;
}

describe('withoutProviders', () => {
  const { config, removedBlocks } = callEsm<Stripped>('scripts/lib/terraform.mjs', 'withoutProviders', CONFIG, [
    'talos',
  ]);

  test('removes the provider, its resources and data sources', () => {
    expect(config.terraform.required_providers).toEqual({ proxmox: { source: 'bpg/proxmox' } });
    expect(Object.keys(config.provider)).toEqual(['proxmox']);
    expect(Object.keys(config.resource)).toEqual(['proxmox_download_file']);
    expect(config.data).toEqual({});
    expect(removedBlocks).toBe(3);
  });

  test('replaces references with stand-ins that still evaluate (a URL where a URL is checked, base64 elsewhere)', () => {
    const d = config.resource.proxmox_download_file.D;
    expect(d.url).toBe('${"https://removed-provider-value.invalid/"}');
    expect(d.file_name).toBe('talos-${"cmVtb3ZlZC1wcm92aWRlci12YWx1ZQ=="}.qcow2');
    expect(config.output.key.value).toBe('${base64decode("cmVtb3ZlZC1wcm92aWRlci12YWx1ZQ==")}');
  });

  test('drops dependencies on removed objects and conditions about them, keeps the rest', () => {
    const d = config.resource.proxmox_download_file.D;
    expect(d.depends_on).toEqual(['proxmox_virtual_environment_vm.V']);
    expect(d.lifecycle.precondition).toEqual([{ condition: '${length(var.v) > 0}', error_message: 'y' }]);
  });
});
