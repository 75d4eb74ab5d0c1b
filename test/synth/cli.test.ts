/**
 * The compiled CLI (`node build/stacks/main.js`, what `npm run synth`/`npm run validate` run): exit codes 0 ok,
 * 1 invalid input, 2 usage; `validate` writes nothing; an invalid `synth` leaves the outputs as they were.
 * Needs `npm run build` first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { overlayFixture, readFixtureHeader, INVALID_FIXTURES_DIR } from '../spec/fixture-overlay';
import { REPO_ROOT, VALID_FIXTURES_DIR, hashTree, outDirs, rmDir, synthExample, tmpDir } from './helpers';

const MAIN_JS = path.join(REPO_ROOT, 'build', 'stacks', 'main.js');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const cleanup: string[] = [];
afterAll(() => cleanup.forEach(rmDir));

/** An empty working directory for one CLI run, so anything it writes shows up. */
function workDir(): string {
  const dir = tmpDir('synth-cli-');
  cleanup.push(dir);
  return dir;
}

function cli(cwd: string, ...args: string[]): Run {
  if (!fs.existsSync(MAIN_JS)) {
    throw new Error(`${path.relative(REPO_ROOT, MAIN_JS)} is missing: run \`npm run build\` before these tests`);
  }
  const r = spawnSync(process.execPath, [MAIN_JS, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** No stack trace: every failure the CLI expects is a message, not a crash. */
function expectNoStackTrace(run: Run): void {
  expect(run.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(run.stderr).not.toMatch(/^(Type|Reference|Range)?Error: /m);
}

test('build/stacks/main.js exists (run `npm run build` if this fails)', () => {
  if (!fs.existsSync(MAIN_JS)) {
    throw new Error(`${path.relative(REPO_ROOT, MAIN_JS)} is missing: run \`npm run build\` before these tests`);
  }
});

describe('usage errors exit 2', () => {
  test.each([
    [['bogus'], "error: unknown command 'bogus'"],
    [['synth', '--bogus'], "error: unknown option '--bogus'"],
    [['validate', '--bogus'], "error: unknown option '--bogus'"],
    [['synth', '--config'], "error: option '--config <dir>' argument missing"],
  ])('%j', (args, message) => {
    const cwd = workDir();
    const run = cli(cwd, ...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
    expectNoStackTrace(run);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

describe('validate', () => {
  test('the example: exit 0, prints OK, writes nothing', () => {
    const cwd = workDir();
    const run = cli(cwd, 'validate', '--config', VALID_FIXTURES_DIR);
    expect(run).toEqual({
      status: 0,
      stdout: 'OK: platform mgmt (3 control planes), 2 clusters: prod 1 (prod), staging 1 (staging)\n',
      stderr: '',
    });
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('an invalid fixture: exit 1, the error at file:line, writes nothing (not even into the config folder)', () => {
    const fixture = path.join(INVALID_FIXTURES_DIR, 'vip-inside-ip-pool.yaml');
    const header = readFixtureHeader(fixture);
    const configDir = overlayFixture(fixture);
    cleanup.push(configDir);
    const before = hashTree(configDir);
    const cwd = workDir();
    const run = cli(cwd, 'validate', '--config', configDir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${path.join(configDir, header.target)}:${header.line}:`);
    expect(run.stderr).toContain(`  ${header.field}: `);
    expect(run.stderr).toMatch(/\n\d+ errors? in 1 file\n$/);
    expectNoStackTrace(run);
    expect(fs.readdirSync(cwd)).toEqual([]);
    expect(hashTree(configDir)).toEqual(before);
  });
});

describe('synth', () => {
  test('the example: exit 0, and the same bytes as the in-process synth', () => {
    const cwd = workDir();
    const run = cli(cwd, 'synth', '--config', VALID_FIXTURES_DIR);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // The change summary of a first synth: every file added, listed, then the totals.
    expect(run.stdout).toMatch(/^Terraform cdktf\.out: \d+ added, 0 changed, 0 removed\n {2}\+ manifest\.json\n/);
    expect(run.stdout).toMatch(
      /\nGitOps dist: \d+ added, 0 changed, 0 removed\n {2}\+ clusters\/prod\/prod\/cluster\.yaml\n/,
    );
    expect(run.stdout).toMatch(/\nsynth: 6 stacks -> cdktf\.out\/stacks\/, \d+ files -> dist\/ \(\d+ ms\)\n$/);

    const inProcess = outDirs(workDir());
    synthExample(inProcess, VALID_FIXTURES_DIR);
    const stale = 'if lib/ or stacks/ changed since the last build, run `npm run build`';
    expect({ stale, tf: hashTree(path.join(cwd, 'cdktf.out')) }).toEqual({ stale, tf: hashTree(inProcess.tfOutdir) });
    expect({ stale, k8s: hashTree(path.join(cwd, 'dist')) }).toEqual({ stale, k8s: hashTree(inProcess.k8sOutdir) });
  });

  test('an invalid fixture: exit 1, and the previous cdktf.out/ and dist/ are left byte-for-byte', () => {
    const fixture = path.join(INVALID_FIXTURES_DIR, 'duplicate-vm-id.yaml');
    const header = readFixtureHeader(fixture);
    const configDir = overlayFixture(fixture);
    cleanup.push(configDir);
    const cwd = workDir();
    fs.mkdirSync(path.join(cwd, 'cdktf.out', 'stacks'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'cdktf.out', 'stacks', 'old.json'), '{}\n');
    fs.mkdirSync(path.join(cwd, 'dist'));
    fs.writeFileSync(path.join(cwd, 'dist', 'old.yaml'), 'old: true\n');
    const before = hashTree(cwd);

    const run = cli(cwd, 'synth', '--config', configDir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const where = `${path.join(configDir, header.target)}:${header.line}:`;
    const line = run.stderr.split('\n').find((l) => l.startsWith(where));
    expect(line).toContain(`  ${header.field}: `);
    expect(line).toContain(header.expect);
    expect(run.stderr).toContain('nothing was written.');
    expectNoStackTrace(run);
    expect(hashTree(cwd)).toEqual(before);
  });

  test('--config <missing folder>: exit 1 with a message naming the folder, no stack trace, nothing written', () => {
    const cwd = workDir();
    const missing = path.join(cwd, 'no-such-config');
    const run = cli(cwd, 'synth', '--config', missing);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`config folder ${missing} does not exist`);
    expect(run.stderr).toContain(`error(s) in ${missing}; nothing was written.`);
    expectNoStackTrace(run);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});
