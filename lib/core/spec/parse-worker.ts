/**
 * The parse worker's entry (started by `SpecPrefetch`): for each request it claims the next spec file no thread
 * has claimed yet and answers its text and data, only when the file parsed with no error or warning and the data is
 * {@link isPlainData plain}. Any other file is left to the main thread, which reports it as today.
 */
import { workerData } from 'worker_threads';
import { serveBlocking } from '../blocking-worker';
import type { BlockingWorkerData } from '../blocking-worker';
import { parseSpecFile } from './parse';
import { isPlainData } from './plain-data';
import type { PrefetchInit, PrefetchedSpec } from './prefetch';
import { readSpecFile } from './read-spec-file';

let warned = false;
// A Node warning (yaml's "keys with collection values will be stringified") printed from this thread would come late
// or be lost when the worker stops: such a file is left to the main thread, which prints it as today.
process.emitWarning = ((): void => {
  warned = true;
}) as typeof process.emitWarning;

function parseClean(ref: PrefetchInit['files'][number]): PrefetchedSpec | undefined {
  const read = readSpecFile(ref.realFile ?? ref.file);
  if (!('text' in read)) return undefined;
  warned = false;
  const parsed = parseSpecFile(ref.file, read.text);
  if (parsed.errors.length || warned || !isPlainData(parsed.data)) return undefined;
  return { file: ref.file, text: read.text, data: parsed.data };
}

const data = workerData as BlockingWorkerData<PrefetchInit>;
const { files, next } = data.init;
serveBlocking<PrefetchInit, null, PrefetchedSpec>(
  data,
  () => {
    const ref = files[Atomics.add(next, 0, 1)];
    try {
      return ref && parseClean(ref);
    } catch {
      return undefined; // e.g. out of stack: the main thread parses it and reports what it reports today
    }
  },
  () => undefined,
);
