/** Shared helpers of the synth tests: the CLI host of stacks/cli.ts, temp output folders and byte snapshots. */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CliHost } from '../../lib/cli/run';
import { registerSecretsCommands } from '../../lib/cli/secrets';
import { runValidate } from '../../lib/cli/validate';
import { synthesizeApps } from '../../lib/core/synth/synthesize';
import type { PlatformApps } from '../../lib/core/synth/synthesize';
import { plaintextGuard } from '../../lib/secrets/plaintext-guard';
import { loadConfigOrThrow } from '../../stacks/load';
import { buildPlatform } from '../../stacks/platform';

export { VALID_FIXTURES_DIR } from '../spec/fixture-overlay';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SYNTH_FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'synth');

/**
 * The host `stacks/cli.ts` gives the CLI, built the same way (`runMain` builds it and runs the CLI at once, so it
 * cannot be imported here).
 */
export function mainHost(): CliHost {
  return {
    buildPlatform: (configDir, apps) => buildPlatform(loadConfigOrThrow(configDir), apps),
    validate: runValidate,
    outputChecks: [plaintextGuard()],
    extraCommands: [registerSecretsCommands],
  };
}

/** Builds the example platform of `configDir` into `apps`, as the CLI does. */
export function buildExample(configDir: string): (apps: PlatformApps) => void {
  const host = mainHost();
  return (apps) => host.buildPlatform(configDir, apps);
}

/** A new empty temp folder. */
export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function rmDir(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** The output folders of one synth, side by side under `root`, as `cdktf.out` and `dist` are in the repository. */
export interface OutDirs {
  readonly root: string;
  readonly tfOutdir: string;
  readonly k8sOutdir: string;
}

export function outDirs(root: string): OutDirs {
  return { root, tfOutdir: path.join(root, 'cdktf.out'), k8sOutdir: path.join(root, 'dist') };
}

/**
 * Synthesizes `configDir` into `dirs` with the CLI's output checks, local state in `dirs.root` (as `cdktf.out` beside
 * the state files in a project). Returns the staging folders it used (the apps' outdirs).
 */
export function synthExample(dirs: OutDirs, configDir: string): string[] {
  const stagingDirs: string[] = [];
  const build = buildExample(configDir);
  synthesizeApps({
    tfOutdir: dirs.tfOutdir,
    k8sOutdir: dirs.k8sOutdir,
    build: (apps) => {
      stagingDirs.push(apps.tf.outdir, apps.k8s.outdir);
      build(apps);
    },
    outputChecks: mainHost().outputChecks,
    stateDir: dirs.root,
  });
  return stagingDirs;
}

/**
 * Fills `dirs` with one valid synth of `configDir` plus sentinel files and an empty folder that no synth writes, so a
 * partial or whole replacement shows up in {@link hashTree}.
 */
export function prepopulate(dirs: OutDirs, configDir: string): void {
  synthExample(dirs, configDir);
  fs.writeFileSync(path.join(dirs.tfOutdir, 'SENTINEL.txt'), 'left by an earlier run\n');
  fs.mkdirSync(path.join(dirs.k8sOutdir, 'platform', 'hand-made'), { recursive: true });
  fs.writeFileSync(path.join(dirs.k8sOutdir, 'platform', 'hand-made', 'SENTINEL.yaml'), '# left by an earlier run\n');
  fs.mkdirSync(path.join(dirs.k8sOutdir, 'empty-folder'));
}

/**
 * Every entry under `dir` -> sha256 of its bytes (`<path>/` -> `dir` for folders, so empty folders count too;
 * symlinks by target). An independent walker: it does not use the `listFiles` under test.
 */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string): void => {
    const entries = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childAbs = path.join(abs, entry.name);
      if (entry.isDirectory()) {
        out[`${childRel}/`] = 'dir';
        walk(childAbs, childRel);
      } else if (entry.isFile()) {
        out[childRel] = createHash('sha256').update(fs.readFileSync(childAbs)).digest('hex');
      } else if (entry.isSymbolicLink()) {
        out[childRel] = `symlink -> ${fs.readlinkSync(childAbs)}`;
      } else {
        out[childRel] = 'other';
      }
    }
  };
  walk(dir, '');
  return out;
}

/** Snapshot of both output folders. */
export function snapshot(dirs: OutDirs): { tf: Record<string, string>; k8s: Record<string, string> } {
  return { tf: hashTree(dirs.tfOutdir), k8s: hashTree(dirs.k8sOutdir) };
}

/** Names in `parent` that synth may leave only while it runs: staging, backup, journal and lock files. */
export function stagingLeftovers(parent: string): string[] {
  return fs.readdirSync(parent).filter((name) => /^\..*\.(staging-|backup-|synth-journal|synth-lock)/.test(name));
}

/** Absolute paths of every file under `dir`. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/** `file: needle` for every file under `dirs` whose bytes contain one of `needles`. */
export function filesContaining(dirs: readonly string[], needles: readonly string[]): string[] {
  const hits: string[] = [];
  for (const dir of dirs) {
    for (const file of filesUnder(dir)) {
      const bytes = fs.readFileSync(file);
      for (const needle of needles) if (bytes.includes(needle)) hits.push(`${file}: ${needle}`);
    }
  }
  return hits;
}

/** Runs `fn` with process.stdout/stderr captured (nothing reaches the terminal). */
export function captureOutput<T>(fn: () => T): { result: T; stdout: string; stderr: string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const sink =
    (into: string[]) =>
    (chunk: string | Uint8Array): boolean => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(sink(stdout) as typeof process.stdout.write);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(sink(stderr) as typeof process.stderr.write);
  try {
    return { result: fn(), stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
