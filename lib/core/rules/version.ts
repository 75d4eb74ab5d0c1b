/**
 * One representation of a release version: `major.minor.patch` without a leading `v`, as the spec writes it
 * (`1.13.9`). Upstream fields that want a tag (`talosVersion` of the Talos provider, CAPI operator `spec.version`,
 * CAPI `spec.version`) get it from {@link versionTag}, the only place the `v` is added back.
 */
import type { RuleProblem } from './problem';

/** `major.minor.patch`, digits only. */
const RELEASE_VERSION = /^\d+\.\d+\.\d+$/;

/** The version without a leading `v`: `v1.12.11` -> `1.12.11`. The only place the `v` is dropped. */
export function bareVersion(version: string): string {
  return version.replace(/^v/, '');
}

/** The tag form upstream APIs use: `1.13.9` -> `v1.13.9` (a version that already has its `v` keeps one). */
export function versionTag(version: string): string {
  return `v${bareVersion(version)}`;
}

/** The `major.minor` of a version, with or without a leading `v`: `v1.13.9` -> `1.13`. */
export function minorOf(version: string): string {
  return bareVersion(version).split('.').slice(0, 2).join('.');
}

/** Numeric comparison of dotted versions, a leading `v` ignored (`1.9` < `1.10`). */
export function compareVersions(a: string, b: string): number {
  const pa = bareVersion(a).split('.').map(Number);
  const pb = bareVersion(b).split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether `minor` (`major.minor`) lies in the inclusive range `[lowest, highest]`. */
export function minorInRange(minor: string, [lowest, highest]: readonly [string, string]): boolean {
  return compareVersions(minor, lowest) >= 0 && compareVersions(minor, highest) <= 0;
}

/**
 * A version as code passes it to a construct: `major.minor.patch` without `v` (the spec's schema enforces the same
 * pattern, so specs never reach this rule with another form).
 */
export function releaseVersionProblems(field: string, value: string): RuleProblem[] {
  if (RELEASE_VERSION.test(value)) return [];
  return [
    {
      rule: 'invalid-version',
      field,
      message: `${field} "${value}" is not a version`,
      expected: '"<major>.<minor>.<patch>" without a leading "v"',
      hint: `set ${field} like "${value.startsWith('v') && RELEASE_VERSION.test(bareVersion(value)) ? bareVersion(value) : '1.35.6'}"`,
    },
  ];
}
