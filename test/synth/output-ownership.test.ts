/**
 * Synth on real folders owns only what it wrote: a Git checkout or a folder with someone's file is refused and left
 * intact, `--force` adopts such a folder and keeps its files, hand-added files inside an owned folder are kept and
 * reported, stale files synth wrote are removed, tofu's `.terraform/` and lock file survive, folders get normal
 * permissions, and local state lands in the project root for every `--tf-out`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App as TfApp, TerraformOutput } from 'cdktf';
import { synthCommand } from '../../lib/cli/synth-command';
import type { CliHost } from '../../lib/cli/run';
import { GitOpsFile } from '../../lib/core/synth/gitops-file';
import { OUTPUT_MANIFEST_NAME } from '../../lib/core/synth/output-manifest';
import { OutputOwnershipError } from '../../lib/core/synth/synth-errors';
import { synthesizeApps } from '../../lib/core/synth/synthesize';
import type { PlatformApps } from '../../lib/core/synth/synthesize';
import { StageStack } from '../../stacks/stage-stack';
import { captureOutput, hashTree, outDirs, rmDir, stagingLeftovers, tmpDir } from './helpers';
import type { OutDirs } from './helpers';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach(rmDir));

function root(prefix = 'own-'): OutDirs {
  const dir = tmpDir(prefix);
  cleanup.push(dir);
  return outDirs(dir);
}

/** A small platform: one stack per id, one GitOps file per path. */
function build(files: Record<string, string>, stacks: string[] = ['00-a']): (apps: PlatformApps) => void {
  return ({ tf, k8s }) => {
    for (const id of stacks) new TerraformOutput(new StageStack(tf, id), 'id', { value: id });
    for (const [outputPath, content] of Object.entries(files)) {
      new GitOpsFile(k8s, outputPath.replace(/\W/g, '-'), { outputPath, content });
    }
  };
}

function synth(dirs: OutDirs, files: Record<string, string>, extra: { force?: boolean; check?: boolean } = {}) {
  return synthesizeApps({
    tfOutdir: dirs.tfOutdir,
    k8sOutdir: dirs.k8sOutdir,
    stateDir: dirs.root,
    build: build(files),
    ...extra,
  });
}

function ownershipProblems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof OutputOwnershipError) return [...err.problems];
    throw err;
  }
  throw new Error('expected an OutputOwnershipError');
}

function gitCheckout(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'ignore' });
  git('init', '-q');
  fs.writeFileSync(path.join(dir, 'README.md'), '# our GitOps repo\n');
  git('add', 'README.md');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'init');
}

describe('a folder synth did not write', () => {
  test('a Git checkout as the GitOps output is refused and left intact (.git/ included)', () => {
    const dirs = root();
    gitCheckout(dirs.k8sOutdir);
    const before = hashTree(dirs.root);
    const problems = ownershipProblems(() => synth(dirs, { 'a.yaml': 'a: 1\n' }));
    expect(problems).toEqual([
      `GitOps output ${dirs.k8sOutdir} is not empty and synth did not write it (it has no ${OUTPUT_MANIFEST_NAME}; an ` +
        'earlier version wrote none); nothing was touched. Fix: choose an empty or new folder, or pass --force to ' +
        'write into it (synth then keeps every file it did not write, and lists them).',
    ]);
    expect(hashTree(dirs.root)).toEqual(before);
  });

  test('a folder holding important.txt is refused and left intact; through the CLI that is exit 2', () => {
    const dirs = root();
    fs.mkdirSync(dirs.k8sOutdir);
    fs.writeFileSync(path.join(dirs.k8sOutdir, 'important.txt'), 'do not delete\n');
    const before = hashTree(dirs.root);
    const host: CliHost = { buildPlatform: (_c, apps) => build({ 'a.yaml': 'a: 1\n' })(apps), validate: () => 0 };
    const { result, stdout, stderr } = captureOutput(() =>
      synthCommand(
        { configDir: dirs.root, tfOutdir: dirs.tfOutdir, k8sOutdir: dirs.k8sOutdir, stateDir: dirs.root },
        host,
      ),
    );
    expect(result).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: GitOps output ${dirs.k8sOutdir} is not empty and synth did not write it`);
    expect(stderr).toMatch(/synth: refused; .* were left as they were\.\n$/);
    expect(hashTree(dirs.root)).toEqual(before);
  });

  test('--force writes into it, keeps and reports every file synth did not write, and owns the folder after', () => {
    const dirs = root();
    gitCheckout(dirs.k8sOutdir);
    const gitBefore = hashTree(path.join(dirs.k8sOutdir, '.git'));
    const first = synth(dirs, { 'a.yaml': 'a: 1\n' }, { force: true });
    expect(first.changes.k8s).toEqual({
      added: ['a.yaml'],
      changed: [],
      removed: [],
      unknown: ['README.md'],
      overwritten: [],
    });
    expect(fs.readFileSync(path.join(dirs.k8sOutdir, 'README.md'), 'utf8')).toBe('# our GitOps repo\n');
    expect(hashTree(path.join(dirs.k8sOutdir, '.git'))).toEqual(gitBefore);
    // Now the folder is synth's: no --force needed, and the README is still not synth's.
    const second = synth(dirs, { 'a.yaml': 'a: 2\n' });
    expect(second.changes.k8s).toMatchObject({ changed: ['a.yaml'], unknown: ['README.md'] });
  });

  test('a file synth did not write, at a path synth writes, is refused; --force overwrites it and says so', () => {
    const dirs = root();
    synth(dirs, { 'a.yaml': 'a: 1\n' });
    fs.writeFileSync(path.join(dirs.k8sOutdir, 'b.yaml'), 'hand: made\n');
    const before = hashTree(dirs.root);
    expect(ownershipProblems(() => synth(dirs, { 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n' }))).toEqual([
      `GitOps output: ${path.join(dirs.k8sOutdir, 'b.yaml')} exists but synth did not write it, and synth would now ` +
        'write a file there; nothing was touched. Fix: move it away, or pass --force to overwrite it.',
    ]);
    expect(hashTree(dirs.root)).toEqual(before);
    const forced = synth(dirs, { 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n' }, { force: true });
    expect(forced.changes.k8s.overwritten).toEqual(['b.yaml']);
    expect(fs.readFileSync(path.join(dirs.k8sOutdir, 'b.yaml'), 'utf8')).toBe('b: 1\n');
  });

  test('an empty folder, or one with only .git/ (a clone of an empty repository), is taken without --force', () => {
    const dirs = root();
    fs.mkdirSync(path.join(dirs.k8sOutdir, '.git'), { recursive: true });
    fs.writeFileSync(path.join(dirs.k8sOutdir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.mkdirSync(dirs.tfOutdir);
    expect(synth(dirs, { 'a.yaml': 'a: 1\n' }).changes.k8s.added).toEqual(['a.yaml']);
    expect(fs.readFileSync(path.join(dirs.k8sOutdir, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });
});

describe('inside a folder synth owns', () => {
  test('hand-added files are kept and reported; stale files synth wrote are removed with their empty folders', () => {
    const dirs = root();
    synth(dirs, { 'a.yaml': 'a: 1\n', 'clusters/old/cluster.yaml': 'c: 1\n' });
    fs.writeFileSync(path.join(dirs.k8sOutdir, 'README.md'), '# hand-made\n');
    fs.mkdirSync(path.join(dirs.k8sOutdir, 'extra'));
    fs.writeFileSync(path.join(dirs.k8sOutdir, 'extra', 'x.yaml'), 'x: 1\n');
    const result = synth(dirs, { 'a.yaml': 'a: 1\n', 'clusters/new/cluster.yaml': 'c: 2\n' });
    expect(result.changes.k8s).toEqual({
      added: ['clusters/new/cluster.yaml'],
      changed: [],
      removed: ['clusters/old/cluster.yaml'],
      unknown: ['README.md', 'extra/x.yaml'],
      overwritten: [],
    });
    expect(fs.existsSync(path.join(dirs.k8sOutdir, 'clusters', 'old'))).toBe(false);
    expect(fs.readFileSync(path.join(dirs.k8sOutdir, 'README.md'), 'utf8')).toBe('# hand-made\n');
    expect(fs.readFileSync(path.join(dirs.k8sOutdir, 'extra', 'x.yaml'), 'utf8')).toBe('x: 1\n');
    expect(fs.readFileSync(path.join(dirs.k8sOutdir, OUTPUT_MANIFEST_NAME), 'utf8')).toMatch(
      /\na\.yaml\nclusters\/new\/cluster\.yaml\n$/,
    );
    expect(stagingLeftovers(dirs.root)).toEqual([]);
  });

  test('unchanged files are not rewritten (their mtime stays)', () => {
    const dirs = root();
    synth(dirs, { 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 1\n' });
    const file = path.join(dirs.k8sOutdir, 'a.yaml');
    const old = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, old, old);
    const result = synth(dirs, { 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 2\n' });
    expect(result.changes.k8s.changed).toEqual(['b.yaml']);
    expect(fs.statSync(file).mtime.toISOString()).toBe(old.toISOString());
  });

  test('.terraform/ and .terraform.lock.hcl of a stack folder survive two synths and are not reported', () => {
    const dirs = root();
    synth(dirs, { 'a.yaml': 'a: 1\n' });
    const stackDir = path.join(dirs.tfOutdir, 'stacks', '00-a');
    fs.mkdirSync(path.join(stackDir, '.terraform', 'providers'), { recursive: true });
    fs.writeFileSync(path.join(stackDir, '.terraform', 'providers', 'p'), 'provider\n');
    fs.writeFileSync(path.join(stackDir, '.terraform.lock.hcl'), '# lock\n');
    const init = hashTree(stackDir);
    for (const content of ['a: 2\n', 'a: 3\n']) {
      const result = synth(dirs, { 'a.yaml': content });
      expect(result.changes.tf.unknown).toEqual([]);
    }
    expect(hashTree(stackDir)).toMatchObject({
      '.terraform/providers/p': init['.terraform/providers/p'],
      '.terraform.lock.hcl': init['.terraform.lock.hcl'],
    });
  });

  test('folders synth creates have the normal permissions of a new folder (not 0700)', () => {
    const dirs = root();
    synth(dirs, { 'deep/er/a.yaml': 'a: 1\n' });
    const probe = path.join(dirs.root, 'probe');
    fs.mkdirSync(probe);
    const normal = fs.statSync(probe).mode & 0o777;
    for (const dir of [dirs.k8sOutdir, path.join(dirs.k8sOutdir, 'deep', 'er'), path.join(dirs.tfOutdir, 'stacks')]) {
      expect({ dir, mode: (fs.statSync(dir).mode & 0o777).toString(8) }).toEqual({ dir, mode: normal.toString(8) });
    }
  });
});

describe('local state lands in the project root for every --tf-out', () => {
  const project = root('own-project-').root;
  test.each([['cdktf.out'], ['nested/deeper/cdktf.out'], [`../${path.basename(project)}-elsewhere/tf`]])(
    '--tf-out %s',
    (tfOut) => {
      const tfOutdir = path.resolve(project, tfOut);
      cleanup.push(path.dirname(tfOutdir));
      synthesizeApps({
        tfOutdir,
        k8sOutdir: path.join(project, `dist-${tfOut.replace(/\W/g, '-')}`),
        stateDir: project,
        build: build({}, ['00-a', '10-b']),
      });
      for (const id of ['00-a', '10-b']) {
        const stackDir = path.join(tfOutdir, 'stacks', id);
        const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
        const statePath = json.terraform.backend.local.path as string;
        expect(path.isAbsolute(statePath)).toBe(false);
        expect(path.resolve(stackDir, statePath)).toBe(path.join(project, `terraform.${id}.tfstate`));
      }
    },
  );

  test('the default layout keeps the path it always had: ../../../terraform.<stack>.tfstate', () => {
    const dirs = root();
    synth(dirs, {});
    const json = JSON.parse(fs.readFileSync(path.join(dirs.tfOutdir, 'stacks', '00-a', 'cdk.tf.json'), 'utf8'));
    expect(json.terraform.backend.local.path).toBe('../../../terraform.00-a.tfstate');
  });

  test('an app without synthesizeApps (the stock cdktf CLI) uses its outdir and the working directory', () => {
    const outdir = path.join(process.cwd(), 'some-out');
    const app = new TfApp({ outdir, skipValidation: true });
    new StageStack(app, '00-a');
    const stack = app.node.findChild('00-a') as StageStack;
    const json = JSON.parse(JSON.stringify((stack as unknown as { toTerraform(): unknown }).toTerraform()));
    expect(path.resolve(outdir, 'stacks', '00-a', json.terraform.backend.local.path)).toBe(
      path.join(process.cwd(), 'terraform.00-a.tfstate'),
    );
  });
});

describe('stopping', () => {
  test('shouldStop (the CLI: its launcher is gone) stops before the commit, with the outputs untouched', () => {
    const dirs = root();
    synth(dirs, { 'a.yaml': 'a: 1\n' });
    const before = hashTree(dirs.root);
    let asked = 0;
    expect(() =>
      synthesizeApps({
        tfOutdir: dirs.tfOutdir,
        k8sOutdir: dirs.k8sOutdir,
        stateDir: dirs.root,
        build: build({ 'a.yaml': 'a: 2\n' }),
        shouldStop: () => (++asked === 2 ? 'npm run synth was killed' : undefined),
      }),
    ).toThrow(
      'synth stopped before writing anything: npm run synth was killed; the output folders were left as they were.',
    );
    expect(asked).toBe(2);
    expect(hashTree(dirs.root)).toEqual(before);
  });
});
