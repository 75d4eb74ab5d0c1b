import { TerraformOutput, Token } from 'cdktf';
import type { TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { TalosProvider } from '../../imports/providers/talos/provider';
import { ImageTransfer } from '../../lib/proxmox/image-transfer';
import { DEFAULT_IMAGE_DOWNLOAD_TIMEOUT_SECONDS, QEMU_GUEST_AGENT, TalosImage } from '../../lib/proxmox/talos-image';
import type { TalosImageProps } from '../../lib/proxmox/talos-image';
import { TalosTemplate } from '../../lib/proxmox/talos-template';
import type { TalosTemplateProps } from '../../lib/proxmox/talos-template';
import { Version } from '../../lib/core/rules/version';
import { blocks, nic, only, synthJson, testStack } from './synth';

const withTalos = (stack: TerraformStack) => void new TalosProvider(stack, 'talos');

function build(props: Partial<TalosImageProps> = {}, template?: Partial<TalosTemplateProps>) {
  const stack = testStack('test', withTalos);
  const image = new TalosImage(stack, 'Image', {
    datastoreId: 'local',
    nodes: ['pve1', 'pve2'],
    ...props,
  } as TalosImageProps);
  if (template) {
    new TalosTemplate(stack, 'Template', {
      image,
      nodeName: 'pve1',
      vmId: 9000,
      datastoreId: 'local-lvm',
      bridge: 'vmbr0',
      ...template,
    });
  }
  return { image, json: synthJson(stack) };
}

describe('TalosImage', () => {
  it('builds a schematic that always includes qemu-guest-agent, sorted and de-duplicated', () => {
    const { image, json } = build({
      extensions: ['siderolabs/iscsi-tools', 'siderolabs/util-linux-tools', 'siderolabs/iscsi-tools'],
    });
    const schematic = only(json, 'resource', 'talos_image_factory_schematic');
    expect(parse(schematic.schematic as string)).toEqual({
      customization: {
        systemExtensions: {
          officialExtensions: ['siderolabs/iscsi-tools', QEMU_GUEST_AGENT, 'siderolabs/util-linux-tools'],
        },
      },
    });
    expect(image.extensions).toContain('siderolabs/qemu-guest-agent');
  });

  it('takes a Version or the same version as a string, with the same output', () => {
    const fromString = build({ talosVersion: '1.12.6' });
    const fromVersion = build({ talosVersion: Version.fromTag('v1.12.6') });
    expect(fromVersion.json).toEqual(fromString.json);
    expect(only(fromVersion.json, 'data', 'talos_image_factory_urls')).toMatchObject({ talos_version: 'v1.12.6' });
  });

  it('keeps qemu-guest-agent with no extra extensions (it cannot be removed)', () => {
    const { image } = build({ extensions: [] });
    expect(image.extensions).toEqual(['siderolabs/qemu-guest-agent']);
  });

  it('asks Image Factory for the nocloud amd64 URLs of the schematic and version', () => {
    const { json, image } = build();
    const urls = only(json, 'data', 'talos_image_factory_urls');
    expect(urls).toMatchObject({ talos_version: 'v1.13.9', platform: 'nocloud', architecture: 'amd64' });
    expect(urls.schematic_id).toMatch(/^\$\{talos_image_factory_schematic\.[^.]+\.id\}$/);
    expect(image.talosVersion).toBe(Version.of('1.13.9'));
    expect(Token.isUnresolved(image.installerImage)).toBe(true);
  });

  it('exposes the installer image, schematic id and file ids as references', () => {
    const stack = testStack('test', withTalos);
    const image = new TalosImage(stack, 'Image', { datastoreId: 'local', nodes: ['pve1'] });
    new TerraformOutput(stack, 'installer', { value: image.installerImage });
    new TerraformOutput(stack, 'schematic', { value: image.schematicId });
    new TerraformOutput(stack, 'file', { value: image.fileId('pve1') });
    const outputs = synthJson(stack).output!;
    expect(outputs.installer.value).toMatch(/^\$\{data\.talos_image_factory_urls\.[^.]+\.urls\.installer\}$/);
    expect(outputs.schematic.value).toMatch(/^\$\{talos_image_factory_schematic\.[^.]+\.id\}$/);
    expect(outputs.file.value).toMatch(/^\$\{proxmox_download_file\.[^.]+\.id\}$/);
  });

  it('downloads the qcow2 variant per node into the import content type (default transfer)', () => {
    const { json, image } = build();
    const downloads = Object.values(blocks(json, 'resource', 'proxmox_download_file'));
    expect(downloads).toHaveLength(2);
    expect(downloads.map((d) => d.node_name)).toEqual(['pve1', 'pve2']);
    const [first] = downloads;
    expect(first).toMatchObject({
      datastore_id: 'local',
      content_type: 'import',
      overwrite: false,
      overwrite_unmanaged: true,
      upload_timeout: DEFAULT_IMAGE_DOWNLOAD_TIMEOUT_SECONDS,
    });
    expect(DEFAULT_IMAGE_DOWNLOAD_TIMEOUT_SECONDS).toBe(1800);
    expect(first).not.toHaveProperty('decompression_algorithm');
    expect(first).not.toHaveProperty('checksum');
    expect(first.url).toMatch(
      /^\$\{replace\(data\.talos_image_factory_urls\.[^.]+\.urls\.disk_image, "\.raw\.xz", "\.qcow2"\)\}$/,
    );
    expect(first.file_name).toMatch(
      /^talos-v1\.13\.9-\$\{substr\(talos_image_factory_schematic\.[^.]+\.id, 0, 12\)\}-nocloud-amd64-pve1\.qcow2$/,
    );
    const precondition = (first.lifecycle as { precondition: { condition: string; error_message: string }[] })
      .precondition[0];
    expect(precondition.condition).toMatch(
      /^\$\{endswith\(data\.talos_image_factory_urls\.[^.]+\.urls\.disk_image, "\.raw\.xz"\)\}$/,
    );
    expect(precondition.error_message).toContain('no longer ends in .raw.xz');
    expect(image.downloadFor('pve2')).not.toBe(image.downloadFor('pve1'));
    expect(image.transfer.requiresSsh).toBe(false);
  });

  it('downloads the zstd raw image as .img into iso with the iso/zstd transfer', () => {
    const { json, image } = build({ transfer: ImageTransfer.isoZstd() });
    const first = Object.values(blocks(json, 'resource', 'proxmox_download_file'))[0];
    expect(first).toMatchObject({ content_type: 'iso', decompression_algorithm: 'zst' });
    expect(first.url).toContain('".raw.zst"');
    expect(first.file_name).toMatch(/-nocloud-amd64-pve1\.img$/);
    expect(image.transfer.requiresSsh).toBe(true);
  });

  it('downloads once to a shared datastore, without the node in the file name', () => {
    const { json, image } = build({ sharedDatastore: true, downloadTimeoutSeconds: 3600 });
    const downloads = Object.values(blocks(json, 'resource', 'proxmox_download_file'));
    expect(downloads).toHaveLength(1);
    expect(downloads[0]).toMatchObject({ node_name: 'pve1', upload_timeout: 3600 });
    expect(downloads[0].file_name).toMatch(/-nocloud-amd64\.qcow2$/);
    expect(image.downloadFor('pve2')).toBe(image.downloadFor('pve1'));
  });

  it('rejects bad input', () => {
    expect(() => build({ talosVersion: 'v1.13.9' })).toThrow(
      'test/Image: talosVersion "v1.13.9" is not a version. Expected "<major>.<minor>.<patch>" without a leading "v". Fix: set talosVersion like "1.13.9".',
    );
    expect(() => build({ nodes: [] })).toThrow('test/Image: nodes is empty (expected at least one Proxmox node).');
    expect(() => build({ nodes: ['pve1', 'pve1'] })).toThrow(
      'test/Image: nodes lists "pve1" twice (expected each node once).',
    );
    expect(() => build({ extensions: ['iscsi-tools'] })).toThrow(
      'test/Image: extension "iscsi-tools" is not an Image Factory extension name (expected <org>/<name>, e.g. siderolabs/iscsi-tools).',
    );
    expect(() => build({ downloadTimeoutSeconds: 10 })).toThrow(
      'test/Image: downloadTimeoutSeconds 10 is too short (expected an integer of at least 60). Fix: omit it to use 1800.',
    );
    const { image } = build();
    expect(() => image.fileId('pve3')).toThrow(
      'test/Image: no Talos image on Proxmox node "pve3" (expected one of "pve1", "pve2"). Fix: add the node to nodes.',
    );
  });

  it('still takes the deprecated nodeNames, the same as nodes, but not both', () => {
    const stack = testStack('test', withTalos);
    const image = new TalosImage(stack, 'Image', { datastoreId: 'local', nodeNames: ['pve1', 'pve2'] });
    expect(image.nodes).toEqual(['pve1', 'pve2']);
    expect(image.nodeNames).toBe(image.nodes);
    expect(image.fileId('pve2')).toBeDefined();
    expect(() => build({ nodes: undefined, nodeNames: ['pve1', 'pve1'] })).toThrow(
      'test/Image: nodeNames lists "pve1" twice (expected each node once).',
    );
    const both = { datastoreId: 'local', nodes: ['pve1'], nodeNames: ['pve1'] } as unknown as TalosImageProps;
    expect(() => new TalosImage(testStack('test', withTalos), 'Image', both)).toThrow(
      'test/Image: both nodes and nodeNames are set (expected nodes only; nodeNames is its deprecated name). Fix: remove nodeNames.',
    );
  });
});

describe('TalosTemplate', () => {
  it('is a stopped template with the image as its boot disk, guest agent, serial console and no cloud-init drive', () => {
    const { json } = build({}, {});
    const vm = only(json, 'resource', 'proxmox_virtual_environment_vm');
    expect(vm).toMatchObject({
      name: 'talos-v1-13-9-nocloud',
      node_name: 'pve1',
      vm_id: 9000,
      template: true,
      started: false,
      on_boot: false,
      tags: ['talos', 'talos-v1.13.9'],
      scsi_hardware: 'virtio-scsi-single',
      cpu: { cores: 2, sockets: 1, type: 'host' },
      memory: { dedicated: 2048 },
      agent: { enabled: true, trim: true, wait_for_ip: { disabled: true } },
      serial_device: [{ device: 'socket' }],
      vga: { type: 'serial0' },
      network_device: [nic({ bridge: 'vmbr0', model: 'virtio' })],
    });
    expect(vm).not.toHaveProperty('initialization');
    const disk = (vm.disk as Record<string, unknown>[])[0];
    expect(disk).toMatchObject({ interface: 'scsi0', datastore_id: 'local-lvm', size: 10 });
    expect(disk.import_from).toMatch(/^\$\{proxmox_download_file\.[^.]+\.id\}$/);
    expect((vm.lifecycle as { replace_triggered_by: string[] }).replace_triggered_by).toEqual([
      `proxmox_download_file.${Object.keys(blocks(json, 'resource', 'proxmox_download_file'))[0]}`,
    ]);
  });

  it('accepts custom tags, name and size; rejects bad ones', () => {
    const { json } = build(
      {},
      { tags: ['capmox', 'talos'], name: 'talos-tpl', diskGiB: 20, cores: 1, memoryMiB: 1024 },
    );
    const vm = only(json, 'resource', 'proxmox_virtual_environment_vm');
    expect(vm).toMatchObject({ name: 'talos-tpl', tags: ['capmox', 'talos'], memory: { dedicated: 1024 } });
    expect(() => build({}, { vmId: 50 })).toThrow(
      'test/Template: vmId 50 is out of range (expected an integer from 100 to 999999999',
    );
    expect(() => build({}, { diskGiB: 5 })).toThrow(
      "test/Template: diskGiB 5 is below Talos's minimum (expected an integer of at least 10).",
    );
    expect(() => build({}, { tags: ['Talos'] })).toThrow('test/Template: tag "Talos" is not a Proxmox tag');
    expect(() => build({}, { nodeName: 'pve9' })).toThrow('test/Image: no Talos image on Proxmox node "pve9"');
  });
});
