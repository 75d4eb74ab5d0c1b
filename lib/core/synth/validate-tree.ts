import type { IConstruct } from 'constructs';

/** One failed construct validation, with the construct path it came from. */
export interface TreeValidationError {
  /** Construct path, e.g. `gitops/apps/cilium`. */
  readonly path: string;
  /** The validation message. */
  readonly message: string;
}

/**
 * Runs `node.validate()` on every construct under the given roots and returns all messages (never throws), so one
 * synth reports every whole-tree rule at once instead of stopping at the first.
 */
export function collectValidationErrors(...roots: IConstruct[]): TreeValidationError[] {
  const errors: TreeValidationError[] = [];
  for (const root of roots) {
    for (const construct of root.node.findAll()) {
      for (const message of construct.node.validate()) {
        errors.push({ path: construct.node.path || '(root)', message });
      }
    }
  }
  return errors;
}
