/**
 * The code-facing API: the same validation and defaults as the YAML loader, for specs written in TypeScript.
 * Each function throws `SpecValidationError` with every problem at once.
 */
import { compareText, sortSpecErrors } from '../errors';
import { SpecValidationError } from '../spec-validation-error';
import { NO_POSITIONS, toSpecErrors } from './issue';
import type { Issue } from './issue';
import type { LoadOptions } from './load';
import { buildResolvedWorkloadCluster } from './resolve-cluster';
import { buildResolvedPlatform } from './resolve-platform';
import type { PlatformConfig, ResolvedPlatform, ResolvedWorkloadCluster } from './resolved';
import type { PlatformSpec, WorkloadClusterSpec } from './types';
import { validatePlatformConfig } from './validate';
import { validateSpecDocument } from './validate-spec';

export interface ResolveOptions {
  /**
   * Name errors and `sourceFile` refer to.
   * @default - `<platform>`, or `<env/name>` for a workload cluster
   */
  readonly sourceFile?: string | undefined;
}

/**
 * Validates one platform spec (schema and address syntax) and applies its defaults. Checks that need the whole
 * platform (IP plan, VM IDs, references) run in `validatePlatformConfig`, or all at once in `resolvePlatformConfig`.
 */
export function resolvePlatform(spec: PlatformSpec, options: ResolveOptions = {}): ResolvedPlatform {
  const file = options.sourceFile ?? '<platform>';
  throwIfAny(validateSpecDocument('Platform', spec, file));
  return buildResolvedPlatform(spec, file);
}

/** Validates one workload cluster spec and applies its defaults (some come from the platform and environment). */
export function resolveWorkloadCluster(
  spec: WorkloadClusterSpec,
  platform: ResolvedPlatform,
  environment: string,
  options: ResolveOptions = {},
): ResolvedWorkloadCluster {
  const file = options.sourceFile ?? `<${environment}/${String((spec as { name?: unknown }).name)}>`;
  throwIfAny(validateSpecDocument('WorkloadCluster', spec, file));
  return buildResolvedWorkloadCluster(spec, platform, environment, file);
}

/** Sorts clusters into the canonical order (environment, name, file): output never depends on input order. */
export function platformConfig(
  platform: ResolvedPlatform,
  clusters: readonly ResolvedWorkloadCluster[],
): PlatformConfig {
  const sorted = [...clusters].sort(
    (a, b) =>
      compareText(a.environment, b.environment) ||
      compareText(a.name, b.name) ||
      compareText(a.sourceFile, b.sourceFile),
  );
  return { platform, clusters: sorted };
}

/** A whole platform from specs in code: resolves everything, runs every cross-check, throws all errors at once. */
export function resolvePlatformConfig(
  input: {
    readonly platform: PlatformSpec;
    readonly clusters?: readonly { readonly environment: string; readonly spec: WorkloadClusterSpec }[] | undefined;
  },
  options: LoadOptions = {},
): PlatformConfig {
  const platform = resolvePlatform(input.platform);
  const issues: Issue[] = [];
  const clusters: ResolvedWorkloadCluster[] = [];
  for (const { environment, spec } of input.clusters ?? []) {
    const file = `<${environment}/${String((spec as { name?: unknown }).name)}>`;
    const problems = validateSpecDocument('WorkloadCluster', spec, file);
    if (problems.length) issues.push(...problems);
    else clusters.push(buildResolvedWorkloadCluster(spec, platform, environment, file));
  }
  const config = platformConfig(platform, clusters);
  const waived = options.waiveRules ?? [];
  const errors = [
    ...toSpecErrors(issues, NO_POSITIONS),
    ...validatePlatformConfig(config).filter((e) => !waived.includes(e.rule ?? '')),
  ];
  if (errors.length) throw new SpecValidationError(sortSpecErrors(errors));
  return config;
}

function throwIfAny(issues: readonly Issue[]): void {
  if (issues.length) throw new SpecValidationError(sortSpecErrors(toSpecErrors(issues, NO_POSITIONS)));
}
