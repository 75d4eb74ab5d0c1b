import { createHash } from 'crypto';
import { Version } from '../core/rules/version';
import type { VersionInput } from '../core/rules/version';
import { TALOS_EXTENSION_NAME_PATTERN } from '../core/rules/facts';

/** The public Talos Image Factory. */
export const IMAGE_FACTORY_HOST = 'factory.talos.dev';

/**
 * The schematic document exactly as Image Factory stores it: Image Factory parses a submitted schematic and
 * re-marshals it with Go's yaml.v3 (4-space indents, block sequences), and the schematic id is the SHA-256 of those
 * bytes. Only official system extensions are modelled, in the order given.
 */
export function imageFactorySchematicYaml(officialExtensions: readonly string[]): string {
  if (officialExtensions.length === 0) return '{}\n';
  for (const name of officialExtensions) {
    // Names like `siderolabs/qemu-guest-agent` are plain YAML scalars; anything else would need quoting rules.
    if (!TALOS_EXTENSION_NAME_PATTERN.test(name)) {
      throw new Error(
        `"${name}" is not an official Talos system extension name (expected e.g. siderolabs/iscsi-tools)`,
      );
    }
  }
  return [
    'customization:',
    '    systemExtensions:',
    '        officialExtensions:',
    ...officialExtensions.map((name) => `            - ${name}`),
    '',
  ].join('\n');
}

/**
 * The Image Factory schematic id of a schematic with these official extensions, computed offline: the SHA-256 of
 * {@link imageFactorySchematicYaml}. `siderolabs/qemu-guest-agent` alone gives
 * `ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515`, the id Image Factory returns for it.
 */
export function imageFactorySchematicId(officialExtensions: readonly string[]): string {
  return createHash('sha256').update(imageFactorySchematicYaml(officialExtensions)).digest('hex');
}

/** Options of {@link nocloudInstallerImage}. */
export interface NocloudInstallerImageOptions {
  /** Official system extensions of the schematic, in schematic order. */
  readonly officialExtensions: readonly string[];
  /** Talos version: a `Version`, or a string without the leading `v`, e.g. `1.13.9`. */
  readonly talosVersion: VersionInput;
  /**
   * Image Factory host.
   * @default IMAGE_FACTORY_HOST
   */
  readonly factoryHost?: string | undefined;
}

/**
 * The nocloud installer image for a schematic and Talos version, as `talos_image_factory_urls` reports it:
 * `factory.talos.dev/nocloud-installer/<schematic id>:v<version>`. Used as `machine.install.image` where no
 * Terraform attribute is available (workload clusters in the GitOps tree), so upgrades keep the extensions.
 */
export function nocloudInstallerImage(options: NocloudInstallerImageOptions): string {
  const host = options.factoryHost ?? IMAGE_FACTORY_HOST;
  return `${host}/nocloud-installer/${imageFactorySchematicId(options.officialExtensions)}:${Version.from(options.talosVersion).tag}`;
}
