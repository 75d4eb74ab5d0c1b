/**
 * The worker thread of {@link StageWriter}: writes each file it receives into the staging folder unless the output
 * folder holds those bytes already, and answers with the paths it wrote. Plain `fs` only, so it starts fast.
 */
import * as fs from 'fs';
import * as path from 'path';
import { workerData } from 'worker_threads';
import { serveBlocking } from '../blocking-worker';
import type { BlockingWorkerData } from '../blocking-worker';
import type { StageBatch, StageWriterInit } from './stage-writer';

const data = workerData as BlockingWorkerData<StageWriterInit>;
const { target, staging, cancel } = data.init;
// A first synth (no output folder yet) writes every file without reading anything.
const targetExists = fs.existsSync(target);
const made = new Set<string>();

function write(rel: string, content: string): boolean {
  if (Atomics.load(cancel, 0) !== 0) return false; // the synth stopped: its staging folder is about to go
  const segs = rel.split('/');
  if (targetExists && sameBytes(path.join(target, ...segs), content)) return false;
  const file = path.join(staging, ...segs);
  const parent = path.dirname(file);
  if (!made.has(parent)) {
    fs.mkdirSync(parent, { recursive: true });
    made.add(parent);
  }
  fs.writeFileSync(file, content);
  return true;
}

/** Whether `file` holds exactly `content` (missing or unreadable: no; the synth's own comparison decides). */
function sameBytes(file: string, content: string): boolean {
  let current: Buffer;
  try {
    current = fs.readFileSync(file);
  } catch {
    return false;
  }
  return current.length === Buffer.byteLength(content) && current.equals(Buffer.from(content, 'utf8'));
}

serveBlocking<StageWriterInit, StageBatch, string[]>(
  data,
  (batch) => batch.filter(([rel, content]) => write(rel, content)).map(([rel]) => rel),
  () => undefined,
);
