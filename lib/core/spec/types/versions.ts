/**
 * Versions the spec pins: platform-wide (`versions:` of platform.yaml) and per workload cluster. Their `@default`s
 * document the pins of `lib/core/versions.ts`; `npm run bump` keeps the two equal.
 */

import type { SemanticVersion } from './values';

/** Versions of Talos, Kubernetes and the Cluster API providers. */
export interface VersionsSpec {
  /**
   * Talos Linux version.
   * @default "1.13.9"
   */
  readonly talos?: SemanticVersion | undefined;
  /**
   * Kubernetes version; must be in the range the Talos version supports (Talos 1.13: 1.31 to 1.36) and the range
   * Cluster API supports (v1.12: 1.31 to 1.35 for the management cluster, 1.29 to 1.35 for workload clusters).
   * @default "1.35.6"
   */
  readonly kubernetes?: SemanticVersion | undefined;
  /**
   * Cluster API core version.
   * @default "1.12.11"
   */
  readonly clusterApi?: SemanticVersion | undefined;
  /**
   * CAPMOX (Proxmox infrastructure provider) version.
   * @default "0.9.0"
   */
  readonly capmox?: SemanticVersion | undefined;
  /**
   * CABPT (Talos bootstrap provider) version.
   * @default "0.6.12"
   */
  readonly cabpt?: SemanticVersion | undefined;
  /**
   * CACPPT (Talos control-plane provider) version.
   * @default "0.5.13"
   */
  readonly cacppt?: SemanticVersion | undefined;
  /**
   * In-cluster IPAM provider version.
   * @default "1.1.0"
   */
  readonly ipamInCluster?: SemanticVersion | undefined;
}

/** Talos and Kubernetes versions of one workload cluster (the provider versions are platform-wide). */
export interface WorkloadVersionsSpec {
  /**
   * Talos Linux version.
   * @default - the platform's `versions.talos`
   */
  readonly talos?: SemanticVersion | undefined;
  /**
   * Kubernetes version; must be in the range the Talos version supports.
   * @default - the platform's `versions.kubernetes`
   */
  readonly kubernetes?: SemanticVersion | undefined;
}
