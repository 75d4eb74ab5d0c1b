import { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/** No kube-proxy (`cluster.proxy.disabled: true`): Cilium replaces it (`kubeProxyReplacement: true`). */
export function kubeProxyDisabledPatch(): TalosPatch<V1Alpha1ConfigPatch> {
  return TalosPatch.of<V1Alpha1ConfigPatch>({ cluster: { proxy: { disabled: true } } });
}
