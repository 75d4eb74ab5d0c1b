/**
 * Writes the staged GitOps files of a first synth on a second thread while the synth goes on rendering, checking and
 * comparing. At 1000 clusters that is about 7000 new files; their writes (kernel time, and on a busy disk stalls of
 * up to seconds) then overlap the main thread's work instead of following it. Only for an output folder that is
 * missing or empty: a re-synth writes only what changed, usually a few files, and the comparison with the output
 * folder must be made under the lock anyway, so a worker there would only read every file a second time.
 *
 * The worker only writes ahead: once the synth has its plan, {@link StageWriter.complete} makes the staging folder
 * hold exactly the plan's files, writing what the worker was not given (the manifest) and removing what the plan does
 * not want (the output folder was filled by another synth meanwhile). When the worker failed (a full disk), the
 * staging folder is emptied and written here, so the error is reported as every synth I/O error is.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BlockingWorker, workerScript } from '../blocking-worker';
import { writeFiles } from './output-dir';
import { withIoContext } from './synth-errors';

/** Files posted to the worker at once: relative path with `/` and content. */
export type StageBatch = readonly (readonly [string, string])[];

/** What the worker starts with. */
export interface StageWriterInit {
  /** The staging folder the worker writes into. */
  readonly staging: string;
  /** Set to 1 by {@link StageWriter.stop}: the worker writes nothing more. */
  readonly cancel: Int32Array;
}

/** Files rendered before the worker starts: a smaller tree is staged after its plan, in this thread (the example's
 * 23 files take a few milliseconds; a worker costs more than that). */
export const STAGE_WORKER_MIN_FILES = 200;

/** Bytes of content posted per message: fewer, larger messages cost the main thread less. */
const BATCH_BYTES = 256 * 1024;

export class StageWriter {
  private worker: BlockingWorker<StageBatch, string[]> | undefined;
  /** Files seen before the worker started; `undefined` once it started or cannot. */
  private pending: [string, string][] | undefined = [];
  private batch: [string, string][] = [];
  private batchBytes = 0;
  private readonly cancel = new Int32Array(new SharedArrayBuffer(4));

  /**
   * A writer into `staging`. Its worker starts at the {@link STAGE_WORKER_MIN_FILES}th file, from the
   * compiled `stage-writer-worker.js` (`script`); without one (the TypeScript sources, a bundle without the file)
   * the staged files are all written by {@link complete}, in this thread.
   */
  public constructor(
    private readonly staging: string,
    private readonly script: string | undefined = workerScript(__dirname, 'stage-writer-worker'),
    private readonly minFiles: number = STAGE_WORKER_MIN_FILES,
  ) {}

  /** True once a worker writes ahead. */
  public get ahead(): boolean {
    return this.worker !== undefined;
  }

  /** Hands one rendered file to the worker (batched), or keeps it until the tree is large enough for one. */
  public write(rel: string, content: string): void {
    if (this.worker === undefined) {
      if (this.pending === undefined) return; // no worker: complete() writes everything
      this.pending.push([rel, content]);
      if (this.pending.length < this.minFiles) return;
      const pending = this.pending;
      this.pending = undefined;
      this.worker = this.script === undefined ? undefined : this.startWorker(this.script);
      if (this.worker === undefined) return;
      for (const [r, c] of pending) this.queue(r, c);
      return;
    }
    this.queue(rel, content);
  }

  /**
   * Waits for the worker, then leaves the staging folder holding exactly `files` (the plan's added and changed
   * files). Throws a `SynthIoError` when a write fails.
   */
  public complete(files: ReadonlyMap<string, string | Uint8Array>): void {
    const operation = 'writing the staged GitOps output';
    this.pending = undefined;
    if (this.worker === undefined) {
      withIoContext(operation, this.staging, () => writeFiles(this.staging, files));
      return;
    }
    this.flush();
    const results = this.worker.finish();
    this.worker = undefined;
    if (results === undefined) {
      // Whatever the worker wrote before it failed is unknown: start over in this thread.
      withIoContext(operation, this.staging, () => {
        fs.rmSync(this.staging, { recursive: true, force: true });
        fs.mkdirSync(this.staging);
        writeFiles(this.staging, files);
      });
      return;
    }
    const written = new Set(results.flat());
    withIoContext(operation, this.staging, () => {
      for (const rel of written) if (!files.has(rel)) this.unstage(rel);
      writeFiles(this.staging, new Map([...files].filter(([rel]) => !written.has(rel))));
    });
  }

  /**
   * Stops the worker (the synth failed before its plan) and waits until it writes nothing more, so the staging
   * folder can be removed.
   */
  public stop(): void {
    this.pending = undefined;
    if (this.worker === undefined) return;
    Atomics.store(this.cancel, 0, 1);
    this.worker.finish();
    this.worker = undefined;
  }

  private startWorker(script: string): BlockingWorker<StageBatch, string[]> | undefined {
    const init: StageWriterInit = { staging: this.staging, cancel: this.cancel };
    return BlockingWorker.start<StageWriterInit, StageBatch, string[]>(script, init);
  }

  private queue(rel: string, content: string): void {
    this.batch.push([rel, content]);
    this.batchBytes += content.length;
    if (this.batchBytes >= BATCH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.batch.length === 0 || this.worker === undefined) return;
    this.worker.post(this.batch);
    this.batch = [];
    this.batchBytes = 0;
  }

  /** Removes a file the plan does not want, and the folders that leaves empty (a new folder is renamed whole). */
  private unstage(rel: string): void {
    const segs = rel.split('/');
    fs.unlinkSync(path.join(this.staging, ...segs));
    for (let i = segs.length - 1; i > 0; i--) {
      const dir = path.join(this.staging, ...segs.slice(0, i));
      if (fs.readdirSync(dir).length > 0) break;
      fs.rmdirSync(dir);
    }
  }
}
