/**
 * The package root (`talos-platform-cdk`): the light part of the library, safe to `require()` anywhere. It holds
 * the pinned versions, the platform spec types, the YAML loader and the code-facing resolvers, and the spec errors.
 * It loads no CDKTF, cdk8s or generated binding: the constructs live in the subpath entry points
 * (`talos-platform-cdk/core`, `/proxmox`, `/talos`, `/capi`, `/gitops`, `/secrets`, `/bridge`, `/spec`, `/stacks`),
 * see docs/packaging.md.
 *
 * @example
 * const { loadPlatformConfig, formatSpecErrors, TALOS_VERSION } = require('talos-platform-cdk');
 * const result = loadPlatformConfig('clusters');
 * if (!result.ok) throw new Error(formatSpecErrors(result.errors));
 * console.log(result.config.platform.versions.talos.tag, TALOS_VERSION); // a Version as a tag, and the pin
 *
 * @packageDocumentation
 * @module talos-platform-cdk
 */
export * from './core/versions';
export * from './core/spec';
