/**
 * Rules over a worker pool's name, labels and taints, shared by the spec check (`checks/worker-pools.ts`, reported
 * with file:line) and the `WorkloadCluster` construct (reported with the construct path).
 */
import { LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN, MAX_DNS_LABEL_LENGTH } from './facts';
import { isDnsLabel } from './names';
import type { RuleProblem } from './problem';

/** Name of the default worker pool (the spec's `workers`). */
export const DEFAULT_WORKER_POOL = 'workers';

/** Pool names taken by the platform: the default pool, and the control plane's `<cluster>-control-plane`. */
export const RESERVED_WORKER_POOL_NAMES: readonly string[] = [DEFAULT_WORKER_POOL, 'control-plane'];

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
/** Kubernetes `TaintEffect` values. */
export const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const LABEL_VALUE_SYNTAX = 'at most 63 of A-Z a-z 0-9 - _ .';

const domainOf = (key: string): string => (key.includes('/') ? key.slice(0, key.indexOf('/')) : '');
const inDomain = (domain: string, parent: string): boolean => domain === parent || domain.endsWith(`.${parent}`);

/** Whether Cluster API, not Talos, puts this label on the Node. */
export function isCapiSyncedLabel(key: string): boolean {
  const domain = domainOf(key);
  return domain === NODE_ROLE_DOMAIN || CAPI_SYNCED_LABEL_DOMAINS.some((d) => inDomain(domain, d));
}

/** A problem of one pool, with the field under the pool as path segments (`['labels', 'example.com/gpu']`). */
export interface WorkerPoolProblem extends RuleProblem {
  readonly at: readonly (string | number)[];
}

/** A taint as both the spec and the construct write it. */
export interface TaintLike {
  readonly key: string;
  readonly value?: string | undefined;
  readonly effect: string;
}

function problem(
  at: readonly (string | number)[],
  rule: string,
  p: Omit<RuleProblem, 'rule' | 'field'>,
): WorkerPoolProblem {
  return { rule, at, field: at.join('.'), ...p };
}

/**
 * The pool name: a DNS label short enough for its Machine names, none of {@link RESERVED_WORKER_POOL_NAMES}, and no
 * name of `earlier` (the pools before it). `isDefault` is the default pool, which owns the name `workers`.
 */
export function workerPoolNameProblems(
  clusterName: string,
  name: string,
  earlier: readonly string[],
  isDefault = false,
): WorkerPoolProblem[] {
  const max = maxWorkerPoolNameLength(clusterName);
  const problems: WorkerPoolProblem[] = [];
  if (!isDnsLabel(name, MAX_DNS_LABEL_LENGTH)) {
    problems.push(
      problem(['name'], 'not-dns-1123-label', {
        message: `worker pool name "${name}" is not a DNS-1123 label`,
        expected: 'lower-case letters, digits and -, starting and ending with a letter or digit',
        hint: `rename the pool, e.g. "${
          name
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, '-')
            .replace(/^-+|-+$/g, '') || 'pool'
        }"`,
      }),
    );
  } else if (name.length > max) {
    problems.push(
      problem(['name'], 'worker-pool-name-too-long', {
        message: `worker pool name "${name}" makes Machine names (<cluster>-<pool>-<5>-<5>) longer than 63 characters`,
        expected: `at most ${max} characters for cluster "${clusterName}"`,
        hint: 'shorten the pool name (or the cluster name)',
      }),
    );
  }
  const reserved = !isDefault && RESERVED_WORKER_POOL_NAMES.includes(name);
  if (reserved || earlier.includes(name)) {
    problems.push(
      problem(['name'], 'worker-pool-name-taken', {
        message: `worker pool name "${name}" is taken (by ${reserved ? 'the platform' : 'another pool'})`,
        expected: `a name unique in the cluster, none of ${RESERVED_WORKER_POOL_NAMES.join(', ')}`,
        hint: 'rename the pool: its objects are <cluster>-<pool>, so two pools of one name would be one object',
      }),
    );
  }
  return problems;
}

/** The pool's node labels: syntax, and no Kubernetes-reserved domain that neither the kubelet nor Cluster API sets. */
export function workerPoolLabelProblems(labels: Readonly<Record<string, string>>): WorkerPoolProblem[] {
  const problems: WorkerPoolProblem[] = [];
  const add = (key: string, p: Omit<RuleProblem, 'rule' | 'field'>) =>
    problems.push(problem(['labels', key], 'worker-pool-label', p));
  for (const [key, value] of Object.entries(labels)) {
    if (!LABEL_KEY_PATTERN.test(key)) {
      add(key, {
        message: `label key "${key}" is not a qualified name`,
        expected: 'e.g. "tier" or "example.com/tier"',
        hint: 'use [prefix/]name: name at most 63 of A-Z a-z 0-9 - _ ., prefix a DNS subdomain',
      });
      continue;
    }
    if (!LABEL_VALUE_PATTERN.test(value)) {
      add(key, {
        message: `label ${key} value "${value}" is not a label value`,
        expected: LABEL_VALUE_SYNTAX,
        hint: 'shorten the value or drop the characters a label value cannot hold',
      });
    }
    const domain = domainOf(key);
    const reserved = inDomain(domain, 'kubernetes.io') || inDomain(domain, 'k8s.io');
    const settable =
      isCapiSyncedLabel(key) ||
      KUBELET_LABELS.includes(key) ||
      KUBELET_LABEL_NAMESPACES.some((n) => inDomain(domain, n));
    if (reserved && !settable) {
      add(key, {
        message: `label ${key} is in a Kubernetes-reserved domain that neither the kubelet (NodeRestriction) nor Cluster API sets on a Node`,
        expected:
          'node-role.kubernetes.io/<role>, node.kubernetes.io/..., topology.kubernetes.io/zone|region, or your own domain',
        hint: `use your own domain, e.g. "example.com/${key.slice(key.indexOf('/') + 1)}"`,
      });
    }
  }
  return problems;
}

/** The pool's taints: key and value syntax, a known effect, one taint per key. */
export function workerPoolTaintProblems(taints: readonly TaintLike[]): WorkerPoolProblem[] {
  const problems: WorkerPoolProblem[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const add = (field: string, p: Omit<RuleProblem, 'rule' | 'field'>) =>
      problems.push(problem(['taints', i, field], 'worker-pool-taint', p));
    if (!LABEL_KEY_PATTERN.test(t.key))
      add('key', {
        message: `taint key "${t.key}" is not a qualified name`,
        expected: 'e.g. "dedicated" or "example.com/gpu"',
        hint: 'use [prefix/]name like a label key',
      });
    if (t.value !== undefined && !LABEL_VALUE_PATTERN.test(t.value))
      add('value', {
        message: `taint value "${t.value}" is not a label value`,
        expected: LABEL_VALUE_SYNTAX,
        hint: 'shorten the value or drop the characters a label value cannot hold',
      });
    if (!TAINT_EFFECTS.includes(t.effect))
      add('effect', {
        message: `taint effect "${t.effect}" is unknown`,
        expected: TAINT_EFFECTS.join(', '),
        hint: 'NoSchedule keeps new pods off, NoExecute also evicts running ones',
      });
    if (seen.has(t.key))
      add('key', {
        message: `taint key "${t.key}" appears twice`,
        expected: 'one taint per key (Talos and Kubernetes key taints by key)',
        hint: 'keep one of them',
      });
    seen.add(t.key);
  });
  return problems;
}
