import { Testing, TerraformStack } from 'cdktf';
import { DEFAULT_IMAGE_FACTORY_URL, TalosApi } from '../../lib/talos/talos-api';

describe('TalosApi', () => {
  test('adds the pinned siderolabs/talos provider with its default factory', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new TalosApi(stack, 'Talos');
    const json = JSON.parse(Testing.synth(stack));
    expect(json.terraform.required_providers.talos).toEqual({ source: 'siderolabs/talos', version: '0.11.0' });
    expect(json.provider.talos).toEqual([{}]);
    expect(DEFAULT_IMAGE_FACTORY_URL).toBe('https://factory.talos.dev');
  });

  test('passes a self-hosted Image Factory URL', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new TalosApi(stack, 'Talos', { imageFactoryUrl: 'https://factory.example.internal' });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider.talos).toEqual([{ image_factory_url: 'https://factory.example.internal' }]);
  });

  test('rejects a factory URL that is not a URL', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    expect(() => new TalosApi(stack, 'Talos', { imageFactoryUrl: 'factory' })).toThrow(
      'stack/Talos: imageFactoryUrl "factory" is not a URL (expected e.g. https://factory.talos.dev)',
    );
  });
});
