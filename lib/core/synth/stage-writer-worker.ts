/**
 * The worker thread of {@link StageWriter}: writes each file it receives into the staging folder and answers with the
 * paths it wrote. Plain `fs` only, so it starts fast.
 */
import * as fs from 'fs';
import * as path from 'path';
import { workerData } from 'worker_threads';
import { serveBlocking } from '../blocking-worker';
import type { BlockingWorkerData } from '../blocking-worker';
import type { StageBatch, StageWriterInit } from './stage-writer';

const data = workerData as BlockingWorkerData<StageWriterInit>;
const { staging, cancel } = data.init;
const made = new Set<string>();

function write(rel: string, content: string): boolean {
  if (Atomics.load(cancel, 0) !== 0) return false; // the synth stopped: its staging folder is about to go
  const file = path.join(staging, ...rel.split('/'));
  const parent = path.dirname(file);
  if (!made.has(parent)) {
    fs.mkdirSync(parent, { recursive: true });
    made.add(parent);
  }
  fs.writeFileSync(file, content);
  return true;
}

serveBlocking<StageWriterInit, StageBatch, string[]>(
  data,
  (batch) => batch.filter(([rel, content]) => write(rel, content)).map(([rel]) => rel),
  () => undefined,
);
