/**
 * The worker thread of {@link StageWriter}: writes each batch of files it receives into the staging folder (with
 * `writeFiles`, as the main thread would) and answers with the paths it wrote. Plain `fs` only, so it starts fast.
 */
import { workerData } from 'worker_threads';
import { serveBlocking } from '../blocking-worker';
import type { BlockingWorkerData } from '../blocking-worker';
import { writeFiles } from './output-dir';
import type { StageBatch, StageWriterInit } from './stage-writer';

const data = workerData as BlockingWorkerData<StageWriterInit>;
const { staging, cancel } = data.init;

serveBlocking<StageWriterInit, StageBatch, string[]>(
  data,
  // After a stop the synth's staging folder is about to go: write nothing more.
  (batch) => (Atomics.load(cancel, 0) !== 0 ? [] : writeFiles(staging, new Map(batch))),
  () => undefined,
);
