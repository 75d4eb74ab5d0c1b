import { Version, releaseVersionProblems } from '../../lib/core/rules/version';
import { DEFAULT_VERSIONS } from '../../lib/core/spec/defaults';
import {
  CABPT_VERSION,
  CACPPT_VERSION,
  CAPMOX_VERSION,
  CLUSTER_API_VERSION,
  IPAM_IN_CLUSTER_VERSION,
  KUBERNETES_VERSION,
  TALOS_VERSION,
} from '../../lib/core/versions';

describe('Version', () => {
  it('parses the spec form once and gives each upstream form', () => {
    const v = Version.of('1.13.9');
    expect([v.major, v.minor, v.patch, v.prerelease]).toEqual([1, 13, 9, undefined]);
    expect(v.bare).toBe('1.13.9');
    expect(v.tag).toBe('v1.13.9');
    expect(v.majorMinor).toBe('1.13');
    expect(`${v}`).toBe('1.13.9');
    expect(JSON.stringify({ v })).toBe('{"v":"1.13.9"}');
  });

  it('parses release tags, pre-releases included', () => {
    expect(Version.fromTag('v1.12.11').bare).toBe('1.12.11');
    const rc = Version.fromTag('v1.12.0-rc.1');
    expect([rc.prerelease, rc.tag, rc.majorMinor]).toEqual(['rc.1', 'v1.12.0-rc.1', '1.12']);
  });

  it('is interned: equal versions are the same object, whichever form they came from', () => {
    expect(Version.of('1.35.6')).toBe(Version.fromTag('v1.35.6'));
    expect(Version.from('1.35.6')).toBe(Version.of('1.35.6'));
    expect(Version.from(Version.of('1.35.6'))).toBe(Version.of('1.35.6'));
    expect(Version.fromTag('v1.0.0-rc.1')).not.toBe(Version.of('1.0.0'));
  });

  it('orders numerically, a pre-release before its release (SemVer)', () => {
    const tags = ['v1.10.0', 'v1.9.9', 'v1.10.0-rc.10', 'v1.10.0-rc.2', 'v1.10.0-alpha', 'v1.10.0-rc.2.1', 'v0.99.0'];
    expect(
      tags
        .map((t) => Version.fromTag(t))
        .sort(Version.compare)
        .map((v) => v.tag),
    ).toEqual(['v0.99.0', 'v1.9.9', 'v1.10.0-alpha', 'v1.10.0-rc.2', 'v1.10.0-rc.2.1', 'v1.10.0-rc.10', 'v1.10.0']);
    expect(Version.of('1.35.6').isBefore(Version.of('1.36.0'))).toBe(true);
    expect(Version.of('1.36.0').isBefore(Version.of('1.35.6'))).toBe(false);
    expect(Version.of('2.0.0').compare(Version.of('2.0.0'))).toBe(0);
  });

  it('tests its release line against an inclusive range of minors', () => {
    expect(Version.of('1.31.0').isMinorInRange(['1.31', '1.36'])).toBe(true);
    expect(Version.of('1.36.9').isMinorInRange(['1.31', '1.36'])).toBe(true);
    expect(Version.of('1.30.14').isMinorInRange(['1.31', '1.36'])).toBe(false);
    expect(Version.of('1.9.0').isMinorInRange(['1.10', '1.12'])).toBe(false);
  });

  it.each(['v1.13.9', '1.13', '1.13.9-rc.1', ' 1.13.9', ''])('Version.of rejects %j', (text) => {
    expect(() => Version.of(text)).toThrow(`"${text}" is not a version; expected "<major>.<minor>.<patch>"`);
  });

  it.each(['1.12.11', 'v1.12', 'v1.12.0-', 'V1.12.0'])('Version.fromTag rejects %j', (tag) => {
    expect(() => Version.fromTag(tag)).toThrow(`"${tag}" is not a release tag`);
  });
});

describe('releaseVersionProblems', () => {
  it('accepts a Version and the spec form, and says how to fix a tag', () => {
    expect(releaseVersionProblems('talosVersion', Version.fromTag('v1.13.9'))).toEqual([]);
    expect(releaseVersionProblems('talosVersion', '1.13.9')).toEqual([]);
    expect(releaseVersionProblems('talosVersion', 'v1.13.9')).toEqual([
      expect.objectContaining({ rule: 'invalid-version', hint: 'set talosVersion like "1.13.9"' }),
    ]);
  });
});

describe('DEFAULT_VERSIONS', () => {
  it('are the pins of lib/core/versions.ts, each in the form it is written in', () => {
    expect(DEFAULT_VERSIONS.talos.bare).toBe(TALOS_VERSION);
    expect(DEFAULT_VERSIONS.kubernetes.bare).toBe(KUBERNETES_VERSION);
    expect(DEFAULT_VERSIONS.clusterApi.tag).toBe(CLUSTER_API_VERSION);
    expect(DEFAULT_VERSIONS.capmox.tag).toBe(CAPMOX_VERSION);
    expect(DEFAULT_VERSIONS.cabpt.tag).toBe(CABPT_VERSION);
    expect(DEFAULT_VERSIONS.cacppt.tag).toBe(CACPPT_VERSION);
    expect(DEFAULT_VERSIONS.ipamInCluster.tag).toBe(IPAM_IN_CLUSTER_VERSION);
  });
});
