import { formatSpecErrors } from './errors';
import type { SpecError } from './errors';

/** Thrown when the platform spec is invalid; carries every error so they can be reported together. */
export class SpecValidationError extends Error {
  public constructor(public readonly errors: readonly SpecError[]) {
    // The message lists every error, so code that only prints `err.message` (or an uncaught crash) shows them all.
    super(`the platform spec has ${errors.length} error(s):\n${formatSpecErrors(errors)}`);
    this.name = 'SpecValidationError';
  }
}
