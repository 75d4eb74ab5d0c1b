/**
 * Loads `clusters/`: `platform.yaml` and every `<env>/*.yaml`, validates each document, resolves defaults and runs
 * every cross-check. Returns all errors at once, each with file:line:column, sorted.
 */
import { compareText, sortSpecErrors } from '../errors';
import type { SpecError } from '../errors';
import { discoverSpecFiles } from './discover';
import type { SpecFileRef } from './discover';
import { NO_POSITIONS, toSpecErrors } from './issue';
import { parseSpecFile } from './parse';
import { readSpecFile } from './read-spec-file';
import { platformConfig } from './resolve';
import { buildResolvedWorkloadCluster } from './resolve-cluster';
import { buildResolvedPlatform } from './resolve-platform';
import type { PlatformConfig, ResolvedPlatform, ResolvedWorkloadCluster } from './resolved';
import type { PlatformSpec, WorkloadClusterSpec } from './types';
import { validatePlatformConfig } from './validate';
import { validateSpecDocument } from './validate-spec';
import { YamlLocator } from './yaml-locator';

export type LoadResult =
  { readonly ok: true; readonly config: PlatformConfig } | { readonly ok: false; readonly errors: SpecError[] };

/** How to load. */
export interface LoadOptions {
  /**
   * Rules whose findings are dropped. Only for reading a spec that describes what already runs (the "from" side of
   * `upgrade plan`): a release below a known-defect floor must still be plannable out of.
   * @default - every rule applies
   */
  readonly waiveRules?: readonly string[] | undefined;
}

/** A spec file's text, with where it came from. */
export interface SpecSource extends SpecFileRef {
  readonly text: string;
}

export function loadPlatformConfig(configDir: string, options: LoadOptions = {}): LoadResult {
  const { files, issues } = discoverSpecFiles(configDir);
  const sources: SpecSource[] = [];
  const errors = toSpecErrors(issues, NO_POSITIONS);
  for (const ref of files) {
    const read = readSpecFile(ref.realFile ?? ref.file);
    if ('text' in read) sources.push({ ...ref, text: read.text });
    else errors.push({ file: ref.file, path: '', ...read.problem });
  }
  // Discovery already reported a missing platform.yaml: validate what there is without repeating it.
  const result = loadSources(sources, options);
  if (!errors.length) return result;
  return { ok: false, errors: capPerFile(sortSpecErrors([...errors, ...(result.ok ? [] : result.errors)])) };
}

/**
 * Errors reported per file; past it one line says how many more. A generated or mangled file with 80,000 unknown
 * keys stays readable (and cheap to print), and fixing the first errors usually fixes the rest.
 */
export const MAX_ERRORS_PER_FILE = 50;

/** Keeps the first {@link MAX_ERRORS_PER_FILE} errors of each file (sorted input) and counts the rest. */
function capPerFile(errors: readonly SpecError[]): SpecError[] {
  const out: SpecError[] = [];
  const byFile = new Map<string, { count: number; last: SpecError }>();
  for (const e of errors) {
    const seen = byFile.get(e.file);
    const count = (seen?.count ?? 0) + 1;
    byFile.set(e.file, { count, last: count <= MAX_ERRORS_PER_FILE ? e : (seen as { last: SpecError }).last });
    if (count <= MAX_ERRORS_PER_FILE) out.push(e);
  }
  for (const [file, { count: n, last }] of byFile) {
    if (n <= MAX_ERRORS_PER_FILE) continue;
    // placed right after the last error shown, so it sorts (and prints) last
    out.push({
      file,
      line: last.line,
      column: last.column + 1,
      path: '',
      message: `and ${n - MAX_ERRORS_PER_FILE} more errors in this file (the first ${MAX_ERRORS_PER_FILE} are shown)`,
      expected: 'no errors',
      hint: 'fix these and validate again',
      rule: 'more-errors',
    });
  }
  return sortSpecErrors(out);
}

/**
 * The loader without the file system: the same result for the same sources in any order. Exactly one source must
 * be the `Platform`; the others are workload clusters with their `environment`.
 */
export function loadPlatformConfigFromSources(sources: readonly SpecSource[], options: LoadOptions = {}): LoadResult {
  const platforms = sources.filter((s) => s.kind === 'Platform').sort((a, b) => compareText(a.file, b.file));
  if (platforms.length === 1) return loadSources(sources, options);
  const file = platforms[1]?.file ?? '<sources>';
  const message = platforms.length ? 'more than one Platform source' : 'no Platform source';
  const problem: SpecError = {
    file,
    line: 0,
    column: 0,
    path: '',
    message,
    expected: 'exactly one source of kind `Platform`',
    hint: 'pass the platform spec once, together with the workload cluster specs',
    rule: 'missing-platform-file',
  };
  const result = loadSources(
    sources.filter((s) => s !== platforms[1]),
    options,
  );
  return { ok: false, errors: sortSpecErrors([problem, ...(result.ok ? [] : result.errors)]) };
}

/** Validates every document; resolves and cross-checks when the platform itself is valid. */
function loadSources(sources: readonly SpecSource[], { waiveRules = [] }: LoadOptions): LoadResult {
  const ordered = [...sources].sort((a, b) => compareText(a.file, b.file));
  const locator = new YamlLocator();
  const errors: SpecError[] = [];
  let platform: ResolvedPlatform | undefined;
  const workloads: { source: SpecSource; spec: WorkloadClusterSpec }[] = [];

  for (const source of ordered) {
    const parsed = parseSpecFile(source.file, source.text);
    locator.add(source.file, source.text);
    if (parsed.errors.length) {
      errors.push(...parsed.errors);
      continue;
    }
    const problems = validateSpecDocument(source.kind, parsed.data, source.file);
    if (problems.length) {
      // located now: the document at hand, not a second parse (80,000 unknown keys in 1 MB cost 0.8 s more)
      locator.add(source.file, source.text, parsed);
      errors.push(...toSpecErrors(problems, locator));
    } else if (source.kind === 'Platform') {
      platform = buildResolvedPlatform(parsed.data as PlatformSpec, source.file);
    } else {
      workloads.push({ source, spec: parsed.data as WorkloadClusterSpec });
    }
  }

  if (platform) {
    const resolvedPlatform = platform;
    const clusters: ResolvedWorkloadCluster[] = workloads.map(({ source, spec }) =>
      buildResolvedWorkloadCluster(spec, resolvedPlatform, source.environment ?? '', source.file),
    );
    const config = platformConfig(resolvedPlatform, clusters);
    errors.push(...validatePlatformConfig(config, locator).filter((e) => !waiveRules.includes(e.rule ?? '')));
    if (!errors.length) return { ok: true, config };
  }
  return { ok: false, errors: capPerFile(sortSpecErrors(errors)) };
}
