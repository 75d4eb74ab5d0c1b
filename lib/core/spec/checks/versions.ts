/**
 * Version matrix: the Kubernetes version must be one the Talos version supports, and the Cluster API providers must
 * work together (`TALOS_KUBERNETES_SUPPORT` and `COMPATIBILITY` in lib/core/versions.ts).
 */
import {
  CLUSTER_API_KUBERNETES_SUPPORT,
  TALOS_KUBERNETES_SUPPORT,
  compareVersions,
  compatibilityProblems,
  minorOf,
} from '../../versions';
import type { Issue, SpecPath } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkVersions(config: PlatformConfig): Issue[] {
  const { platform } = config;
  const v = platform.versions;
  const issues = [
    ...talosKubernetes(platform.sourceFile, ['versions'], v.talos, v.kubernetes),
    ...providerCompatibility(config),
    ...clusterApiKubernetes(platform.sourceFile, ['versions', 'kubernetes'], v.clusterApi, v.kubernetes, 'management'),
  ];
  for (const cluster of config.clusters) {
    const own = cluster.versions;
    // A cluster that inherits the platform's versions reports a problem on the platform file, once.
    const inherits = own.talos === v.talos && own.kubernetes === v.kubernetes;
    const file = inherits ? platform.sourceFile : cluster.sourceFile;
    if (!inherits) issues.push(...talosKubernetes(cluster.sourceFile, ['versions'], own.talos, own.kubernetes));
    if (own.talos !== v.talos) {
      // CAPMOX clones the template stage 00 builds from the platform's Talos version; a machine boots that version
      // and would run a config generated for another one.
      issues.push({
        file: cluster.sourceFile,
        path: ['versions', 'talos'],
        rule: 'talos-version-differs-from-template',
        message: `Talos ${own.talos} differs from the platform's ${v.talos}, the version of the template CAPMOX clones`,
        expected: `Talos ${v.talos}`,
        hint: 'omit versions.talos (it defaults to the platform version), or upgrade the platform first',
      });
    }
    issues.push(...clusterApiKubernetes(file, ['versions', 'kubernetes'], v.clusterApi, own.kubernetes, 'workload'));
  }
  return dedupe(issues);
}

/** Cluster API's supported Kubernetes range for the management cluster or for workload clusters. */
function clusterApiKubernetes(
  file: string,
  path: SpecPath,
  clusterApi: string,
  kubernetes: string,
  role: 'management' | 'workload',
): Issue[] {
  const support = CLUSTER_API_KUBERNETES_SUPPORT[minorOf(clusterApi)];
  if (!support) return []; // an unknown CAPI minor is reported by the provider compatibility check
  const [lowest, highest] = support[role];
  const minor = minorOf(kubernetes);
  if (compareVersions(minor, lowest) >= 0 && compareVersions(minor, highest) <= 0) return [];
  return [
    {
      file,
      path,
      rule: 'kubernetes-version-unsupported-by-cluster-api',
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

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.file}|${i.path.join('.')}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function talosKubernetes(file: string, at: SpecPath, talos: string, kubernetes: string): Issue[] {
  const talosMinor = minorOf(talos);
  const range = TALOS_KUBERNETES_SUPPORT[talosMinor];
  if (!range) {
    const known = Object.keys(TALOS_KUBERNETES_SUPPORT).sort(compareVersions);
    return [
      {
        file,
        path: [...at, 'talos'],
        rule: 'unknown-talos-version',
        message: `Talos ${talos} is not in the support matrix`,
        expected: `Talos ${known.map((k) => `${k}.x`).join(', ')}`,
        hint: 'use a known Talos release, or add its Kubernetes range to TALOS_KUBERNETES_SUPPORT in versions.ts',
      },
    ];
  }
  const [lowest, highest] = range;
  const k8sMinor = minorOf(kubernetes);
  if (compareVersions(k8sMinor, lowest) >= 0 && compareVersions(k8sMinor, highest) <= 0) return [];
  return [
    {
      file,
      path: [...at, 'kubernetes'],
      rule: 'kubernetes-version-unsupported',
      message: `Talos ${talosMinor} does not support Kubernetes ${kubernetes}`,
      expected: `Kubernetes ${lowest} to ${highest}`,
      hint:
        compareVersions(k8sMinor, lowest) < 0
          ? `upgrade Kubernetes to ${lowest} or newer`
          : 'use a newer Talos release, or an older Kubernetes',
    },
  ];
}

/** The compatibility table and its known-defect floors (`compatibilityProblems` in lib/core/versions.ts). */
function providerCompatibility(config: PlatformConfig): Issue[] {
  const { versions: v, sourceFile: file } = config.platform;
  return compatibilityProblems(v).map((p) => ({
    file,
    path: ['versions', p.field],
    rule: p.rule,
    message: p.message,
    expected: p.expected,
    hint: p.hint,
  }));
}
