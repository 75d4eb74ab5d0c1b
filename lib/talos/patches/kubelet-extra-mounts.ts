import { checkNotEmpty } from './check';
import { TalosPatch } from './talos-patch';
import type { KubeletExtraMountConfig, V1Alpha1ConfigPatch } from './types';

/**
 * Host paths bind-mounted into the kubelet (`machine.kubelet.extraMounts`). The kubelet runs in its own container on
 * Talos, so a pod's hostPath with mount propagation (Longhorn's data path, for one) only reaches the host through
 * such a mount, `rshared` so mounts made inside propagate back.
 */
export function kubeletExtraMountsPatch(mounts: readonly KubeletExtraMountConfig[]): TalosPatch<V1Alpha1ConfigPatch> {
  checkNotEmpty('kubeletExtraMountsPatch', 'mounts', mounts);
  mounts.forEach((m, i) => {
    for (const field of ['destination', 'source'] as const) {
      if (!m[field].startsWith('/')) {
        throw new Error(
          `kubeletExtraMountsPatch: mounts[${i}].${field} "${m[field]}" is not an absolute path (expected e.g. ` +
            '/var/lib/longhorn). Fix: pass the path on the node.',
        );
      }
    }
  });
  return TalosPatch.of<V1Alpha1ConfigPatch>({
    machine: {
      kubelet: {
        extraMounts: mounts.map((m) => ({
          destination: m.destination,
          type: m.type,
          source: m.source,
          options: [...m.options],
        })),
      },
    },
  });
}
