/**
 * `synth --check` compares and writes nothing (exit 1 when an output would change, 0 otherwise; the Terraform output
 * only when it exists), and every synth prints a change summary per folder in which a workload cluster that was
 * added or removed is named by its files; `--quiet` prints nothing on success.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthCommand } from '../../lib/cli/synth-command';
import type { SynthCommandOptions } from '../../lib/cli/synth-command';
import { formatFolderChanges } from '../../lib/core/synth/change-summary';
import {
  VALID_FIXTURES_DIR,
  captureOutput,
  hashTree,
  mainHost,
  outDirs,
  rmDir,
  stagingLeftovers,
  tmpDir,
} from './helpers';
import type { OutDirs } from './helpers';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach(rmDir));

/** The example config plus a third workload cluster `canary` in the staging environment. */
function configWithCanary(): string {
  const dir = tmpDir('check-config-');
  cleanup.push(dir);
  fs.cpSync(VALID_FIXTURES_DIR, dir, { recursive: true });
  const staging = fs.readFileSync(path.join(VALID_FIXTURES_DIR, 'staging', 'staging.yaml'), 'utf8');
  fs.writeFileSync(
    path.join(dir, 'staging', 'canary.yaml'),
    staging
      .replace(/^name: staging$/m, 'name: canary')
      .replace('vlan: 40', 'vlan: 41')
      .replace(/10\.40\./g, '10.41.'),
  );
  return dir;
}

function run(dirs: OutDirs, configDir: string, extra: Partial<SynthCommandOptions> = {}) {
  return captureOutput(() =>
    synthCommand(
      { configDir, tfOutdir: dirs.tfOutdir, k8sOutdir: dirs.k8sOutdir, stateDir: dirs.root, ...extra },
      mainHost(),
    ),
  );
}

let dirs: OutDirs;
let canary: string;
beforeAll(() => {
  dirs = outDirs(tmpDir('check-'));
  cleanup.push(dirs.root);
  canary = configWithCanary();
  expect(run(dirs, VALID_FIXTURES_DIR, { quiet: true })).toMatchObject({ result: 0, stdout: '', stderr: '' });
});

describe('synth --check', () => {
  test('exit 0 when the outputs are up to date, and writes nothing', () => {
    const before = hashTree(dirs.root);
    const { result, stdout, stderr } = run(dirs, VALID_FIXTURES_DIR, { check: true });
    expect(result).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Terraform .*: 0 added, 0 changed, 0 removed\nGitOps .*: 0 added, 0 changed, 0 removed\n/);
    expect(stdout).toMatch(/\nsynth --check: outputs are up to date \(\d+ ms\)\n$/);
    expect(hashTree(dirs.root)).toEqual(before);
  });

  test('exit 1 when a cluster would be added, naming its files, and writes nothing', () => {
    const before = hashTree(dirs.root);
    const { result, stdout, stderr } = run(dirs, canary, { check: true });
    expect(result).toBe(1);
    for (const file of ['cluster.yaml', 'control-plane.yaml', 'workers.yaml']) {
      expect(stdout).toContain(`\n  + clusters/staging/canary/${file}\n`);
    }
    // Workload clusters live in the GitOps tree only (Cluster API objects); the Terraform stages stay the same.
    expect(stderr).toBe(`synth --check: ${dirs.k8sOutdir} would change; run synth and commit the result.\n`);
    expect(hashTree(dirs.root)).toEqual(before);
    expect(stagingLeftovers(dirs.root)).toEqual([]);
  });

  test('exit 1 when a file synth wrote was edited by hand, and 0 with --quiet and no output when in sync', () => {
    const file = path.join(dirs.k8sOutdir, 'platform', 'apps', '00-cilium.yaml');
    const original = fs.readFileSync(file);
    fs.appendFileSync(file, '# edited\n');
    try {
      const edited = run(dirs, VALID_FIXTURES_DIR, { check: true });
      expect(edited.result).toBe(1);
      expect(edited.stdout).toContain('\n  ~ platform/apps/00-cilium.yaml\n');
    } finally {
      fs.writeFileSync(file, original);
    }
    expect(run(dirs, VALID_FIXTURES_DIR, { check: true, quiet: true })).toEqual({ result: 0, stdout: '', stderr: '' });
  });

  test('a Terraform output that does not exist is not compared (it is not committed by default)', () => {
    const k8sOnly = outDirs(tmpDir('check-k8s-only-'));
    cleanup.push(k8sOnly.root);
    fs.cpSync(dirs.k8sOutdir, k8sOnly.k8sOutdir, { recursive: true });
    const { result, stdout } = run(k8sOnly, VALID_FIXTURES_DIR, { check: true });
    expect(result).toBe(0);
    expect(stdout).not.toContain('Terraform');
    expect(stdout).toContain(`(${k8sOnly.tfOutdir} does not exist: not compared)`);
    expect(fs.existsSync(k8sOnly.tfOutdir)).toBe(false);
  });
});

describe('the change summary', () => {
  test('after a synth that adds a cluster, then one that removes it again', () => {
    const added = run(dirs, canary);
    expect(added.result).toBe(0);
    expect(added.stdout).toMatch(/\nGitOps .*dist: 7 added, 0 changed, 0 removed\n/);
    expect(added.stdout).toContain('\n  + clusters/staging/canary/cluster.yaml\n');
    expect(added.stdout).toContain('\n  + platform/apps/04-cluster-canary.yaml\n');
    // Its CNI (CAAPH HelmChartProxy) and its Argo CD registration policy come and go with it.
    expect(added.stdout).toContain('\n  + clusters/staging/canary/cni.yaml\n');
    expect(added.stdout).toContain('\n  + platform/registration/staging-canary.yaml\n');
    const removed = run(dirs, VALID_FIXTURES_DIR);
    expect(removed.result).toBe(0);
    expect(removed.stdout).toMatch(/\nGitOps .*dist: 0 added, 0 changed, 7 removed\n/);
    expect(removed.stdout).toContain('\n  - clusters/staging/canary/cluster.yaml\n');
    expect(fs.existsSync(path.join(dirs.k8sOutdir, 'clusters', 'staging', 'canary'))).toBe(false);
  });

  test('a long list is grouped by folder, so every cluster is still named', () => {
    const added = Array.from({ length: 60 }, (_, i) => `clusters/dev/c${String(i).padStart(2, '0')}/cluster.yaml`);
    const text = formatFolderChanges('GitOps', 'dist', {
      added: [],
      changed: [],
      removed: added.slice(0, 30).flatMap((f) => [f, f.replace('cluster.yaml', 'workers.yaml')]),
      unknown: ['README.md'],
      overwritten: [],
    });
    expect(text.split('\n')).toEqual([
      "GitOps dist: 0 added, 0 changed, 60 removed, 1 not synth's (kept)",
      ...added.slice(0, 30).map((f) => `  - ${path.posix.dirname(f)}/ (2 files)`),
      '  ? README.md',
    ]);
  });
});
