import { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/**
 * Workloads on control planes (`cluster.allowSchedulingOnControlPlanes: true`): Talos then does not taint them. A
 * cluster without workers needs it, or Argo CD, cert-manager and the CAPI controllers have nowhere to run.
 */
export function allowSchedulingOnControlPlanesPatch(): TalosPatch<V1Alpha1ConfigPatch> {
  return TalosPatch.of<V1Alpha1ConfigPatch>({ cluster: { allowSchedulingOnControlPlanes: true } });
}
