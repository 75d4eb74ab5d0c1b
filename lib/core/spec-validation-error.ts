import type { SpecError } from './errors';

/** Thrown when the platform spec is invalid; carries every error so they can be reported together. */
export class SpecValidationError extends Error {
  public constructor(public readonly errors: readonly SpecError[]) {
    super(`the platform spec has ${errors.length} error(s)`);
    this.name = 'SpecValidationError';
  }
}
