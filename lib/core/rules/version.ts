/**
 * Release versions: {@link Version} is parsed once where a version enters (the spec resolver, a construct prop, a
 * pin in `lib/core/versions.ts`) and asked for the form each upstream field needs ({@link Version.tag} `v1.13.9`,
 * {@link Version.bare} `1.13.9`). No other code adds or drops a `v`.
 */
import type { RuleProblem } from './problem';

/** `major.minor.patch`, digits only: how the spec and construct props write a version. */
const RELEASE_VERSION = /^\d+\.\d+\.\d+$/;

/**
 * `v` + `major.minor.patch`, with an optional SemVer pre-release (`-rc.1`): how upstream release tags (and the pins of
 * `lib/core/versions.ts`) write one.
 */
const RELEASE_TAG = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/**
 * A release version `major.minor.patch` (Talos, Kubernetes, a Cluster API provider), from a tag also with a SemVer
 * pre-release. Instances are interned: two versions with the same parts are the same object, so `===` compares them.
 *
 * @example
 * const talos = Version.of('1.13.9');
 * talos.tag; // 'v1.13.9', for the Talos provider's `talos_version`
 * talos.majorMinor; // '1.13', the key of the support matrix
 * Version.of('1.35.6').isBefore(Version.of('1.36.0')); // true
 */
export class Version {
  private static readonly interned = new Map<string, Version>();

  /** Whether `text` is a version as the spec writes one: `major.minor.patch`, digits only, no `v`. */
  public static isVersion(text: string): boolean {
    return RELEASE_VERSION.test(text);
  }

  /** Parses `major.minor.patch` (`1.13.9`), the spec's form; throws for anything else (a `v` prefix included). */
  public static of(text: string): Version {
    if (!RELEASE_VERSION.test(text)) {
      throw new Error(`"${text}" is not a version; expected "<major>.<minor>.<patch>" without a leading "v"`);
    }
    return Version.intern(text);
  }

  /** A {@link VersionInput} as a {@link Version}: a string is parsed with {@link of} (and throws like it). */
  public static from(input: VersionInput): Version {
    return input instanceof Version ? input : Version.of(input);
  }

  /**
   * Parses an upstream release tag `v<major>.<minor>.<patch>` (`v1.12.11`, or `v1.12.0-rc.1`); throws for anything
   * else.
   */
  public static fromTag(tag: string): Version {
    const match = RELEASE_TAG.exec(tag);
    if (match === null) {
      throw new Error(`"${tag}" is not a release tag; expected "v<major>.<minor>.<patch>", e.g. "v1.12.11"`);
    }
    const [, major, minor, patch, prerelease] = match;
    return Version.intern(`${major}.${minor}.${patch}`, prerelease);
  }

  /** Whether `tag` is a release tag {@link fromTag} parses. */
  public static isTag(tag: string): boolean {
    return RELEASE_TAG.test(tag);
  }

  /** Orders versions oldest first (for `Array.prototype.sort`); a pre-release comes before its release (SemVer). */
  public static compare(a: Version, b: Version): number {
    return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePrerelease(a.prerelease, b.prerelease);
  }

  private static intern(release: string, prerelease?: string): Version {
    const [major, minor, patch] = release.split('.').map(Number) as [number, number, number];
    const key = `${major}.${minor}.${patch}${prerelease === undefined ? '' : `-${prerelease}`}`;
    let version = Version.interned.get(key);
    if (version === undefined) {
      version = new Version(major, minor, patch, prerelease);
      Version.interned.set(key, version);
    }
    return version;
  }

  private constructor(
    /** The major number (`1` of `1.13.9`). */
    public readonly major: number,
    /** The minor number (`13` of `1.13.9`). */
    public readonly minor: number,
    /** The patch number (`9` of `1.13.9`). */
    public readonly patch: number,
    /** The SemVer pre-release (`rc.1` of `v1.12.0-rc.1`); `undefined` for a release. */
    public readonly prerelease?: string,
  ) {}

  /** The spec's form, without `v`: `1.13.9` (Kubernetes `kubernetesVersion` of a Talos machine config). */
  public get bare(): string {
    const release = `${this.major}.${this.minor}.${this.patch}`;
    return this.prerelease === undefined ? release : `${release}-${this.prerelease}`;
  }

  /** The release tag form: `v1.13.9` (CAPI `spec.version`, operator `spec.version`, Talos `talos_version`). */
  public get tag(): string {
    return `v${this.bare}`;
  }

  /** `major.minor` (`1.13`): the release line, the key of the support and compatibility tables. */
  public get majorMinor(): string {
    return `${this.major}.${this.minor}`;
  }

  /** Negative when this version is older than `other`, 0 when equal, positive when newer. */
  public compare(other: Version): number {
    return Version.compare(this, other);
  }

  /** Whether this version is older than `other`. */
  public isBefore(other: Version): boolean {
    return this.compare(other) < 0;
  }

  /** Whether this version's `major.minor` lies in the inclusive range of release lines `[lowest, highest]`. */
  public isMinorInRange([lowest, highest]: readonly [string, string]): boolean {
    const line = this.majorMinor;
    return compareVersions(line, lowest) >= 0 && compareVersions(line, highest) <= 0;
  }

  /** The spec's form ({@link bare}), also in messages and templates. */
  public toString(): string {
    return this.bare;
  }

  /** The spec's form in JSON (the resolved model dumps as the spec reads). */
  public toJSON(): string {
    return this.bare;
  }
}

/** SemVer pre-release precedence: a release is newer; identifiers compare numerically, else in ASCII order. */
function comparePrerelease(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const [x, y] = [pa[i]!, pb[i]!];
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * A version as a construct prop takes it: a {@link Version}, or a string in the spec's form (`1.13.9`), which the
 * construct checks with {@link releaseVersionProblems} (an error naming its path) and parses with {@link Version.from}.
 */
export type VersionInput = Version | string;

/**
 * A version string as code passes it to a construct: `major.minor.patch` without `v` (the spec's schema enforces the
 * same pattern, so specs never reach this rule with another form). A {@link Version} is always valid.
 */
export function releaseVersionProblems(field: string, value: VersionInput): RuleProblem[] {
  if (value instanceof Version || Version.isVersion(value)) return [];
  const withoutV = value.replace(/^v/, '');
  return [
    {
      rule: 'invalid-version',
      field,
      message: `${field} "${value}" is not a version`,
      expected: '"<major>.<minor>.<patch>" without a leading "v"',
      hint: `set ${field} like "${withoutV !== value && Version.isVersion(withoutV) ? withoutV : '1.35.6'}"`,
    },
  ];
}

/**
 * Numeric order of dotted version strings of any length, a leading `v` ignored (`1.9` < `1.10`, `v1.21.1` <
 * `1.22`): for release lines (`1.13`) and chart versions, which are not {@link Version}s.
 */
export function compareVersions(a: string, b: string): number {
  const parts = (text: string) => text.replace(/^v/, '').split('.').map(Number);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The `major.minor` of a dotted version string, a leading `v` ignored: `v1.13.9` -> `1.13`. */
export function minorOf(version: string): string {
  return version.replace(/^v/, '').split('.').slice(0, 2).join('.');
}
