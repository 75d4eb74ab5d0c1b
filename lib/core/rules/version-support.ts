/**
 * Which Kubernetes versions the pinned Talos and Cluster API minors support. The matrices are data in
 * `lib/core/versions.ts` (`TALOS_KUBERNETES_SUPPORT`, `CLUSTER_API_KUBERNETES_SUPPORT`); these are the only functions
 * that read them.
 */
import { CLUSTER_API_KUBERNETES_SUPPORT, TALOS_KUBERNETES_SUPPORT } from '../versions';
import type { RuleProblem } from './problem';
import { compareVersions } from './version';
import type { Version } from './version';

/** Talos minors the support matrix knows, oldest first. */
export function knownTalosMinors(): string[] {
  return Object.keys(TALOS_KUBERNETES_SUPPORT).sort(compareVersions);
}

/**
 * The Kubernetes version must be one the Talos version supports. Fields: `talos` (a Talos minor the matrix does not
 * know) or `kubernetes`.
 */
export function talosKubernetesProblems(talos: Version, kubernetes: Version): RuleProblem[] {
  const talosMinor = talos.majorMinor;
  const range = TALOS_KUBERNETES_SUPPORT[talosMinor];
  if (range === undefined) {
    return [
      {
        rule: 'unknown-talos-version',
        field: 'talos',
        message: `Talos ${talos} is not in the support matrix`,
        expected: `Talos ${knownTalosMinors()
          .map((k) => `${k}.x`)
          .join(', ')}`,
        hint: 'use a known Talos release, or add its Kubernetes range to TALOS_KUBERNETES_SUPPORT in lib/core/versions.ts',
      },
    ];
  }
  const k8sMinor = kubernetes.majorMinor;
  if (kubernetes.isMinorInRange(range)) return [];
  const [lowest] = range;
  return [
    {
      rule: 'kubernetes-version-unsupported',
      field: 'kubernetes',
      message: `Talos ${talosMinor} does not support Kubernetes ${kubernetes}`,
      expected: `Kubernetes ${range[0]} to ${range[1]}`,
      hint:
        compareVersions(k8sMinor, lowest) < 0
          ? `upgrade Kubernetes to ${lowest} or newer`
          : 'use a newer Talos release, or an older Kubernetes',
    },
  ];
}

/** Where a cluster sits relative to Cluster API: the cluster it runs on, or one it creates. */
export type ClusterApiRole = 'management' | 'workload';

/**
 * Cluster API's supported Kubernetes range for the management cluster or for workload clusters. An unknown Cluster
 * API minor yields nothing here: the provider compatibility rule reports it.
 */
export function clusterApiKubernetesProblems(
  clusterApi: Version,
  kubernetes: Version,
  role: ClusterApiRole,
): RuleProblem[] {
  const support = CLUSTER_API_KUBERNETES_SUPPORT[clusterApi.majorMinor];
  if (support === undefined) return [];
  const range = support[role];
  const minor = kubernetes.majorMinor;
  if (kubernetes.isMinorInRange(range)) return [];
  const [lowest, highest] = range;
  return [
    {
      rule: 'kubernetes-version-unsupported-by-cluster-api',
      field: 'kubernetes',
      message: `Cluster API ${clusterApi} does not support Kubernetes ${kubernetes} on ${
        role === 'management' ? 'the management cluster' : 'workload clusters'
      }`,
      expected: `Kubernetes ${lowest} to ${highest}`,
      hint:
        compareVersions(minor, highest) > 0
          ? `use Kubernetes ${highest}.x, or a Cluster API release that supports ${minor}`
          : `upgrade Kubernetes to ${lowest} or newer`,
    },
  ];
}
