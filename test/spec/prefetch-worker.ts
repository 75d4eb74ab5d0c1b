/** The compiled spec prefetch (a worker thread cannot load the TypeScript sources: run `npm run build` first). */
import * as path from 'path';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import type { LoadResult } from '../../lib/core/spec/load';
import type * as Compiled from '../../lib/core/spec/prefetch';
import type { PrefetchedParse, PrefetchedSpec } from '../../lib/core/spec/prefetch';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { SpecPrefetch } = require(path.join(REPO_ROOT, 'build', 'lib', 'core', 'spec', 'prefetch.js')) as {
  SpecPrefetch: typeof Compiled.SpecPrefetch;
};

/** Waits for a worker started on `dir` (whatever the file count) that parsed every file alone. */
export function workerParse(dir: string, script?: string): ReadonlyMap<string, PrefetchedSpec> {
  const prefetch = SpecPrefetch.start(dir, { minFiles: 0, script });
  if (!prefetch) throw new Error(`no worker started for ${dir}`);
  return prefetch.take();
}

/** What the loader gets from `taken`, claiming nothing itself. */
export function given(taken: ReadonlyMap<string, PrefetchedSpec>): PrefetchedParse {
  return { claim: () => undefined, take: () => taken };
}

/**
 * Loads `dir` with a worker: alone (the worker parses every file it can) or split (this thread claims files too, as
 * the CLI does). `offered` counts the worker's files, so a test can tell that the worker did the work.
 */
export function loadWithWorker(dir: string, split = false): { result: LoadResult; offered: number } {
  const prefetch = SpecPrefetch.start(dir, { minFiles: 0 });
  if (!prefetch) throw new Error(`no worker started for ${dir}`);
  let offered = 0;
  const prefetched: PrefetchedParse = {
    claim: () => (split ? prefetch.claim() : undefined),
    take: () => {
      const taken = prefetch.take();
      offered = taken.size;
      return taken;
    },
  };
  return { result: loadPlatformConfig(dir, { prefetched }), offered };
}
