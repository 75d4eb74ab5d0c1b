import { TalosPatch } from '../../talos/patches/talos-patch';
import type { V1Alpha1ConfigPatch } from '../../talos/patches/types';
import type { NodeTaint } from '../worker-pool-options';

/**
 * Label domains Cluster API copies from a Machine to its Node (`util/labels.GetManagedLabels`, CAPI v1.12.11): the
 * kubelet may not set them itself (NodeRestriction), so they travel as Machine labels.
 */
const CAPI_SYNCED_LABEL_DOMAINS = ['node-role.kubernetes.io', 'node-restriction.kubernetes.io', 'node.cluster.x-k8s.io'];
/**
 * Labels in `kubernetes.io`/`k8s.io` a kubelet may set on its own Node (k8s.io/kubelet `IsKubeletLabel`): the
 * `kubelet.kubernetes.io` and `node.kubernetes.io` namespaces and the topology labels.
 */
const KUBELET_LABEL_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];
const KUBELET_LABELS = ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region'];
/** Kubernetes label (and taint) key: optional DNS-subdomain prefix and a 63-character name. */
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** Label value (empty allowed) and taint value. */
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

const domainOf = (key: string): string => (key.includes('/') ? key.slice(0, key.indexOf('/')) : '');
const inDomain = (domain: string, parent: string): boolean => domain === parent || domain.endsWith(`.${parent}`);

/** Whether Cluster API, not Talos, puts this label on the Node. */
export function isCapiSyncedLabel(key: string): boolean {
  const domain = domainOf(key);
  return CAPI_SYNCED_LABEL_DOMAINS.some((d) => (d === 'node-role.kubernetes.io' ? domain === d : inDomain(domain, d)));
}

/** Problems of a pool's labels and taints, one sentence each (expected value and fix included). */
export function workerPoolLabelProblems(
  labels: Readonly<Record<string, string>>,
  taints: readonly NodeTaint[],
): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!QUALIFIED_NAME.test(key)) {
      problems.push(`label key "${key}" is not a qualified name; expected e.g. "tier" or "example.com/tier"`);
      continue;
    }
    if (!LABEL_VALUE.test(value)) problems.push(`label ${key} value "${value}" is not a label value; expected at most 63 of [A-Za-z0-9-_.]`);
    const domain = domainOf(key);
    const restricted = inDomain(domain, 'kubernetes.io') || inDomain(domain, 'k8s.io');
    const allowed = isCapiSyncedLabel(key) || KUBELET_LABELS.includes(key) || KUBELET_LABEL_NAMESPACES.some((n) => inDomain(domain, n));
    if (restricted && !allowed) {
      problems.push(
        `label ${key} is in a Kubernetes-reserved domain that neither the kubelet (NodeRestriction) nor Cluster API ` +
          'sets on a Node; use node-role.kubernetes.io/<role>, node.kubernetes.io/..., or your own domain',
      );
    }
  }
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    if (!QUALIFIED_NAME.test(t.key)) problems.push(`taints[${i}].key "${t.key}" is not a qualified name; expected e.g. "dedicated"`);
    if (t.value !== undefined && !LABEL_VALUE.test(t.value)) problems.push(`taints[${i}].value "${t.value}" is not a label value`);
    if (!TAINT_EFFECTS.includes(t.effect)) problems.push(`taints[${i}].effect "${t.effect}" is not one of ${TAINT_EFFECTS.join(', ')}`);
    if (seen.has(t.key)) problems.push(`taints[${i}].key "${t.key}" appears twice; expected one taint per key`);
    seen.add(t.key);
  });
  return problems;
}

/**
 * The pool's Talos patch: `machine.nodeLabels` for the labels Talos may set, and `registerWithTaints` in the
 * kubelet configuration for the taints. On workers Talos applies `machine.nodeTaints` (and node labels) by updating
 * the Node with the kubelet's credentials (`k8s.NodeApplyController`), and NodeRestriction refuses any taint change
 * on update, while a taint the kubelet registers with is allowed. None when the pool has neither.
 */
export function workerPoolPatch(labels: Readonly<Record<string, string>>, taints: readonly NodeTaint[]): TalosPatch | undefined {
  const nodeLabels = Object.fromEntries(Object.entries(labels).filter(([key]) => !isCapiSyncedLabel(key)));
  const hasLabels = Object.keys(nodeLabels).length > 0;
  if (!hasLabels && taints.length === 0) return undefined;
  const registerWithTaints = taints.map((t) => ({ key: t.key, ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect }));
  return TalosPatch.of<V1Alpha1ConfigPatch>({
    machine: {
      ...(hasLabels ? { nodeLabels } : {}),
      ...(taints.length > 0 ? { kubelet: { extraConfig: { registerWithTaints } } } : {}),
    },
  });
}
