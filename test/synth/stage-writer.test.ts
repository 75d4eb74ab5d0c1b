/**
 * The staged writes of a first synth on a second thread, on the compiled library (a worker thread cannot load the
 * TypeScript sources). The worker only writes ahead: `complete` must leave the staging folder holding exactly the
 * plan's files whatever the worker did (was not given a file, wrote one the plan does not want, failed), and a synth
 * large enough to use it writes the same output folders as the same synth in this thread.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TerraformOutput } from 'cdktf';
import type * as BlockingWorkerModule from '../../lib/core/blocking-worker';
import type * as SynthesizeModule from '../../lib/core/synth/synthesize';
import type * as StageWriterModule from '../../lib/core/synth/stage-writer';
import { StageWriter as SourceStageWriter } from '../../lib/core/synth/stage-writer';
import { REPO_ROOT, hashTree, outDirs, rmDir, stagingLeftovers, tmpDir } from './helpers';

/* eslint-disable @typescript-eslint/no-require-imports */
const BUILD = path.join(REPO_ROOT, 'build');
const { BlockingWorker } = require(
  path.join(BUILD, 'lib', 'core', 'blocking-worker.js'),
) as typeof BlockingWorkerModule;
const { StageWriter, STAGE_WORKER_MIN_FILES } = require(
  path.join(BUILD, 'lib', 'core', 'synth', 'stage-writer.js'),
) as typeof StageWriterModule;
const { synthesizeApps } = require(
  path.join(BUILD, 'lib', 'core', 'synth', 'synthesize.js'),
) as typeof SynthesizeModule;
const { GitOpsFile } = require(path.join(BUILD, 'lib', 'core', 'synth', 'gitops-file.js')) as {
  GitOpsFile: new (scope: unknown, id: string, props: { outputPath: string; content: string }) => unknown;
};
const { StageStack } = require(path.join(BUILD, 'stacks', 'stage-stack.js')) as {
  StageStack: new (scope: unknown, id: string) => unknown;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const cleanup: string[] = [];
afterAll(() => cleanup.forEach(rmDir));
function newDir(prefix: string): string {
  const dir = tmpDir(prefix);
  cleanup.push(dir);
  return dir;
}

/** Every file under `dir` (relative path with `/` -> content). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string): void => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(abs, e.name), childRel);
      else out[childRel] = fs.readFileSync(path.join(abs, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

/** Folders under `dir` (relative), to see that none is left empty. */
function folders(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('StageWriter', () => {
  test('leaves exactly the plan’s files: writes what the worker was not given, removes what the plan does not want', () => {
    const root = newDir('tpc-stage-writer-');
    const staging = path.join(root, '.dist.staging');
    fs.mkdirSync(staging);
    const writer = new StageWriter(staging, undefined, 2);
    writer.write('new/a.yaml', 'a: 1\n');
    expect(writer.ahead).toBe(false); // one file: not yet
    writer.write('new/b.yaml', 'b: 1\n');
    expect(writer.ahead).toBe(true);
    writer.write('gone/deep/c.yaml', 'c: 1\n'); // written ahead, then not in the plan
    for (let i = 0; i < 300; i++) writer.write(`many/f${i}.yaml`, `i: ${i}\n${'x'.repeat(2000)}\n`);
    const plan = new Map<string, string>([
      ['new/a.yaml', 'a: 1\n'],
      ['new/b.yaml', 'b: 1\n'],
      ['manifest', 'm\n'], // never posted: written here
    ]);
    for (let i = 0; i < 300; i++) plan.set(`many/f${i}.yaml`, `i: ${i}\n${'x'.repeat(2000)}\n`);
    writer.complete(plan);
    expect(tree(staging)).toEqual(Object.fromEntries(plan));
    expect(folders(staging)).toEqual(['many', 'new']);
  });

  test('a worker that fails: the staging folder is written again in this thread, exactly the plan’s files', () => {
    const root = newDir('tpc-stage-writer-fail-');
    const script = path.join(root, 'fails.js');
    fs.writeFileSync(
      script,
      `const { workerData } = require('worker_threads');\n` +
        `const fs = require('fs');\n` +
        `require(${JSON.stringify(path.join(BUILD, 'lib', 'core', 'blocking-worker.js'))}).serveBlocking(workerData,` +
        ` (batch) => { fs.writeFileSync(workerData.init.staging + '/debris', 'x'); throw new Error('disk full'); },` +
        ` () => undefined);\n`,
    );
    const staging = path.join(root, 'staging');
    fs.mkdirSync(staging);
    const writer = new StageWriter(staging, script, 1);
    writer.write('a.yaml', 'a: 1\n');
    expect(writer.ahead).toBe(true);
    writer.complete(new Map([['a.yaml', 'a: 1\n']]));
    expect(tree(staging)).toEqual({ 'a.yaml': 'a: 1\n' });
  });

  test('stop: the worker writes nothing more, so the staging folder can go', () => {
    const root = newDir('tpc-stage-writer-stop-');
    const staging = path.join(root, 'staging');
    fs.mkdirSync(staging);
    const writer = new StageWriter(staging, undefined, 1);
    for (let i = 0; i < 2000; i++) writer.write(`d${i % 50}/f${i}.yaml`, 'x'.repeat(4000));
    writer.stop();
    fs.rmSync(staging, { recursive: true, force: true });
    writer.write('late.yaml', 'late\n'); // ignored
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    expect(fs.existsSync(staging)).toBe(false);
  });

  test('no worker from the TypeScript sources (no compiled script beside them): complete writes in this thread', () => {
    const root = newDir('tpc-stage-writer-source-');
    const writer = new SourceStageWriter(root, undefined, 1);
    writer.write('a.yaml', 'a: 1\n');
    expect(writer.ahead).toBe(false);
    writer.complete(new Map([['b/c.yaml', 'c: 1\n']]));
    expect(tree(root)).toEqual({ 'b/c.yaml': 'c: 1\n' });
  });

  test('below the threshold no worker starts', () => {
    const root = newDir('tpc-stage-writer-small-');
    const writer = new StageWriter(root);
    for (let i = 1; i < STAGE_WORKER_MIN_FILES; i++) writer.write(`f${i}.yaml`, 'x\n');
    expect(writer.ahead).toBe(false);
    writer.write('last.yaml', 'x\n');
    expect(writer.ahead).toBe(true);
    writer.stop();
  });
});

describe('a synth large enough for the worker', () => {
  const COUNT = STAGE_WORKER_MIN_FILES + 50;
  /** `COUNT` GitOps files; `version` 2 changes every tenth, removes ten and adds ten. */
  function build(version: 1 | 2) {
    return ({ tf, k8s }: { tf: unknown; k8s: unknown }) => {
      new TerraformOutput(new StageStack(tf, 's1') as never, 'value', { value: `v${version}` });
      for (let i = 0; i < COUNT + (version === 2 ? 10 : 0); i++) {
        if (version === 2 && i < 10) continue;
        const changed = version === 2 && i % 10 === 5;
        const outputPath = `clusters/c${Math.floor(i / 7)}/f${i}.yaml`;
        new GitOpsFile(k8s, `f${i}`, { outputPath, content: `i: ${i}\nv: ${changed ? 2 : 1}\n` });
      }
    };
  }
  function synth(root: string, version: 1 | 2) {
    const dirs = outDirs(root);
    return synthesizeApps({ ...dirs, build: build(version), stateDir: root });
  }

  test('a first synth uses the worker, a re-synth does not; both write what the same synths write in this thread', () => {
    const start = jest.spyOn(BlockingWorker, 'start');
    const viaWorker = newDir('tpc-stage-synth-');
    const first = synth(viaWorker, 1);
    expect(start).toHaveBeenCalledTimes(1);
    expect(start.mock.calls[0]?.[0]).toMatch(/stage-writer-worker\.js$/);
    expect(start.mock.results[0]?.value).toBeDefined();
    expect(first.changes.k8s.added).toHaveLength(COUNT);
    const firstTree = hashTree(outDirs(viaWorker).k8sOutdir);
    const second = synth(viaWorker, 2); // the output folder exists: staged after the plan, in this thread
    expect(start).toHaveBeenCalledTimes(1);
    expect(second.changes.k8s.removed).toHaveLength(10);
    expect(second.changes.k8s.added).toHaveLength(10);
    expect(second.changes.k8s.changed).toHaveLength(Math.floor((COUNT - 10 + 5) / 10));
    start.mockImplementation(() => undefined); // the same synths without the worker
    const inline = newDir('tpc-stage-synth-inline-');
    synth(inline, 1);
    expect(hashTree(outDirs(inline).k8sOutdir)).toEqual(firstTree);
    const inlineSecond = synth(inline, 2);
    start.mockRestore();
    expect(inlineSecond.changes).toEqual(second.changes);
    expect(hashTree(outDirs(viaWorker).k8sOutdir)).toEqual(hashTree(outDirs(inline).k8sOutdir));
    expect(stagingLeftovers(viaWorker)).toEqual([]);
  });
});
