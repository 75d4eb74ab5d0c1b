/**
 * Rules over two versions of one component, read from the matrix in lib/core/versions.ts (never copied here):
 * whether a change is a patch, the next minor, a skipped minor or a downgrade, and whether Talos and Cluster API
 * support a Kubernetes version.
 */
import {
  CLUSTER_API_KUBERNETES_SUPPORT,
  COMPATIBILITY,
  TALOS_KUBERNETES_SUPPORT,
  compareVersions,
  minorOf,
} from '../core/versions';
import type { CompatibilityRule, KnownDefectFloor } from '../core/versions';

/** How a version moves: nothing, a patch, the next minor, more than one minor (or major), or backwards. */
export type VersionMove = 'none' | 'patch' | 'next-minor' | 'skips-minor' | 'downgrade';

export function versionMove(from: string, to: string): VersionMove {
  const order = compareVersions(to, from);
  if (order === 0) return 'none';
  if (order < 0) return 'downgrade';
  const [fromMajor, fromMinor] = minorOf(from).split('.').map(Number);
  const [toMajor, toMinor] = minorOf(to).split('.').map(Number);
  if (fromMajor === toMajor && fromMinor === toMinor) return 'patch';
  if (fromMajor === toMajor && toMinor === fromMinor + 1) return 'next-minor';
  return 'skips-minor';
}

/** The minor after `version`'s, e.g. `1.12.4` -> `1.13`. */
export function nextMinor(version: string): string {
  const [major, minor] = minorOf(version).split('.').map(Number);
  return `${major}.${minor + 1}`;
}

/** Whether `talos`'s minor supports `kubernetes`'s minor (TALOS_KUBERNETES_SUPPORT). Unknown Talos minors do not. */
export function talosSupportsKubernetes(talos: string, kubernetes: string): boolean {
  const range = TALOS_KUBERNETES_SUPPORT[minorOf(talos)];
  return range !== undefined && inRange(kubernetes, range);
}

/** The Kubernetes range of a Talos minor as text, e.g. `1.31 to 1.36`, or `unknown`. */
export function talosKubernetesRange(talos: string): string {
  const range = TALOS_KUBERNETES_SUPPORT[minorOf(talos)];
  return range ? `${range[0]} to ${range[1]}` : 'unknown';
}

/** Whether Cluster API `clusterApi` supports `kubernetes` on the management cluster or on workload clusters. */
export function clusterApiSupportsKubernetes(
  clusterApi: string,
  kubernetes: string,
  role: 'management' | 'workload',
): boolean {
  const support = CLUSTER_API_KUBERNETES_SUPPORT[minorOf(clusterApi)];
  return support !== undefined && inRange(kubernetes, support[role]);
}

/** The Kubernetes range of a Cluster API minor for a role as text, or `unknown`. */
export function clusterApiKubernetesRange(clusterApi: string, role: 'management' | 'workload'): string {
  const support = CLUSTER_API_KUBERNETES_SUPPORT[minorOf(clusterApi)];
  return support ? `${support[role][0]} to ${support[role][1]}` : 'unknown';
}

/** The known-defect floor of `provider`'s minor that `version` is below, if any (COMPATIBILITY's `knownDefectFloor`). */
export function defectFloorBelow(
  provider: CompatibilityRule['provider'],
  version: string,
): KnownDefectFloor | undefined {
  const floor = COMPATIBILITY.find((r) => r.provider === provider && r.minor === minorOf(version))?.knownDefectFloor;
  return floor !== undefined && compareVersions(version, floor.version) < 0 ? floor : undefined;
}

function inRange(kubernetes: string, [lowest, highest]: readonly [string, string]): boolean {
  const minor = minorOf(kubernetes);
  return compareVersions(minor, lowest) >= 0 && compareVersions(minor, highest) <= 0;
}
