/**
 * Rules over a worker pool's name, labels and taints, shared by the spec check (`checks/worker-pools.ts`, reported
 * with file:line) and the `WorkloadCluster` construct (reported with the construct path).
 */
import { LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN, MAX_DNS_LABEL_LENGTH } from '../rules/facts';

/** Pool names taken by the platform: the default pool, and the control plane's `<cluster>-control-plane`. */
export const RESERVED_WORKER_POOL_NAMES: readonly string[] = ['workers', 'control-plane'];

/** Machine names are `<cluster>-<pool>-<5>-<5>` and must stay DNS labels (63 characters). */
export function maxWorkerPoolNameLength(clusterName: string): number {
  return MAX_DNS_LABEL_LENGTH - '-'.length - clusterName.length - '-xxxxx-xxxxx'.length;
}

/**
 * Label domains Cluster API copies from a Machine to its Node (`util/labels.GetManagedLabels`, CAPI v1.12.11): the
 * kubelet may not set them itself (NodeRestriction), so they travel as Machine labels.
 */
const CAPI_SYNCED_LABEL_DOMAINS = ['node-restriction.kubernetes.io', 'node.cluster.x-k8s.io'];
const NODE_ROLE_DOMAIN = 'node-role.kubernetes.io';
/**
 * Labels in `kubernetes.io`/`k8s.io` a kubelet may set on its own Node (k8s.io/kubelet `IsKubeletLabel`): the
 * `kubelet.kubernetes.io` and `node.kubernetes.io` namespaces and the topology labels.
 */
const KUBELET_LABEL_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];
const KUBELET_LABELS = ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region'];
const QUALIFIED_NAME = LABEL_KEY_PATTERN;
const LABEL_VALUE = LABEL_VALUE_PATTERN;
/** Kubernetes `TaintEffect` values. */
export const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

const domainOf = (key: string): string => (key.includes('/') ? key.slice(0, key.indexOf('/')) : '');
const inDomain = (domain: string, parent: string): boolean => domain === parent || domain.endsWith(`.${parent}`);

/** Whether Cluster API, not Talos, puts this label on the Node. */
export function isCapiSyncedLabel(key: string): boolean {
  const domain = domainOf(key);
  return domain === NODE_ROLE_DOMAIN || CAPI_SYNCED_LABEL_DOMAINS.some((d) => inDomain(domain, d));
}

/** One problem: the field under the pool (`['labels', key]`, `['taints', 0, 'effect']`), what is wrong, what fits. */
export interface WorkerPoolProblem {
  readonly at: readonly (string | number)[];
  readonly message: string;
  readonly expected: string;
}

/** A taint as both the spec and the construct write it. */
export interface TaintLike {
  readonly key: string;
  readonly value?: string | undefined;
  readonly effect: string;
}

/** Problems of a pool's labels and taints: syntax, domains no one can set on a Node, one taint per key. */
export function workerPoolLabelProblems(
  labels: Readonly<Record<string, string>>,
  taints: readonly TaintLike[],
): WorkerPoolProblem[] {
  const problems: WorkerPoolProblem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!QUALIFIED_NAME.test(key)) {
      problems.push({
        at: ['labels', key],
        message: `label key "${key}" is not a qualified name`,
        expected: 'e.g. "tier" or "example.com/tier"',
      });
      continue;
    }
    if (!LABEL_VALUE.test(value)) {
      problems.push({
        at: ['labels', key],
        message: `label ${key} value "${value}" is not a label value`,
        expected: 'at most 63 of A-Z a-z 0-9 - _ .',
      });
    }
    const domain = domainOf(key);
    const reserved = inDomain(domain, 'kubernetes.io') || inDomain(domain, 'k8s.io');
    const settable =
      isCapiSyncedLabel(key) ||
      KUBELET_LABELS.includes(key) ||
      KUBELET_LABEL_NAMESPACES.some((n) => inDomain(domain, n));
    if (reserved && !settable) {
      problems.push({
        at: ['labels', key],
        message: `label ${key} is in a Kubernetes-reserved domain that neither the kubelet (NodeRestriction) nor Cluster API sets on a Node`,
        expected:
          'node-role.kubernetes.io/<role>, node.kubernetes.io/..., topology.kubernetes.io/zone|region, or your own domain',
      });
    }
  }
  const seen = new Set<string>();
  const valueSyntax = 'at most 63 of A-Z a-z 0-9 - _ .';
  taints.forEach((t, i) => {
    const add = (field: string, message: string, expected: string) =>
      problems.push({ at: ['taints', i, field], message, expected });
    if (!QUALIFIED_NAME.test(t.key))
      add('key', `taint key "${t.key}" is not a qualified name`, 'e.g. "dedicated" or "example.com/gpu"');
    if (t.value !== undefined && !LABEL_VALUE.test(t.value))
      add('value', `taint value "${t.value}" is not a label value`, valueSyntax);
    if (!TAINT_EFFECTS.includes(t.effect))
      add('effect', `taint effect "${t.effect}" is unknown`, TAINT_EFFECTS.join(', '));
    if (seen.has(t.key))
      add('key', `taint key "${t.key}" appears twice`, 'one taint per key (Talos and Kubernetes key taints by key)');
    seen.add(t.key);
  });
  return problems;
}
