import { stringify } from 'yaml';
import { emitYaml11 } from '../../core/synth/yaml11-emitter';
import type { TalosPatchDocument } from './types';

/**
 * One Talos config patch: a single typed document, serialized for `talos_machine_configuration.config_patches`,
 * `talos_machine_configuration_apply.config_patches`, or the `strategicPatches` of a CABPT `TalosConfigTemplate` /
 * CACPPT `TalosControlPlane`. Talos merges a `v1alpha1` fragment into the generated config and adds (or merges by
 * kind and name) a multi-document config such as `LinkConfig`.
 */
export class TalosPatch<T extends TalosPatchDocument = TalosPatchDocument> {
  /** Wraps a document. The builders in this folder are the usual way to get one. */
  public static of<D extends TalosPatchDocument>(document: D): TalosPatch<D> {
    return new TalosPatch(document);
  }

  private readonly value: T;

  private constructor(document: T) {
    this.value = structuredClone(document);
  }

  /** A copy of the document. */
  public get document(): T {
    return structuredClone(this.value);
  }

  /**
   * YAML, one document. Written with YAML 1.1 quoting so that values such as `off` stay strings for every parser
   * (Talos reads patches with go-yaml).
   */
  public toYaml(): string {
    // The fast emitter writes the same bytes as the library, or declines.
    return emitYaml11(this.value) ?? stringify(this.value, { version: '1.1', lineWidth: 0 });
  }

  /** Compact JSON (a JSON object is also a valid strategic-merge patch). */
  public toJson(): string {
    return JSON.stringify(this.value);
  }
}

/** The YAML of each patch, in order: the shape `config_patches` and `strategicPatches` take. */
export function patchesToYaml(patches: readonly TalosPatch[]): string[] {
  return patches.map((p) => p.toYaml());
}
