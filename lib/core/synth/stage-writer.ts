/**
 * Writes the staged GitOps files on a second thread while the synth goes on rendering, checking and comparing. At
 * 1000 clusters that is about 7000 new files; their writes (kernel time, and on a busy disk stalls of up to seconds
 * in the filesystem journal) then overlap the main thread's work instead of following it.
 *
 * The worker only writes ahead: once the synth has its plan, {@link StageWriter.complete} makes the staging folder
 * hold exactly the plan's files, writing what the worker skipped (it compared with the output folder before the lock
 * was taken) and removing what the plan does not want. When the worker failed (a full disk), the staging folder is
 * emptied and written here, so the error is reported as every synth I/O error is.
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
  /** The output folder, to skip files that hold those bytes already. */
  readonly target: string;
  /** The staging folder the worker writes into. */
  readonly staging: string;
  /** Set to 1 by {@link StageWriter.stop}: the worker writes nothing more. */
  readonly cancel: Int32Array;
}

/**
 * A GitOps app with fewer top-level constructs (each a chart or a file, so about its number of files) is staged after
 * its plan, in this thread: below that a worker costs more than it saves.
 */
export const STAGE_WORKER_MIN_FILES = 200;

/** Bytes of content posted per message: fewer, larger messages cost the main thread less. */
const BATCH_BYTES = 256 * 1024;

export class StageWriter {
  /**
   * A writer into `staging` for `target`, or `undefined` when no worker can run here (TypeScript sources, a bundle
   * without the worker script): the synth then writes its staged files itself.
   */
  public static start(
    target: string,
    staging: string,
    script: string | undefined = workerScript(__dirname, 'stage-writer-worker'),
  ): StageWriter | undefined {
    if (script === undefined) return undefined;
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const worker = BlockingWorker.start<StageWriterInit, StageBatch, string[]>(script, { target, staging, cancel });
    return worker && new StageWriter(worker, staging, cancel);
  }

  private batch: [string, string][] = [];
  private batchBytes = 0;

  private constructor(
    private readonly worker: BlockingWorker<StageBatch, string[]>,
    private readonly staging: string,
    private readonly cancel: Int32Array,
  ) {}

  /** Hands one rendered file to the worker (batched). */
  public write(rel: string, content: string): void {
    this.batch.push([rel, content]);
    this.batchBytes += content.length;
    if (this.batchBytes >= BATCH_BYTES) this.flush();
  }

  /**
   * Waits for the worker, then leaves the staging folder holding exactly `files` (the plan's added and changed
   * files). Throws a `SynthIoError` when a write fails.
   */
  public complete(files: ReadonlyMap<string, string | Uint8Array>): void {
    this.flush();
    const results = this.worker.finish();
    const operation = 'writing the staged GitOps output';
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
    Atomics.store(this.cancel, 0, 1);
    this.flush();
    this.worker.finish();
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

  private flush(): void {
    if (this.batch.length === 0) return;
    this.worker.post(this.batch);
    this.batch = [];
    this.batchBytes = 0;
  }
}
