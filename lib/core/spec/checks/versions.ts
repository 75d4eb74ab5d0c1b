/**
 * Version matrix: the Kubernetes version must be one the Talos version supports, and the Cluster API providers must
 * work together. The rules live in lib/core/rules (`talosKubernetesProblems`, `clusterApiKubernetesProblems`,
 * `compatibilityProblems`); this check decides which file reports each finding.
 */
import { compatibilityProblems } from '../../rules/compatibility';
import { clusterApiKubernetesProblems, talosKubernetesProblems } from '../../rules/version-support';
import type { ClusterApiRole } from '../../rules/version-support';
import type { Version } from '../../rules/version';
import { issuesAt } from '../issue';
import type { Issue, SpecPath } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkVersions(config: PlatformConfig): Issue[] {
  const { platform } = config;
  const v = platform.versions;
  const issues = [
    ...talosKubernetes(platform.sourceFile, ['versions'], v.talos, v.kubernetes),
    ...providerCompatibility(config),
    ...clusterApiKubernetes(platform.sourceFile, v.clusterApi, v.kubernetes, 'management'),
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
    issues.push(...clusterApiKubernetes(file, v.clusterApi, own.kubernetes, 'workload'));
  }
  return dedupe(issues);
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

function talosKubernetes(file: string, at: SpecPath, talos: Version, kubernetes: Version): Issue[] {
  return issuesAt(file, at, talosKubernetesProblems(talos, kubernetes));
}

function clusterApiKubernetes(file: string, clusterApi: Version, kubernetes: Version, role: ClusterApiRole): Issue[] {
  return issuesAt(file, ['versions'], clusterApiKubernetesProblems(clusterApi, kubernetes, role));
}

/** The compatibility table and its known-defect floors (`compatibilityProblems` in lib/core/versions.ts). */
function providerCompatibility(config: PlatformConfig): Issue[] {
  const { versions: v, sourceFile: file } = config.platform;
  return issuesAt(file, ['versions'], compatibilityProblems(v));
}
