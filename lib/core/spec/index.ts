/**
 * The platform spec: types, the YAML loader, the code-facing resolvers and validation.
 * `talos-platform-cdk/spec/resolve` (the resolvers alone) avoids loading the YAML parser when only code is used.
 */
export type * from './types';
export type * from './resolved';
export type { SpecError } from '../errors';
export { formatSpecError, formatSpecErrors, sortSpecErrors } from '../errors';
export { SpecValidationError } from '../spec-validation-error';
export { loadPlatformConfig, loadPlatformConfigFromSources } from './load';
export type { LoadOptions, LoadResult, SpecSource } from './load';
export { SpecParseCache } from './parse-cache';
export { platformConfig, resolvePlatform, resolvePlatformConfig, resolveWorkloadCluster } from './resolve';
export type { ResolveOptions } from './resolve';
export { validatePlatformConfig } from './validate';
export type { PathSegment, Position, SpecLocator, SpecPath } from './issue';
export type { SpecKind } from './schema/validate';
export * from './defaults';
