/** The root of `clusters/platform.yaml` and the environments it declares. */

import type { AddonsSpec } from './addons';
import type { GitOpsSpec } from './gitops';
import type { ManagementClusterSpec } from './management';
import type { ProxmoxSpec } from './proxmox';
import type { Dns1123Label, SpecApiVersion } from './values';
import type { VersionsSpec } from './versions';

/** The management platform: `clusters/platform.yaml`. */
export interface PlatformSpec {
  /** Spec format version. */
  readonly apiVersion: SpecApiVersion;
  /** Spec kind. */
  readonly kind: 'Platform';
  /** The Proxmox VE cluster everything runs on. */
  readonly proxmox: ProxmoxSpec;
  /**
   * Talos, Kubernetes and Cluster API provider versions.
   * @default - the versions pinned in `lib/core/versions.ts`
   */
  readonly versions?: VersionsSpec | undefined;
  /** The Talos management cluster (stage 10) that runs Cluster API and Argo CD. */
  readonly management: ManagementClusterSpec;
  /** The GitOps repository Argo CD watches (stage 50 and `dist/`). */
  readonly gitops: GitOpsSpec;
  /**
   * The environments workload clusters are declared in: one folder `clusters/<name>/` each.
   * @default - no environments (no workload clusters)
   */
  readonly environments?: EnvironmentSpec[] | undefined;
  /**
   * Addons Argo CD installs on the management cluster and, through the fleet ApplicationSet, on workload clusters.
   * @default - Cilium and cert-manager on; everything else off
   */
  readonly addons?: AddonsSpec | undefined;
}

/** An environment: a folder of workload cluster specs. */
export interface EnvironmentSpec {
  /** Environment name; also the folder name under `clusters/`. */
  readonly name: Dns1123Label;
  /**
   * Labels added to every cluster of the environment.
   * @default {}
   */
  readonly labels?: Record<string, string> | undefined;
}
