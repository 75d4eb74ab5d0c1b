/**
 * The blocking worker on the compiled library (a worker thread cannot load the TypeScript sources): results come
 * back in order while this thread waits synchronously; a worker that throws, never starts or hangs is reported as
 * `undefined` so callers fall back, and quickly for a throw.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as Compiled from '../../lib/core/blocking-worker';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const COMPILED = path.join(REPO_ROOT, 'build', 'lib', 'core', 'blocking-worker.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BlockingWorker, workerScript } = require(COMPILED) as typeof Compiled;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-blocking-worker-'));
  const serve = (handle: string, end: string): string =>
    `const { workerData } = require('worker_threads');\n` +
    `require(${JSON.stringify(COMPILED)}).serveBlocking(workerData, ${handle}, ${end});\n`;
  fs.writeFileSync(path.join(dir, 'upper.js'), serve('(s) => s.toUpperCase()', '() => "end:" + workerData.init'));
  fs.writeFileSync(
    path.join(dir, 'throws.js'),
    serve('(s) => { if (s === "bad") throw new Error("no"); return s; }', '() => "end"'),
  );
  fs.writeFileSync(path.join(dir, 'hangs.js'), 'setInterval(() => undefined, 1000);\n');
  fs.writeFileSync(path.join(dir, 'exits.js'), serve('(s) => process.exit(0)', '() => "end"'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('posts inputs, waits synchronously and returns every result in order, the end result last', () => {
  const worker = BlockingWorker.start<string, string, string>(path.join(dir, 'upper.js'), 'x');
  expect(worker).toBeDefined();
  for (const s of ['a', 'b', 'c']) worker!.post(s);
  expect(worker!.finish()).toEqual(['A', 'B', 'C', 'end:x']);
  expect(worker!.finish()).toBeUndefined(); // once only
});

test('a worker that throws is reported as undefined at once, not after the timeout', () => {
  const worker = BlockingWorker.start<undefined, string, string>(path.join(dir, 'throws.js'), undefined);
  worker!.post('ok');
  worker!.post('bad');
  worker!.post('later');
  const started = Date.now();
  expect(worker!.finish(60_000)).toBeUndefined();
  expect(Date.now() - started).toBeLessThan(30_000);
});

test('a worker that exits before its last result is reported as undefined at once', () => {
  const worker = BlockingWorker.start<undefined, string, string>(path.join(dir, 'exits.js'), undefined);
  worker!.post('x');
  const started = Date.now();
  expect(worker!.finish(60_000)).toBeUndefined();
  expect(Date.now() - started).toBeLessThan(30_000);
});

test('a worker that never answers, or whose script is missing, is reported as undefined', () => {
  const hangs = BlockingWorker.start<undefined, string, string>(path.join(dir, 'hangs.js'), undefined);
  expect(hangs!.finish(200)).toBeUndefined();
  expect(BlockingWorker.start(path.join(dir, 'missing.js'), undefined)).toBeUndefined();
});

test('workerScript finds only a compiled script beside the caller', () => {
  expect(workerScript(dir, 'upper')).toBe(path.join(dir, 'upper.js'));
  expect(workerScript(dir, 'missing')).toBeUndefined();
});
