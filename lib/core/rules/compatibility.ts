/**
 * Which provider versions work together: {@link compatibilityProblems} reads the table `COMPATIBILITY` (with its
 * known-defect floors) in `lib/core/versions.ts`. The spec check reports its findings at file:line, the
 * operator-provider constructs at their construct path.
 */
import { COMPATIBILITY, PROVIDER_DISPLAY_NAMES } from '../versions';
import type { CompatibilityRule } from '../versions';
import type { RuleProblem } from './problem';
import { Version } from './version';

/** Versions of one management cluster's providers. */
export interface ProviderVersionSet {
  readonly clusterApi: Version;
  readonly capmox?: Version | undefined;
  readonly cabpt?: Version | undefined;
  readonly cacppt?: Version | undefined;
  /** `undefined`: no in-cluster IPAM provider. */
  readonly ipamInCluster?: Version | undefined;
}

/** How messages write a version: as the spec does (`0.9.0`), or as a tag, as the operator's provider CRs do. */
export type VersionForm = 'bare' | 'tag';

/** One finding of {@link compatibilityProblems}; `field` names the version to change. */
export interface CompatibilityProblem extends RuleProblem {
  readonly provider: CompatibilityRule['provider'];
  readonly field: keyof ProviderVersionSet;
  readonly rule:
    'unknown-provider-version' | 'incompatible-cluster-api-version' | 'ipam-too-old' | 'provider-version-known-defect';
  readonly message: string;
  readonly expected: string;
  readonly hint: string;
}

/**
 * Checks a set of provider versions against {@link COMPATIBILITY}: a rule for each provider's minor, a Cluster API
 * minor the rule lists, the in-cluster IPAM floor, and the known-defect floor. Pure; both reporters (spec file:line,
 * construct path) format its findings.
 */
export function compatibilityProblems(
  versions: ProviderVersionSet,
  form: VersionForm = 'bare',
): CompatibilityProblem[] {
  const show = (version: Version) => (form === 'tag' ? version.tag : version.bare);
  const problems: CompatibilityProblem[] = [];
  const capiMinor = versions.clusterApi.majorMinor;
  for (const provider of ['capmox', 'cabpt', 'cacppt'] as const) {
    const version = versions[provider];
    if (version === undefined) continue;
    const name = `${PROVIDER_DISPLAY_NAMES[provider]} ${show(version)}`;
    const known = COMPATIBILITY.filter((r) => r.provider === provider);
    const rule = known.find((r) => r.minor === version.majorMinor);
    if (rule === undefined) {
      problems.push({
        provider,
        field: provider,
        rule: 'unknown-provider-version',
        message: `${name} is not in the compatibility table`,
        expected: `${PROVIDER_DISPLAY_NAMES[provider]} ${known.map((r) => `${r.minor}.x`).join(' or ')}`,
        hint: 'pin a known version, or add a rule to COMPATIBILITY in lib/core/versions.ts after reading its support matrix',
      });
      continue;
    }
    if (!rule.clusterApiMinors.includes(capiMinor)) {
      problems.push({
        provider,
        field: 'clusterApi',
        rule: 'incompatible-cluster-api-version',
        message: `${name} does not support Cluster API ${show(versions.clusterApi)}`,
        expected: `Cluster API ${rule.clusterApiMinors.map((m) => `${m}.x`).join(' or ')}`,
        hint: `change the Cluster API version or the ${PROVIDER_DISPLAY_NAMES[provider]} version`,
      });
    }
    const ipamFloor = rule.minIpamInCluster;
    if (
      ipamFloor !== undefined &&
      (versions.ipamInCluster === undefined || versions.ipamInCluster.isBefore(Version.of(ipamFloor)))
    ) {
      problems.push({
        provider,
        field: 'ipamInCluster',
        rule: 'ipam-too-old',
        message:
          `${name} needs the in-cluster IPAM provider ${ipamFloor} or newer, ` +
          (versions.ipamInCluster === undefined ? 'and there is none' : `found ${show(versions.ipamInCluster)}`),
        expected: `${ipamFloor} or newer`,
        hint: `set the in-cluster IPAM provider to ${ipamFloor} or newer`,
      });
    }
    const floor = rule.knownDefectFloor;
    if (floor !== undefined && version.isBefore(Version.of(floor.version))) {
      problems.push({
        provider,
        field: provider,
        rule: 'provider-version-known-defect',
        message: `${name} has a known defect (${floor.issue}): ${floor.defect}`,
        expected: `${PROVIDER_DISPLAY_NAMES[provider]} ${floor.version} or newer`,
        hint: `upgrade ${PROVIDER_DISPLAY_NAMES[provider]} to ${floor.version} or newer`,
      });
    }
  }
  return problems;
}
