/**
 * Crashes and faults during a synth, on the compiled library (`npm run build` first): a child process synthesizes
 * version B over version A and is killed (SIGKILL, preload `support/fault-preload.cjs`) right after each of its
 * file-system writes and renames in turn. At every point the pair of output folders, once the next synth's recovery
 * ran, is all A or all B, and the next synth leaves exactly B and no debris. Two concurrent synths on a slow
 * filesystem never mix. ENOSPC and EROFS give exit 2, a message with the path and the fix, and untouched outputs.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { acquireLocks } from '../../lib/core/synth/output-lock';
import { recoverAndClean } from '../../lib/core/synth/output-commit';
import * as gitopsFile from '../../lib/core/synth/gitops-file';
import { synthesizeApps } from '../../lib/core/synth/synthesize';
import * as stageStack from '../../stacks/stage-stack';
import { REPO_ROOT, VALID_FIXTURES_DIR, hashTree, outDirs, rmDir, snapshot, stagingLeftovers, tmpDir } from './helpers';

const PRELOAD = path.join(__dirname, 'support', 'fault-preload.cjs');
const TINY = path.join(__dirname, 'support', 'tiny-synth.cjs');
const MAIN_JS = path.join(REPO_ROOT, 'build', 'stacks', 'main.js');

const cleanup: string[] = [];
afterAll(() => cleanup.forEach(rmDir));

function newRoot(prefix: string): string {
  const dir = tmpDir(prefix);
  cleanup.push(dir);
  return dir;
}

function tiny(root: string, version: 'A' | 'B' | 'LA' | 'LB', env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['-r', PRELOAD, TINY, root, version], {
    encoding: 'utf8',
    env: { ...process.env, FAULT_ROOT: root, ...env },
    timeout: 60_000,
  });
}

function expectOk(run: ReturnType<typeof tiny>): void {
  if (run.status !== 0)
    throw new Error(`tiny synth failed (${run.status} ${run.signal}):\n${run.stdout}\n${run.stderr}`);
}

/** The next synth's recovery, as synthesizeApps runs it (under the locks). */
function recover(root: string): string[] {
  const dirs = outDirs(root);
  const release = acquireLocks([dirs.tfOutdir, dirs.k8sOutdir]);
  try {
    return recoverAndClean([dirs.tfOutdir, dirs.k8sOutdir], new Set());
  } finally {
    release();
  }
}

/** The same synth as the child's, in this process (on the sources). */
function tinyInProcess(root: string, version: 'A' | 'B') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { tinyBuild } = require('./support/tiny-build.cjs') as {
    tinyBuild: (v: string, g: typeof gitopsFile, s: typeof stageStack) => Parameters<typeof synthesizeApps>[0]['build'];
  };
  const dirs = outDirs(root);
  return synthesizeApps({
    tfOutdir: dirs.tfOutdir,
    k8sOutdir: dirs.k8sOutdir,
    stateDir: root,
    build: tinyBuild(version, gitopsFile, stageStack),
  });
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

let pristineA: string;
let stateA: ReturnType<typeof snapshot>;
let stateB: ReturnType<typeof snapshot>;

beforeAll(() => {
  pristineA = newRoot('fault-a-');
  expectOk(tiny(pristineA, 'A'));
  stateA = snapshot(outDirs(pristineA));
  const b = newRoot('fault-b-');
  copyTree(pristineA, b);
  expectOk(tiny(b, 'B'));
  stateB = snapshot(outDirs(b));
  expect(stateB).not.toEqual(stateA);
});

test('killed after each write and rename: old or new for the pair, and the next synth recovers without debris', () => {
  const outcomes: string[] = [];
  for (let n = 1; n < 500; n++) {
    const root = newRoot(`fault-kill-${n}-`);
    fs.rmSync(root, { recursive: true });
    copyTree(pristineA, root);
    // Outside FAULT_ROOT (a name that starts with the root's would be counted too).
    const countFile = path.join(path.dirname(root), `count-${path.basename(root)}`);
    cleanup.push(countFile);
    // Writes inside the staging folders are left out (a kill there only leaves debris; the first few count).
    const run = tiny(root, 'B', { FAULT_KILL_AT: String(n), FAULT_COUNT_FILE: countFile, FAULT_SKIP: '.staging-' });
    if (run.status === 0) {
      // Every counted call was passed without a kill: the whole range was covered.
      expect(Number(fs.readFileSync(countFile, 'utf8'))).toBe(n - 1);
      expect(snapshot(outDirs(root))).toEqual(stateB);
      break;
    }
    expect(run.signal).toBe('SIGKILL');
    recover(root);
    const after = snapshot(outDirs(root));
    const which =
      JSON.stringify(after) === JSON.stringify(stateA)
        ? 'A'
        : JSON.stringify(after) === JSON.stringify(stateB)
          ? 'B'
          : 'mix';
    outcomes.push(which);
    expect({ n, which }).not.toEqual({ n, which: 'mix' });
    expect(stagingLeftovers(root)).toEqual([]);
    // The next synth leaves exactly B.
    tinyInProcess(root, 'B');
    expect(snapshot(outDirs(root))).toEqual(stateB);
    expect(stagingLeftovers(root)).toEqual([]);
  }
  // Kills before the commit point roll back to A; kills after it are finished as B. Both must have happened.
  expect(outcomes).toContain('A');
  expect(outcomes).toContain('B');
  expect(outcomes.length).toBeGreaterThan(15);
}, 900_000);

test('killed after each write into the staging folders (cdktf, then only the changed GitOps files): the old pair', () => {
  const outcomes: string[] = [];
  for (let n = 1; n < 200; n++) {
    const root = newRoot(`fault-stage-${n}-`);
    fs.rmSync(root, { recursive: true });
    copyTree(pristineA, root);
    const countFile = path.join(path.dirname(root), `count-${path.basename(root)}`);
    cleanup.push(countFile);
    const run = tiny(root, 'B', { FAULT_KILL_AT: String(n), FAULT_COUNT_FILE: countFile, FAULT_ONLY: '.staging-' });
    if (run.status === 0) {
      expect(Number(fs.readFileSync(countFile, 'utf8'))).toBe(n - 1);
      expect(snapshot(outDirs(root))).toEqual(stateB);
      break;
    }
    expect(run.signal).toBe('SIGKILL');
    recover(root);
    const after = JSON.stringify(snapshot(outDirs(root)));
    outcomes.push(after === JSON.stringify(stateA) ? 'A' : after === JSON.stringify(stateB) ? 'B' : 'mix');
    expect(stagingLeftovers(root)).toEqual([]);
    tinyInProcess(root, 'B');
    expect(snapshot(outDirs(root))).toEqual(stateB);
    expect(stagingLeftovers(root)).toEqual([]);
  }
  // Every write into a staging folder (the Terraform synth's folders and files, then the GitOps staging folder and
  // its three files: a.yaml, d/e.yaml and the manifest, not keep.yaml) comes before the journal: A. Only the removal
  // of the staging folders after the commit comes later: B.
  expect(outcomes.join('')).toMatch(/^A{9,}B+$/);
}, 300_000);

test('a first synth large enough for the worker, killed during the writes ahead (either thread): nothing', () => {
  const lb = newRoot('fault-large-b-');
  expectOk(tiny(lb, 'LB'));
  const largeB = snapshot(outDirs(lb));
  // The preload runs in the worker thread too, with its own count: the first thread to reach n kills the process.
  let kills = 0;
  for (let n = 1; n < 2000; n += 25) {
    const root = newRoot(`fault-large-${n}-`);
    const run = tiny(root, 'LB', { FAULT_KILL_AT: String(n), FAULT_ONLY: '.staging-' });
    if (run.status === 0) {
      expect(snapshot(outDirs(root))).toEqual(largeB);
      break;
    }
    expect({ n, signal: run.signal }).toEqual({ n, signal: 'SIGKILL' });
    kills++;
    recover(root);
    // Every write into a staging folder comes before the journal: no output folder yet, and no debris.
    expect(fs.readdirSync(root)).toEqual([]);
    expectOk(tiny(root, 'LB'));
    expect(snapshot(outDirs(root))).toEqual(largeB);
    expect(stagingLeftovers(root)).toEqual([]);
  }
  expect(kills).toBeGreaterThan(3);
}, 300_000);

test('killed after each write and rename of a first synth (each new folder renamed whole): nothing or new for the pair', () => {
  const fresh = newRoot('fault-first-fresh-');
  expectOk(tiny(fresh, 'B'));
  const stateNew = snapshot(outDirs(fresh));
  const present = (dir: string): boolean => fs.existsSync(dir);
  const outcomes: string[] = [];
  for (let n = 1; n < 200; n++) {
    const root = newRoot(`fault-first-${n}-`);
    const countFile = path.join(path.dirname(root), `count-${path.basename(root)}`);
    cleanup.push(countFile);
    const run = tiny(root, 'B', { FAULT_KILL_AT: String(n), FAULT_COUNT_FILE: countFile, FAULT_SKIP: '.staging-' });
    if (run.status === 0) {
      expect(Number(fs.readFileSync(countFile, 'utf8'))).toBe(n - 1);
      expect(snapshot(outDirs(root))).toEqual(stateNew);
      break;
    }
    expect(run.signal).toBe('SIGKILL');
    recover(root);
    const dirs = outDirs(root);
    const which =
      !present(dirs.tfOutdir) && !present(dirs.k8sOutdir)
        ? 'nothing'
        : present(dirs.tfOutdir) &&
            present(dirs.k8sOutdir) &&
            JSON.stringify(snapshot(dirs)) === JSON.stringify(stateNew)
          ? 'B'
          : 'mix';
    outcomes.push(which);
    expect({ n, which }).not.toEqual({ n, which: 'mix' });
    expect(stagingLeftovers(root)).toEqual([]);
    tinyInProcess(root, 'B');
    expect(snapshot(outDirs(root))).toEqual(stateNew);
    expect(stagingLeftovers(root)).toEqual([]);
  }
  expect(outcomes).toContain('nothing');
  expect(outcomes).toContain('B');
}, 300_000);

test('two synths at once on a slow filesystem: the pair is all A or all B, never a mix', async () => {
  for (let round = 0; round < 2; round++) {
    const root = newRoot(`fault-race-${round}-`);
    const start = (version: 'A' | 'B') =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['-r', PRELOAD, TINY, root, version], {
          env: { ...process.env, FAULT_ROOT: root, FAULT_DELAY_MS: '15', FAULT_OPS: 'renameSync' },
          stdio: 'ignore',
        });
        child.on('exit', (code) => resolve(code));
      });
    const codes = await Promise.all([start(round === 0 ? 'A' : 'B'), start(round === 0 ? 'B' : 'A')]);
    expect(codes).toEqual([0, 0]);
    const after = snapshot(outDirs(root));
    expect([JSON.stringify(stateA), JSON.stringify(stateB)]).toContain(JSON.stringify(after));
    expect(stagingLeftovers(root)).toEqual([]);
  }
}, 120_000);

describe.each(['ENOSPC', 'EROFS'])('%s', (errno) => {
  // The CLI on the example: the first write into the staging folder, the journal's rename, a rename of the commit.
  test.each([
    ['writing the staged output', 'writeFileSync', 1],
    ['writing the journal', 'renameSync', 1],
    ['committing', 'renameSync', 4],
  ])('while %s: exit 2, the path and a fix, outputs untouched, no debris', (_phase, op, at) => {
    const cwd = newRoot(`fault-${errno}-`);
    const first = spawnSync(process.execPath, [MAIN_JS, 'synth', '--config', VALID_FIXTURES_DIR, '--quiet'], {
      cwd,
      encoding: 'utf8',
    });
    expect(first.status).toBe(0);
    fs.writeFileSync(path.join(cwd, 'dist', 'hand-made.yaml'), 'kept: true\n');
    // Files the synth puts back, so the commit has renames to do (two journals first, then one per file).
    fs.rmSync(path.join(cwd, 'dist', 'platform', 'apps'), { recursive: true });
    const before = hashTree(cwd);
    const run = spawnSync(process.execPath, ['-r', PRELOAD, MAIN_JS, 'synth', '--config', VALID_FIXTURES_DIR], {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        FAULT_ROOT: cwd,
        FAULT_ERRNO: errno,
        FAULT_AT: String(at),
        FAULT_OPS: op,
        TPC_NO_REBUILD: '1',
      },
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^error: .* failed at ${cwd}/\\S+ \\(${errno}\\); .*Fix: `, 'm'));
    expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(hashTree(cwd)).toEqual(before);
  });
});
