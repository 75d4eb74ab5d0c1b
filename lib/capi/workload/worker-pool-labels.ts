import { TalosPatch } from '../../talos/patches/talos-patch';
import type { V1Alpha1ConfigPatch } from '../../talos/patches/types';
import { isCapiSyncedLabel } from '../../core/rules/worker-pool';
import type { NodeTaint } from '../worker-pool-options';

/**
 * The pool's Talos patch: `machine.nodeLabels` for the labels Talos may set, and `registerWithTaints` in the
 * kubelet configuration for the taints. On workers Talos applies `machine.nodeTaints` (and node labels) by updating
 * the Node with the kubelet's credentials (`k8s.NodeApplyController`), and NodeRestriction refuses any taint change
 * on update, while a taint the kubelet registers with is allowed. None when the pool has neither.
 */
export function workerPoolPatch(
  labels: Readonly<Record<string, string>>,
  taints: readonly NodeTaint[],
): TalosPatch | undefined {
  const nodeLabels = Object.fromEntries(Object.entries(labels).filter(([key]) => !isCapiSyncedLabel(key)));
  const hasLabels = Object.keys(nodeLabels).length > 0;
  if (!hasLabels && taints.length === 0) return undefined;
  const registerWithTaints = taints.map((t) => ({
    key: t.key,
    ...(t.value !== undefined ? { value: t.value } : {}),
    effect: t.effect,
  }));
  return TalosPatch.of<V1Alpha1ConfigPatch>({
    machine: {
      ...(hasLabels ? { nodeLabels } : {}),
      ...(taints.length > 0 ? { kubelet: { extraConfig: { registerWithTaints } } } : {}),
    },
  });
}
