/** The loader's side of a `SpecPrefetch`: which files it can take from the worker, which it parses itself. */
import type { SpecSource } from './load';
import { parseSpecFile } from './parse';
import type { ParsedSpecFile } from './parse';
import type { PrefetchedParse } from './prefetch';

/** A file's parse: the data of the worker's (no document: the locator parses again if it needs positions). */
export type SpecParse = Pick<ParsedSpecFile, 'data' | 'errors'> & Partial<Pick<ParsedSpecFile, 'doc' | 'lineCounter'>>;

/**
 * Parses the files the worker has not claimed yet, then waits for it and takes its data for the files whose text is
 * the one read here. A file in neither (the worker skipped it, read other text, or failed) is missing from the map:
 * the loader parses it as without a prefetch.
 */
export function parseWithPrefetch(sources: readonly SpecSource[], prefetch: PrefetchedParse): Map<string, SpecParse> {
  const byFile = new Map(sources.map((s) => [s.file, s]));
  const parsed = new Map<string, SpecParse>();
  for (let file = prefetch.claim(); file !== undefined; file = prefetch.claim()) {
    const source = byFile.get(file);
    if (source) parsed.set(file, parseSpecFile(file, source.text));
  }
  for (const [file, spec] of prefetch.take()) {
    if (!parsed.has(file) && byFile.get(file)?.text === spec.text) parsed.set(file, { data: spec.data, errors: [] });
  }
  return parsed;
}
