import {
  IMAGE_FACTORY_HOST,
  imageFactorySchematicId,
  imageFactorySchematicYaml,
  nocloudInstallerImage,
} from '../../lib/talos/image-factory';

describe('Image Factory schematic ids, computed offline', () => {
  test('qemu-guest-agent alone gives the id Image Factory returns for it', () => {
    expect(imageFactorySchematicId(['siderolabs/qemu-guest-agent'])).toBe(
      'ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515',
    );
  });

  test('the document is yaml.v3 output: 4-space indents, one block item per extension, in the given order', () => {
    expect(imageFactorySchematicYaml(['siderolabs/iscsi-tools', 'siderolabs/qemu-guest-agent'])).toBe(
      'customization:\n' +
        '    systemExtensions:\n' +
        '        officialExtensions:\n' +
        '            - siderolabs/iscsi-tools\n' +
        '            - siderolabs/qemu-guest-agent\n',
    );
    expect(imageFactorySchematicYaml([])).toBe('{}\n');
  });

  test('order matters, as it does for Image Factory', () => {
    const a = imageFactorySchematicId(['siderolabs/iscsi-tools', 'siderolabs/qemu-guest-agent']);
    const b = imageFactorySchematicId(['siderolabs/qemu-guest-agent', 'siderolabs/iscsi-tools']);
    expect(a).not.toBe(b);
  });

  test('the nocloud installer image names the factory, the schematic and the version', () => {
    expect(IMAGE_FACTORY_HOST).toBe('factory.talos.dev');
    expect(nocloudInstallerImage({ officialExtensions: ['siderolabs/qemu-guest-agent'], talosVersion: '1.13.9' })).toBe(
      'factory.talos.dev/nocloud-installer/ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515:v1.13.9',
    );
    expect(
      nocloudInstallerImage({
        officialExtensions: [],
        talosVersion: '1.13.9',
        factoryHost: 'factory.example.internal',
      }),
    ).toMatch(/^factory\.example\.internal\/nocloud-installer\/[0-9a-f]{64}:v1\.13\.9$/);
  });

  test('a name that is not an extension name is refused', () => {
    expect(() => imageFactorySchematicYaml(['qemu guest agent'])).toThrow(
      '"qemu guest agent" is not an official Talos system extension name (expected e.g. siderolabs/iscsi-tools)',
    );
  });
});
