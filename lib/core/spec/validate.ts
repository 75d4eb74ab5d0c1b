/** Cross-checks of a resolved platform, for the loader and for specs written in code. */
import { sortSpecErrors } from '../errors';
import type { SpecError } from '../errors';
import { runChecks } from './checks';
import { NO_POSITIONS, toSpecErrors } from './issue';
import type { SpecLocator } from './issue';
import type { PlatformConfig } from './resolved';

/**
 * Every cross-check (IP plan, VM IDs, names, versions, references) over a resolved config; empty when valid.
 * Positions are 0 unless a locator is given (the YAML loader passes one).
 */
export function validatePlatformConfig(config: PlatformConfig, locator: SpecLocator = NO_POSITIONS): SpecError[] {
  return sortSpecErrors(toSpecErrors(runChecks(config), locator));
}
