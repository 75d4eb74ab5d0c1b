import { loadPlatformConfig } from '../lib/core/spec/load';
import type { LoadOptions } from '../lib/core/spec/load';
import type { PlatformConfig } from '../lib/core/spec/resolved';
import { SpecValidationError } from '../lib/core/spec-validation-error';

/** Loads and validates `configDir`; throws {@link SpecValidationError} with every error when it is invalid. */
export function loadConfigOrThrow(configDir: string, options: LoadOptions = {}): PlatformConfig {
  const result = loadPlatformConfig(configDir, options);
  if (!result.ok) throw new SpecValidationError(result.errors);
  return result.config;
}
