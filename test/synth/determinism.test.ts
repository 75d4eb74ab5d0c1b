/**
 * The synth is a pure function of the config's content: the same spec gives the same bytes in both trees, wherever
 * the config folder lives, whatever it is called, in whatever order its files were created; and no output names the
 * folders the synth ran in (temp folders, staging folders, the working directory).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  REPO_ROOT,
  VALID_FIXTURES_DIR,
  filesContaining,
  hashTree,
  outDirs,
  rmDir,
  synthExample,
  tmpDir,
} from './helpers';
import type { OutDirs } from './helpers';

const CONFIG_FILES = ['platform.yaml', 'prod/prod.yaml', 'staging/staging.yaml'];

const cleanup: string[] = [];
afterAll(() => cleanup.forEach(rmDir));

/** Synthesizes `configDir` into a new temp root; returns the folders and the staging folders the synth used. */
function synthInto(prefix: string, configDir: string, nested: string[] = []): OutDirs & { stagingDirs: string[] } {
  const top = tmpDir(prefix);
  cleanup.push(top);
  const dirs = outDirs(path.join(top, ...nested));
  const stagingDirs = synthExample(dirs, configDir);
  expect(stagingDirs).toHaveLength(2);
  return { ...dirs, stagingDirs };
}

/** A copy of the example config written file by file in `order`, under a differently named folder. */
function copyInOrder(order: readonly string[], ...segments: string[]): string {
  const top = tmpDir('other place ü-');
  cleanup.push(top);
  const dir = path.join(top, ...segments);
  for (const rel of order) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.copyFileSync(path.join(VALID_FIXTURES_DIR, rel), path.join(dir, rel));
  }
  return dir;
}

let first: ReturnType<typeof synthInto>;
let firstHashes: { tf: Record<string, string>; k8s: Record<string, string> };

beforeAll(() => {
  first = synthInto('synth-det-a-', VALID_FIXTURES_DIR);
  firstHashes = { tf: hashTree(first.tfOutdir), k8s: hashTree(first.k8sOutdir) };
});

test('the example fills both trees', () => {
  expect(Object.keys(firstHashes.tf)).toContain('manifest.json');
  expect(Object.keys(firstHashes.k8s).filter((p) => p.endsWith('.yaml')).length).toBeGreaterThan(5);
});

test('two synths of the example give identical bytes in both trees', () => {
  const second = synthInto('synth-det-b-', VALID_FIXTURES_DIR, ['deeper', 'out']);
  expect(hashTree(second.tfOutdir)).toEqual(firstHashes.tf);
  expect(hashTree(second.k8sOutdir)).toEqual(firstHashes.k8s);
});

test('a copy of the config created in another order, with another name and place, gives identical bytes', () => {
  const reversed = copyInOrder([...CONFIG_FILES].reverse(), 'nested', 'My Config');
  const shuffled = copyInOrder(['prod/prod.yaml', 'platform.yaml', 'staging/staging.yaml'], 'c');
  for (const configDir of [reversed, shuffled]) {
    const out = synthInto('synth-det-c-', configDir);
    expect(hashTree(out.tfOutdir)).toEqual(firstHashes.tf);
    expect(hashTree(out.k8sOutdir)).toEqual(firstHashes.k8s);
  }
});

test('no output names a temp folder, a staging folder, the config folder or the working directory', () => {
  const configDir = copyInOrder(CONFIG_FILES, 'cfg');
  const out = synthInto('synth-det-d-', configDir);
  const needles = [
    out.root,
    configDir,
    path.dirname(configDir),
    first.root,
    VALID_FIXTURES_DIR,
    REPO_ROOT,
    process.cwd(),
    ...out.stagingDirs,
    ...first.stagingDirs,
    ...out.stagingDirs.map((d) => path.basename(d)),
    ...first.stagingDirs.map((d) => path.basename(d)),
    '.cdktf.out.staging-',
    '.dist.staging-',
  ];
  expect(filesContaining([out.tfOutdir, out.k8sOutdir, first.tfOutdir, first.k8sOutdir], needles)).toEqual([]);
});

test('(the search above finds a path when one is there)', () => {
  const dir = tmpDir('synth-det-probe-');
  cleanup.push(dir);
  fs.writeFileSync(path.join(dir, 'x.json'), JSON.stringify({ p: path.join(dir, '.dist.staging-abc') }));
  expect(filesContaining([dir], [dir, '.dist.staging-'])).toEqual([
    `${path.join(dir, 'x.json')}: ${dir}`,
    `${path.join(dir, 'x.json')}: .dist.staging-`,
  ]);
});
