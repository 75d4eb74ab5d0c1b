/**
 * The CLI's bundle (`build/bin/cli.js`, scripts/bundle-cli.mjs): when `build/stacks/main.js` runs it (cliModule in
 * lib/cli/fresh-build.ts), that the bundled process loads nothing else, and that it synthesizes, validates and
 * answers exactly as the same code unbundled (`TPC_UNBUNDLED=1`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cliModule } from '../../lib/cli/fresh-build';
import { REPO_ROOT, hashTree, rmDir, tmpDir } from './helpers';

const BUILD = path.join(REPO_ROOT, 'build');
const MAIN_JS = path.join(BUILD, 'stacks', 'main.js');
const BUNDLE = path.join(BUILD, 'bin', 'cli.js');

const cleanup: string[] = [];
afterAll(() => cleanup.forEach(rmDir));

function scratch(prefix: string): string {
  const dir = tmpDir(prefix);
  cleanup.push(dir);
  return dir;
}

describe('cliModule picks', () => {
  function layout(files: Record<string, number>): string {
    const build = scratch('cli-module-');
    for (const [rel, mtime] of Object.entries(files)) {
      const file = path.join(build, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
      fs.utimesSync(file, mtime, mtime);
    }
    return build;
  }

  test('the bundle when it is not older than the compiled build', () => {
    const build = layout({ '.tsbuildinfo': 1000, 'bin/cli.js': 1000, 'stacks/cli.js': 1000 });
    expect(cliModule(path.join(build, 'stacks'))).toBe(path.join(build, 'bin', 'cli.js'));
  });

  test('the unbundled module when tsc ran after the bundle', () => {
    const build = layout({ '.tsbuildinfo': 2000, 'bin/cli.js': 1000, 'stacks/cli.js': 2000 });
    expect(cliModule(path.join(build, 'stacks'))).toBe(path.join(build, 'stacks', 'cli'));
  });

  test('the unbundled module when there is no bundle', () => {
    const build = layout({ '.tsbuildinfo': 1000, 'stacks/cli.js': 1000 });
    expect(cliModule(path.join(build, 'stacks'))).toBe(path.join(build, 'stacks', 'cli'));
  });

  test('the unbundled module with TPC_UNBUNDLED=1', () => {
    const build = layout({ '.tsbuildinfo': 1000, 'bin/cli.js': 2000, 'stacks/cli.js': 1000 });
    process.env.TPC_UNBUNDLED = '1';
    try {
      expect(cliModule(path.join(build, 'stacks'))).toBe(path.join(build, 'stacks', 'cli'));
    } finally {
      delete process.env.TPC_UNBUNDLED;
    }
  });
});

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [MAIN_JS, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const BUNDLED = {};
const UNBUNDLED = { TPC_UNBUNDLED: '1' };

describe('the bundled CLI', () => {
  test('is made by the next run when the compiled build is newer than its bundle (tsc alone)', () => {
    // As after scripts/graph.mjs or a hand-run tsc: the stamp newer than the bundle, no source newer than the stamp.
    const stamp = path.join(BUILD, '.tsbuildinfo');
    const later = new Date(
      Math.max(fs.statSync(stamp).mtimeMs, fs.existsSync(BUNDLE) ? fs.statSync(BUNDLE).mtimeMs : 0) + 1000,
    );
    fs.utimesSync(stamp, later, later);
    expect(cliModule(path.join(BUILD, 'stacks'))).not.toBe(BUNDLE);
    const run = cli(BUNDLED, scratch('cli-bundle-rebundle-'), '--version');
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^bundle-cli: build\/bin\/ \(4 files/m);
    expect(cliModule(path.join(BUILD, 'stacks'))).toBe(BUNDLE);
  });

  test('is what build/stacks/main.js runs', () => {
    expect(cliModule(path.join(BUILD, 'stacks'))).toBe(BUNDLE);
  });

  test('loads no module besides main.js, its freshness check, the bundle loader and the bundle', () => {
    const cwd = scratch('cli-bundle-modules-');
    const preload = path.join(cwd, 'list-modules.cjs');
    // Listed when the process ends, after the synth loaded what it needed. The bundle runs through vm.Script
    // (bundle-loader.ts), so it is not in require.cache: a synth that succeeds with only these ran the bundle.
    fs.writeFileSync(
      preload,
      "process.on('exit', () => process.stderr.write('MODULES ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));",
    );
    const out = path.join(cwd, 'out');
    const r = spawnSync(
      process.execPath,
      [
        '-r',
        preload,
        MAIN_JS,
        'synth',
        '--config',
        path.join(REPO_ROOT, 'clusters'),
        '--tf-out',
        `${out}/tf`,
        '--k8s-out',
        `${out}/k8s`,
        '--state-dir',
        out,
        '--quiet',
      ],
      { cwd, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(0);
    const modules = JSON.parse(/^MODULES (.*)$/m.exec(r.stderr)?.[1] ?? '[]') as string[];
    expect(modules.map((m) => path.relative(REPO_ROOT, m)).sort()).toEqual(
      [
        path.relative(REPO_ROOT, preload),
        'build/lib/cli/bundle-loader.js',
        'build/lib/cli/fresh-build.js',
        'build/stacks/main.js',
      ].sort(),
    );
  });

  test('synthesizes the example byte for byte as the unbundled CLI does', () => {
    const trees = [BUNDLED, UNBUNDLED].map((env) => {
      const cwd = scratch('cli-bundle-synth-');
      const run = cli(
        env,
        cwd,
        'synth',
        '--config',
        path.join(REPO_ROOT, 'clusters'),
        '--tf-out',
        'tf',
        '--k8s-out',
        'k8s',
        '--state-dir',
        '.',
      );
      expect(run.status).toBe(0);
      return {
        tf: hashTree(path.join(cwd, 'tf')),
        k8s: hashTree(path.join(cwd, 'k8s')),
        stdout: run.stdout.replace(/\(\d+ ms\)/g, ''),
      };
    });
    expect(Object.keys(trees[0].k8s).length).toBeGreaterThan(10);
    expect(trees[0]).toEqual(trees[1]);
  });

  test.each([
    [['--version']],
    [['validate', '--config', path.join(REPO_ROOT, 'clusters')]],
    [['validate', '--config', path.join(REPO_ROOT, 'test', 'fixtures', 'invalid')]],
    [['synth', '--bogus']],
  ])('answers %j as the unbundled CLI does', (args) => {
    const [bundled, unbundled] = [BUNDLED, UNBUNDLED].map((env) => {
      const run = cli(env, scratch('cli-bundle-answer-'), ...args);
      return { ...run, stdout: run.stdout.replace(/\(\d+ ms\)/g, ''), stderr: run.stderr.replace(/\(\d+ ms\)/g, '') };
    });
    expect(bundled).toEqual(unbundled);
  });
});
