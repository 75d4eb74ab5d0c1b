/**
 * The platform spec: the single source of truth for `clusters/platform.yaml` and `clusters/<env>/<cluster>.yaml`.
 *
 * These interfaces are what construct users pass in code, and `npm run schema` generates the JSON Schemas in
 * `schemas/` from them (JSDoc `@default`, `@minimum`, `@pattern` ... become schema keywords). Keep every field
 * documented: the docs page `docs/spec.md` is generated from the same comments.
 *
 * One file per part of the spec: `values` (named string types), `platform` (the root of platform.yaml),
 * `proxmox`, `versions`, `cluster-common` (sizes, network, placement), `management`, `gitops`, `addons`, and
 * `workload-cluster` (the root of a cluster file).
 */

export type * from './values';
export type * from './platform';
export type * from './proxmox';
export type * from './versions';
export type * from './cluster-common';
export type * from './management';
export type * from './gitops';
export type * from './addons';
export type * from './workload-cluster';
