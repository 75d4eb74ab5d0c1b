/**
 * A worker thread that the main thread feeds while it goes on with its own work, then waits for synchronously.
 * Synthesis is synchronous end to end (`synthesizeApps` returns its result), so work moved off the main thread (the
 * spec parse, the staged writes) is collected with `Atomics.wait` and `receiveMessageOnPort` instead of a promise.
 *
 * The worker script must be plain JavaScript: {@link workerScript} finds the compiled `.js` beside the caller and
 * answers `undefined` when there is none (the TypeScript sources under jest, a bundler that dropped the file), and
 * callers then do the work in this thread. A worker that fails to start, throws or takes longer than the timeout is
 * reported as `undefined` by {@link BlockingWorker.finish}: callers must treat the worker as an optimization only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'worker_threads';
import type { MessagePort } from 'worker_threads';

/** What a worker script receives as `workerData`. */
export interface BlockingWorkerData<Init> {
  /** The port to read inputs from and post results to (see {@link serveBlocking}). */
  readonly port: MessagePort;
  /** Set by the worker when it is done: {@link DONE} after its last result, {@link FAILED} when it threw. */
  readonly signal: Int32Array;
  /** The caller's own start-up data. */
  readonly init: Init;
}

/** The message that ends the inputs. */
const END = { end: true } as const;

const DONE = 1;
const FAILED = 2;

/** How long {@link BlockingWorker.finish} waits by default before giving up on the worker. */
export const DEFAULT_WORKER_TIMEOUT_MS = 120_000;

/** The compiled worker script `name.js` in `dir` (the caller's `__dirname`), or `undefined` when it is missing. */
export function workerScript(dir: string, name: string): string | undefined {
  if (path.extname(__filename) !== '.js') return undefined; // TypeScript sources: a worker cannot load them
  const file = path.join(dir, `${name}.js`);
  return fs.existsSync(file) ? file : undefined;
}

/** The main thread's side of a worker started by {@link BlockingWorker.start}. */
export class BlockingWorker<Input, Result> {
  /** Starts `script` with `init`; `undefined` when the script is missing or the thread cannot be created. */
  public static start<Init, Input, Result>(script: string, init: Init): BlockingWorker<Input, Result> | undefined {
    if (!fs.existsSync(script)) return undefined; // else the worker would only fail later, and finish() time out
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(4));
    try {
      const data: BlockingWorkerData<Init> = { port: port2, signal, init };
      const worker = new Worker(script, { workerData: data, transferList: [port2] });
      // Never keeps the process alive, and a crash in it is not this process's crash: finish() reports undefined.
      worker.unref();
      worker.on('error', () => undefined);
      port1.unref();
      return new BlockingWorker<Input, Result>(worker, port1, signal);
    } catch {
      port1.close();
      return undefined;
    }
  }

  private finished = false;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
  ) {}

  /** Queues `input` for the worker (copied by the structured clone algorithm); it runs while this thread goes on. */
  public post(input: Input): void {
    if (!this.finished) this.port.postMessage(input);
  }

  /**
   * Ends the inputs and blocks until the worker posted its results (in order), or `undefined` when it failed or
   * took longer than `timeoutMs`. The worker is stopped either way.
   */
  public finish(timeoutMs: number = DEFAULT_WORKER_TIMEOUT_MS): Result[] | undefined {
    if (this.finished) return undefined;
    this.finished = true;
    this.port.postMessage(END);
    const waited = Atomics.wait(this.signal, 0, 0, timeoutMs);
    const results: Result[] = [];
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      results.push(m.message as Result);
    }
    this.stop();
    return waited !== 'timed-out' && Atomics.load(this.signal, 0) === DONE ? results : undefined;
  }

  /** Stops the worker without waiting for results. */
  public stop(): void {
    this.finished = true;
    this.port.close();
    void this.worker.terminate();
  }
}

/**
 * The worker's side: calls `handle` for each input in order and `end` after the last; posts every result either
 * returns, then signals the main thread. After an exception the worker ignores further inputs and signals a failure
 * at the end, so the caller falls back at once instead of waiting for the timeout.
 */
export function serveBlocking<Init, Input, Result>(
  data: BlockingWorkerData<Init>,
  handle: (input: Input) => Result | undefined,
  end: () => Result | undefined,
): void {
  const { port, signal } = data;
  let failed = false;
  const attempt = (step: () => Result | undefined): void => {
    if (failed) return;
    try {
      const result = step();
      if (result !== undefined) port.postMessage(result);
    } catch {
      failed = true;
    }
  };
  // A worker that ends before its last result (process.exit in a handler) says so, instead of a timeout.
  const onExit = (): void => {
    if (Atomics.compareExchange(signal, 0, 0, FAILED) === 0) Atomics.notify(signal, 0);
  };
  process.once('exit', onExit);
  port.on('message', (message: Input | typeof END) => {
    if (!isEnd(message)) {
      attempt(() => handle(message));
      return;
    }
    attempt(end);
    process.removeListener('exit', onExit);
    Atomics.store(signal, 0, failed ? FAILED : DONE);
    Atomics.notify(signal, 0);
    port.close();
  });
}

function isEnd(message: unknown): message is typeof END {
  return typeof message === 'object' && message !== null && (message as { end?: unknown }).end === true;
}
