import { LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN } from '../../core/rules/facts';
import { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/**
 * Labels Talos sets and keeps on the machine's Node (`machine.nodeLabels`). A kubelet may only set some prefixes on
 * its own Node (NodeRestriction); the well-known `topology.kubernetes.io/*` labels are among them.
 */
export function nodeLabelsPatch(labels: Readonly<Record<string, string>>): TalosPatch<V1Alpha1ConfigPatch> {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) throw new Error('nodeLabelsPatch: labels is empty. Fix: pass at least one label.');
  for (const [key, value] of entries) {
    if (!LABEL_KEY_PATTERN.test(key) || !LABEL_VALUE_PATTERN.test(value)) {
      throw new Error(
        `nodeLabelsPatch: "${key}: ${value}" is not a valid Kubernetes label (expected e.g. ` +
          'topology.kubernetes.io/zone: pve1). Fix: use a label key and a value of at most 63 characters.',
      );
    }
  }
  return TalosPatch.of<V1Alpha1ConfigPatch>({ machine: { nodeLabels: Object.fromEntries(entries) } });
}
