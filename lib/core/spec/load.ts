/**
 * Loads `clusters/`: `platform.yaml` and every `<env>/*.yaml`, validates each document, resolves defaults and runs
 * every cross-check. Returns all errors at once, each with file:line:column, sorted.
 */
import { compareText, sortSpecErrors } from '../errors';
import type { SpecError } from '../errors';
import { discoverSpecFiles } from './discover';
import type { SpecFileRef } from './discover';
import { fastParse } from './fast-parse';
import { NO_POSITIONS, toSpecErrors } from './issue';
import { parseSpecFile } from './parse';
import { SpecParseCache } from './parse-cache';
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
  /**
   * Data of files parsed before (see `parse-cache.ts`): a file whose text it holds is not parsed again, and the
   * clean parses of a load without errors are added to it. The result is the same with or without it.
   * @default - every file is parsed
   */
  readonly parseCache?: SpecParseCache | undefined;
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
function loadSources(sources: readonly SpecSource[], { waiveRules = [], parseCache }: LoadOptions): LoadResult {
  const ordered = [...sources].sort((a, b) => compareText(a.file, b.file));
  const locator = new YamlLocator();
  const errors: SpecError[] = [];
  let platform: ResolvedPlatform | undefined;
  const workloads: { source: SpecSource; spec: WorkloadClusterSpec }[] = [];
  // Kept only if the whole load is valid: the cache never holds a rejected file (a credential in a URL, say). Encoded
  // at once: resolving must not change what is kept.
  const clean: { text: string; encoded: Uint8Array | undefined }[] = [];

  for (const source of ordered) {
    // A text parsed cleanly before is not parsed again: the same text gives the same data. A text in the plain
    // subset of YAML is read by the fast path, which gives what the full parse would; either way, an error is
    // located by the full parse (the locator's).
    const cached = parseCache?.get(source.text);
    const fast = cached ? undefined : fastParse(source.text);
    const parsed = cached || fast ? undefined : parseSpecFile(source.file, source.text);
    locator.add(source.file, source.text);
    if (parsed?.errors.length) {
      errors.push(...parsed.errors);
      continue;
    }
    const data = parsed ? parsed.data : (cached ?? fast)?.data;
    if (parseCache && fast) clean.push({ text: source.text, encoded: SpecParseCache.encodePlain(fast.data) });
    else if (parseCache && parsed?.cacheable) clean.push({ text: source.text, encoded: SpecParseCache.encode(data) });
    const problems = validateSpecDocument(source.kind, data, source.file);
    if (problems.length) {
      // located now: the document at hand, not a second parse (80,000 unknown keys in 1 MB cost 0.8 s more); the
      // locator parses a cached or fast-read file again
      if (parsed) locator.add(source.file, source.text, parsed);
      errors.push(...toSpecErrors(problems, locator));
    } else if (source.kind === 'Platform') {
      platform = buildResolvedPlatform(data as PlatformSpec, source.file);
    } else {
      workloads.push({ source, spec: data as WorkloadClusterSpec });
    }
  }

  if (platform) {
    const resolvedPlatform = platform;
    const clusters: ResolvedWorkloadCluster[] = workloads.map(({ source, spec }) =>
      buildResolvedWorkloadCluster(spec, resolvedPlatform, source.environment ?? '', source.file),
    );
    const config = platformConfig(resolvedPlatform, clusters);
    errors.push(...validatePlatformConfig(config, locator).filter((e) => !waiveRules.includes(e.rule ?? '')));
    if (!errors.length) {
      for (const { text, encoded } of clean) parseCache?.setEncoded(text, encoded);
      return { ok: true, config };
    }
  }
  return { ok: false, errors: capPerFile(sortSpecErrors(errors)) };
}
