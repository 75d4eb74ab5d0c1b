/**
 * A re-synth plans from the tree in memory: of the GitOps output it stages (writes into its staging folder) and
 * renames only the added and changed files, and a re-synth that changes nothing writes no staged file and no
 * journal and renames nothing. Version B of the tiny platform (`support/tiny-build.cjs`) changes `a.yaml`, adds
 * `d/e.yaml`, removes `b/c.yaml` and keeps `keep.yaml` over version A.
 */
import * as fs from 'fs';
import type * as FsModule from 'fs';
import * as path from 'path';
import * as gitopsFile from '../../lib/core/synth/gitops-file';
import { OUTPUT_MANIFEST_NAME } from '../../lib/core/synth/output-manifest';
import { synthesizeApps } from '../../lib/core/synth/synthesize';
import * as stageStack from '../../stacks/stage-stack';
import { hashTree, outDirs, rmDir, stagingLeftovers, tmpDir } from './helpers';
import type { OutDirs } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { tinyBuild } = require('./support/tiny-build.cjs') as {
  tinyBuild: (v: string, g: typeof gitopsFile, s: typeof stageStack) => Parameters<typeof synthesizeApps>[0]['build'];
};

const cleanup: string[] = [];
afterAll(() => cleanup.forEach(rmDir));

function newDirs(): OutDirs {
  const dirs = outDirs(tmpDir('stage-changed-'));
  cleanup.push(dirs.root);
  return dirs;
}

function synth(dirs: OutDirs, version: 'A' | 'B') {
  return synthesizeApps({
    tfOutdir: dirs.tfOutdir,
    k8sOutdir: dirs.k8sOutdir,
    stateDir: dirs.root,
    build: tinyBuild(version, gitopsFile, stageStack),
  });
}

/** Calls of the file system functions that write, while {@link recordWrites} runs. */
let recording: { writes: string[]; renames: string[] } | undefined;

jest.mock('fs', () => {
  const real = jest.requireActual<typeof FsModule>('fs');
  const note = (list: 'writes' | 'renames', entry: string): void => void recording?.[list].push(entry);
  return {
    ...real,
    writeFileSync: (...args: Parameters<typeof real.writeFileSync>) => {
      note('writes', String(args[0]));
      real.writeFileSync(...args);
    },
    openSync: (...args: Parameters<typeof real.openSync>) => {
      if (/[wa+]/.test(String(args[1] ?? 'r'))) note('writes', String(args[0]));
      return real.openSync(...args);
    },
    renameSync: (...args: Parameters<typeof real.renameSync>) => {
      note('renames', `${String(args[0])} -> ${String(args[1])}`);
      real.renameSync(...args);
    },
  };
});

/** The files `fn` writes (writeFileSync, or openSync to write) and renames (`from -> to`), while it runs. */
function recordWrites(fn: () => void): { writes: string[]; renames: string[] } {
  const seen = { writes: [], renames: [] };
  recording = seen;
  try {
    fn();
  } finally {
    recording = undefined;
  }
  return seen;
}

/** Paths under the GitOps staging folder, relative to it, sorted. */
function inK8sStaging(dirs: OutDirs, paths: readonly string[]): string[] {
  const re = new RegExp(`^${dirs.root}/\\.dist\\.staging-[^/]+/(.+)$`);
  return paths.flatMap((p) => re.exec(p)?.[1] ?? []).sort();
}

test('a re-synth stages and renames only the added and changed files of the GitOps tree', () => {
  const dirs = newDirs();
  synth(dirs, 'A');
  const { writes, renames } = recordWrites(() => synth(dirs, 'B'));
  expect(inK8sStaging(dirs, writes)).toEqual([OUTPUT_MANIFEST_NAME, 'a.yaml', 'd/e.yaml']);
  const intoK8s = renames.filter((r) => r.includes(`-> ${dirs.k8sOutdir}/`)).map((r) => r.split(' -> ')[1]);
  expect(intoK8s.sort()).toEqual(
    [OUTPUT_MANIFEST_NAME, 'a.yaml', 'd/e.yaml'].map((rel) => path.join(dirs.k8sOutdir, rel)).sort(),
  );
  expect([...writes, ...renames].filter((p) => p.includes('keep.yaml'))).toEqual([]);
  expect(fs.readFileSync(path.join(dirs.k8sOutdir, 'a.yaml'), 'utf8')).toBe('a: 2\n');
  expect(fs.existsSync(path.join(dirs.k8sOutdir, 'b'))).toBe(false);
  expect(stagingLeftovers(dirs.root)).toEqual([]);
});

test('a re-synth that changes nothing writes no staged GitOps file and no journal, and renames nothing', () => {
  const dirs = newDirs();
  synth(dirs, 'B');
  const before = { tf: hashTree(dirs.tfOutdir), k8s: hashTree(dirs.k8sOutdir) };
  let result: ReturnType<typeof synth> | undefined;
  const { writes, renames } = recordWrites(() => {
    result = synth(dirs, 'B');
  });
  expect(result?.changed).toBe(false);
  expect(inK8sStaging(dirs, writes)).toEqual([]);
  expect(writes.filter((w) => w.includes('synth-journal'))).toEqual([]);
  expect(renames).toEqual([]);
  expect({ tf: hashTree(dirs.tfOutdir), k8s: hashTree(dirs.k8sOutdir) }).toEqual(before);
  expect(stagingLeftovers(dirs.root)).toEqual([]);
});

test('a file edited by hand with its size kept is still replaced (every file is compared byte for byte)', () => {
  const dirs = newDirs();
  synth(dirs, 'B');
  const keep = path.join(dirs.k8sOutdir, 'keep.yaml');
  const mtime = fs.statSync(keep).mtime;
  fs.writeFileSync(keep, 'k: 2\n'); // same length as 'k: 1\n'
  fs.utimesSync(keep, mtime, mtime);
  const result = synth(dirs, 'B');
  expect(result.changes.k8s.changed).toEqual(['keep.yaml']);
  expect(fs.readFileSync(keep, 'utf8')).toBe('k: 1\n');
});
