/**
 * The spec parse, started early on a second core. The CLI starts it as soon as it knows `--config`, while the main
 * thread is still loading the constructs (about half a second); by the time the loader runs, most files are parsed.
 * The worker only ever saves time: the loader still discovers and reads every file itself and takes the worker's
 * data for a file only when the worker read the same text; every other file, and every file with a problem, is
 * parsed on the main thread as without a prefetch, so the result and every message are the same.
 *
 * Work is split by a shared counter over the file list: each thread claims the next unclaimed file, so the loader,
 * once it runs, parses the files the worker has not reached instead of waiting for them.
 */
import { BlockingWorker, workerScript } from '../blocking-worker';
import { discoverSpecFiles } from './discover';
import type { SpecFileRef } from './discover';

/**
 * Spec files below which no worker is started: its start (about 60 ms of a core) and the copy of its results cost
 * more than the parse of a few dozen files it would take off the main thread.
 */
export const MIN_PREFETCH_FILES = 50;

/** A spec file as the worker read and parsed it. */
export interface PrefetchedSpec {
  readonly file: string;
  readonly text: string;
  /** What `parseSpecFile` returned as data for `text`, which parsed with no error or warning. */
  readonly data: unknown;
}

/** What the loader needs of a prefetch: a {@link SpecPrefetch}. */
export interface PrefetchedParse {
  /** The next file no thread has claimed, now claimed by the caller; `undefined` when every file is claimed. */
  claim(): string | undefined;
  /** Waits for the worker; its files by name (none when it failed). Once only. */
  take(): ReadonlyMap<string, PrefetchedSpec>;
}

/** The worker's start-up data: the files to parse, and the shared counter of the next file to claim. */
export interface PrefetchInit {
  readonly files: readonly Pick<SpecFileRef, 'file' | 'realFile'>[];
  readonly next: Int32Array;
}

/** Options of {@link SpecPrefetch.start}. */
export interface PrefetchOptions {
  /**
   * Start no worker for fewer spec files than this.
   * @default MIN_PREFETCH_FILES
   */
  readonly minFiles?: number | undefined;
  /**
   * The compiled worker script.
   * @default - `parse-worker.js` beside this file; no prefetch when there is none (the TypeScript sources)
   */
  readonly script?: string | undefined;
}

export class SpecPrefetch implements PrefetchedParse {
  /** Starts parsing the spec files of `configDir`; `undefined` when it would not pay or no worker can start. */
  public static start(configDir: string, options: PrefetchOptions = {}): SpecPrefetch | undefined {
    const script = options.script ?? workerScript(__dirname, 'parse-worker');
    if (script === undefined) return undefined;
    const files = discoverSpecFiles(configDir).files.map(({ file, realFile }) => ({ file, realFile }));
    if (files.length < (options.minFiles ?? MIN_PREFETCH_FILES)) return undefined;
    const next = new Int32Array(new SharedArrayBuffer(4));
    const worker = BlockingWorker.start<PrefetchInit, null, PrefetchedSpec>(script, { files, next });
    if (!worker) return undefined;
    // one request per file: each makes the worker claim one more (there may be none left)
    for (let i = 0; i < files.length; i++) worker.post(null);
    return new SpecPrefetch(
      configDir,
      files.map((f) => f.file),
      next,
      worker,
    );
  }

  private constructor(
    /** The folder whose files are parsed, as given. */
    public readonly configDir: string,
    private readonly files: readonly string[],
    private readonly next: Int32Array,
    private readonly worker: BlockingWorker<null, PrefetchedSpec>,
  ) {}

  public claim(): string | undefined {
    return this.files[Atomics.add(this.next, 0, 1)];
  }

  public take(): ReadonlyMap<string, PrefetchedSpec> {
    return new Map((this.worker.finish() ?? []).map((spec) => [spec.file, spec]));
  }

  /** Stops the worker without waiting for it. */
  public stop(): void {
    this.worker.stop();
  }
}
