/**
 * `talos-platform-cdk init`: a consumer repository scaffolded from the package validates and synthesizes, its
 * `$schema` links resolve to the installed package's schemas, and a refusal writes nothing. The package is "installed"
 * as a symlink `node_modules/talos-platform-cdk` -> this repository (what `npm link` does); the packed tarball is
 * covered by cdk-terrain.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CONSUMER_GITIGNORE, initCommand } from '../../lib/cli/init';
import { ensureBuild } from './build';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'build', 'stacks', 'main.js');

interface Captured {
  code: number;
  out: string;
  err: string;
}

function init(dir: string): Captured {
  const c = { out: '', err: '' };
  const code = initCommand(dir, { out: (t) => (c.out += t), err: (t) => (c.err += t) }, ROOT);
  return { code, ...c };
}

/** Every file under `dir` (but node_modules) with its content: what a refusal must leave as it was. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.name === 'node_modules') continue;
      if (e.isDirectory()) walk(p);
      else files[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return files;
}

let work: string;
beforeAll(() => {
  ensureBuild();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-init-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A fresh repository with the package installed, and `.gitignore` as `npm init` users often have it. */
function consumerRepo(name: string, opts: { installed?: boolean } = {}): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n.env\n');
  if (opts.installed !== false) {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'talos-platform-cdk'), 'dir');
  }
  return dir;
}

describe('talos-platform-cdk init', () => {
  test('scaffolds clusters/ with $schema links into node_modules that resolve', () => {
    const dir = consumerRepo('links');
    const r = init(dir);
    expect(r).toMatchObject({ code: 0, err: '' });
    const specs = Object.keys(snapshot(dir)).filter((f) => f.startsWith('clusters'));
    expect(specs.sort()).toEqual([
      'clusters/platform.yaml',
      'clusters/prod/prod.yaml',
      'clusters/staging/staging.yaml',
    ]);
    for (const spec of specs) {
      const link = /^# yaml-language-server: \$schema=(\S+)$/m.exec(fs.readFileSync(path.join(dir, spec), 'utf8'))?.[1];
      expect(link).toMatch(/^(\.\.\/)+node_modules\/talos-platform-cdk\/schemas\/[\w-]+\.schema\.json$/);
      const target = path.resolve(path.dirname(path.join(dir, spec)), link!);
      expect(fs.existsSync(target)).toBe(true);
      // The link is the schema the repository's own example names for the same file.
      const own = /\$schema=\S*?([\w.-]+\.schema\.json)$/m.exec(fs.readFileSync(path.join(ROOT, spec), 'utf8'))?.[1];
      expect(path.basename(target)).toBe(own);
    }
  });

  test('writes .sops.yaml with the placeholder recipient and appends only the missing .gitignore lines', () => {
    const dir = consumerRepo('repo-files');
    expect(init(dir).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, '.sops.yaml'), 'utf8')).toBe(
      fs.readFileSync(path.join(ROOT, '.sops.yaml'), 'utf8'),
    );
    const lines = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').split('\n');
    expect(lines.slice(0, 2)).toEqual(['node_modules', '.env']);
    // `node_modules` was there already (without the slash): not added twice.
    expect(lines.filter((l) => /^node_modules\/?$/.test(l))).toEqual(['node_modules']);
    expect(lines).toEqual(expect.arrayContaining(CONSUMER_GITIGNORE.filter((l) => l !== 'node_modules/')));
  });

  test('the scaffolded repository validates and synthesizes with the CLI', () => {
    const dir = consumerRepo('synth');
    expect(init(dir).code).toBe(0);
    for (const args of [['validate'], ['synth', '--quiet']]) {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
      expect({ args, status: r.status, stderr: r.stderr }).toEqual({ args, status: 0, stderr: '' });
    }
    expect(fs.existsSync(path.join(dir, 'cdktf.out', 'stacks', '10-mgmt-talos', 'cdk.tf.json'))).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(expect.arrayContaining(['platform', 'clusters']));
  });

  test('refuses when any file exists, names every one, and writes nothing', () => {
    const dir = consumerRepo('refuse');
    fs.writeFileSync(path.join(dir, '.sops.yaml'), 'creation_rules: []\n');
    fs.mkdirSync(path.join(dir, 'clusters', 'prod'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'clusters', 'prod', 'prod.yaml'), 'mine\n');
    const before = snapshot(dir);
    const r = init(dir);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n').filter((l) => l.includes('exists; init never overwrites a file'))).toEqual([
      `init: ${path.join(dir, 'clusters', 'prod', 'prod.yaml')} exists; init never overwrites a file: move it away or edit it by hand`,
      `init: ${path.join(dir, '.sops.yaml')} exists; init never overwrites a file: move it away or edit it by hand`,
    ]);
    expect(r.err).toMatch(/init: nothing was written\n$/);
    expect(snapshot(dir)).toEqual(before);
  });

  test('refuses in a repository that has not installed the package, so no link would dangle', () => {
    const dir = consumerRepo('not-installed', { installed: false });
    const before = snapshot(dir);
    const r = init(dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('talos-platform-cdk is not installed for');
    expect(r.err).toContain('run `npm install talos-platform-cdk` there first');
    expect(snapshot(dir)).toEqual(before);
  });
});
