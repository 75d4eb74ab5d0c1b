/** Platform configs at chosen versions, for planner tests: one management cluster, one workload cluster (prod). */
import type { LoadOptions } from '../../lib/core/spec/load';
import { resolvePlatformConfig } from '../../lib/core/spec/resolve';
import { CURRENT_SPEC_LOAD_OPTIONS } from '../../lib/day2/spec-at-revision';
import type { PlatformConfig } from '../../lib/core/spec/resolved';
import type { VersionsSpec, WorkloadVersionsSpec } from '../../lib/core/spec/types';
import { minimalCluster, minimalPlatform } from '../spec/specs';

/** CAPI v1.12 + CACPPT above the known-defect floor, so rollouts are allowed unless a test says otherwise. */
export const BASE_VERSIONS: VersionsSpec = {
  talos: '1.13.9',
  kubernetes: '1.35.6',
  clusterApi: '1.12.11',
  capmox: '0.9.0',
  cabpt: '0.6.12',
  cacppt: '0.5.13',
  ipamInCluster: '1.1.0',
};

export function config(
  versions: Partial<VersionsSpec> = {},
  cluster: WorkloadVersionsSpec | undefined = undefined,
  options: LoadOptions = {},
): PlatformConfig {
  return resolvePlatformConfig(
    {
      platform: minimalPlatform({ versions: { ...BASE_VERSIONS, ...versions } }),
      clusters: [{ environment: 'prod', spec: minimalCluster(cluster ? { versions: cluster } : {}) }],
    },
    options,
  );
}

/** The spec of what runs now, read as `upgrade plan` reads its "from" side (known-defect floor waived). */
export function current(versions: Partial<VersionsSpec> = {}, cluster?: WorkloadVersionsSpec): PlatformConfig {
  return config(versions, cluster, CURRENT_SPEC_LOAD_OPTIONS);
}
