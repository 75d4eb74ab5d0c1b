import { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/**
 * No CNI from Talos (`cluster.network.cni.name: none`): Cilium is installed later (GitOps wave 0). Until then the
 * nodes stay `NotReady`, which is expected.
 */
export function cniNonePatch(): TalosPatch<V1Alpha1ConfigPatch> {
  return TalosPatch.of<V1Alpha1ConfigPatch>({ cluster: { network: { cni: { name: 'none' } } } });
}
