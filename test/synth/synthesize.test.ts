/**
 * `synthesizeApps` is all or nothing: a construct validation error, an output-check problem or an exception anywhere
 * in the synth leaves both previous output folders byte-for-byte as they were and removes the staging folders; only a
 * clean synth commits, and it replaces only the files synth wrote (see output-ownership.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { synthCommand } from '../../lib/cli/synth-command';
import { GitOpsChart } from '../../lib/core/synth/gitops-chart';
import { GitOpsFile } from '../../lib/core/synth/gitops-file';
import { listFiles } from '../../lib/core/synth/output-dir';
import { OUTPUT_MANIFEST_NAME } from '../../lib/core/synth/output-manifest';
import { SynthValidationError } from '../../lib/core/synth/synth-errors';
import { synthesizeApps } from '../../lib/core/synth/synthesize';
import type { CheckedOutput, PlatformApps } from '../../lib/core/synth/synthesize';
import { STAGE_IDS } from '../../stacks/platform';
import {
  VALID_FIXTURES_DIR,
  buildExample,
  captureOutput,
  mainHost,
  outDirs,
  prepopulate,
  rmDir,
  snapshot,
  stagingLeftovers,
  tmpDir,
} from './helpers';
import type { OutDirs } from './helpers';

const buildPlatform = buildExample(VALID_FIXTURES_DIR);

/** Adds a construct whose validation fails, under `scope`. */
function failing(scope: Construct, id: string, ...messages: string[]): void {
  new Construct(scope, id).node.addValidation({ validate: () => messages });
}

let dirs: OutDirs;
let baseline: ReturnType<typeof snapshot>;

beforeAll(() => {
  dirs = outDirs(tmpDir('synth-abort-'));
  prepopulate(dirs, VALID_FIXTURES_DIR);
  baseline = snapshot(dirs);
});

afterAll(() => rmDir(dirs?.root));

/** The previous outputs are exactly as they were and no staging folder is left. */
function expectUntouched(): void {
  expect(snapshot(dirs)).toEqual(baseline);
  expect(stagingLeftovers(dirs.root)).toEqual([]);
}

function synth(build: (apps: PlatformApps) => void, outputChecks = mainHost().outputChecks) {
  return synthesizeApps({ tfOutdir: dirs.tfOutdir, k8sOutdir: dirs.k8sOutdir, build, outputChecks });
}

/** The SynthValidationError `fn` throws (fails the test if it throws anything else or nothing). */
function validationErrorOf(fn: () => unknown): SynthValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SynthValidationError) return err;
    throw err;
  }
  throw new Error('expected a SynthValidationError');
}

describe('construct validation errors', () => {
  test('from both apps are all thrown (with construct paths, in the message too) and nothing is written', () => {
    const err = validationErrorOf(() =>
      synth((apps) => {
        buildPlatform(apps);
        failing(apps.tf, 'BrokenStackPart', 'tf says no', 'and a second problem');
        const chart = apps.k8s.charts[0];
        failing(chart, 'BrokenObject', 'k8s says no');
      }),
    );
    expect(err.validationErrors).toEqual([
      { path: 'BrokenStackPart', message: 'tf says no' },
      { path: 'BrokenStackPart', message: 'and a second problem' },
      { path: expect.stringMatching(/\/BrokenObject$/), message: 'k8s says no' },
    ]);
    expect(err.outputProblems).toEqual([]);
    expect(err.message).toMatch(/^synth found 3 error\(s\); nothing was written:\n/);
    expect(err.message).toContain('  - BrokenStackPart: tf says no\n  - BrokenStackPart: and a second problem\n');
    expect(err.message).toMatch(/ {2}- .*\/BrokenObject: k8s says no$/);
    expectUntouched();
  });

  test('stop before any output check runs', () => {
    const check = jest.fn(() => []);
    validationErrorOf(() =>
      synth(
        (apps) => {
          buildPlatform(apps);
          failing(apps.k8s, 'Broken', 'no');
        },
        [check],
      ),
    );
    expect(check).not.toHaveBeenCalled();
    expectUntouched();
  });

  test('through the synth command: exit 1, every error on stderr, outputs left as they were', () => {
    const host = mainHost();
    const { result, stdout, stderr } = captureOutput(() =>
      synthCommand(
        { configDir: VALID_FIXTURES_DIR, tfOutdir: dirs.tfOutdir, k8sOutdir: dirs.k8sOutdir },
        {
          ...host,
          buildPlatform: (configDir, apps) => {
            host.buildPlatform(configDir, apps);
            failing(apps.tf, 'Broken', 'tf says no');
          },
        },
      ),
    );
    expect(result).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error: Broken: tf says no\n' +
        `synth: 1 error(s); ${dirs.tfOutdir} and ${dirs.k8sOutdir} were left as they were.\n`,
    );
    expectUntouched();
  });
});

describe('output checks', () => {
  test('see the new output of both folders in memory, not the previous one; every problem is reported and nothing is written', () => {
    const seen: CheckedOutput[] = [];
    const err = validationErrorOf(() =>
      synth(buildPlatform, [
        (output) => {
          seen.push(output);
          return ['first problem'];
        },
        () => [],
        () => ['second problem', 'third problem'],
      ]),
    );
    expect(err.validationErrors).toEqual([]);
    expect(err.outputProblems).toEqual(['first problem', 'second problem', 'third problem']);
    expect(seen).toHaveLength(1);
    expect(seen[0].tfOutdir).toBe(path.resolve(dirs.tfOutdir));
    expect(seen[0].k8sOutdir).toBe(path.resolve(dirs.k8sOutdir));
    const tfFiles = [...seen[0].files.tf.keys()];
    const k8sFiles = [...seen[0].files.k8s.keys()];
    // The new synth: complete, sorted, without the previous run's sentinels, and byte for byte what a synth writes.
    expect(tfFiles).toEqual(expect.arrayContaining(['manifest.json', 'stacks/50-argo/cdk.tf.json']));
    expect(tfFiles).not.toContain('SENTINEL.txt');
    expect(k8sFiles).not.toContain('platform/hand-made/SENTINEL.yaml');
    for (const files of [tfFiles, k8sFiles]) expect(files).toEqual([...files].sort());
    expectUntouched();
    const fresh = outDirs(tmpDir('synth-checked-'));
    try {
      synthesizeApps({ tfOutdir: fresh.tfOutdir, k8sOutdir: fresh.k8sOutdir, build: buildPlatform });
      for (const [dir, files] of [
        [fresh.tfOutdir, seen[0].files.tf],
        [fresh.k8sOutdir, seen[0].files.k8s],
      ] as const) {
        expect([...files.keys(), OUTPUT_MANIFEST_NAME].sort()).toEqual(listFiles(dir));
        for (const [rel, content] of files)
          expect(Buffer.from(content).equals(fs.readFileSync(path.join(dir, rel)))).toBe(true);
      }
    } finally {
      rmDir(fresh.root);
    }
  });

  test('the plaintext guard of the CLI rejects a plaintext Secret and nothing is written', () => {
    const { result, stderr } = captureOutput(() =>
      synthCommand(
        { configDir: VALID_FIXTURES_DIR, tfOutdir: dirs.tfOutdir, k8sOutdir: dirs.k8sOutdir },
        {
          ...mainHost(),
          buildPlatform: (configDir, apps) => {
            mainHost().buildPlatform(configDir, apps);
            const chart = new GitOpsChart(apps.k8s, 'Leak', { outputPath: 'platform/leak/secret.yaml' });
            new ApiObject(chart, 'secret', {
              apiVersion: 'v1',
              kind: 'Secret',
              metadata: { name: 'leak', namespace: 'default' },
              stringData: { password: 'correct-horse-battery-staple' },
            });
          },
        },
      ),
    );
    expect(result).toBe(1);
    expect(stderr).toMatch(/^error: plaintext guard: dist\/platform\/leak\/secret\.yaml: .*$/m);
    expect(stderr).not.toContain('correct-horse-battery-staple');
    expect(stderr).toContain('were left as they were.');
    expectUntouched();
  });
});

describe('exceptions', () => {
  test('thrown inside build propagate, nothing is written and the staging folders are removed', () => {
    let staged: string[] = [];
    expect(() =>
      synth((apps) => {
        buildPlatform(apps);
        staged = [apps.tf.outdir, apps.k8s.outdir];
        throw new Error('build blew up');
      }),
    ).toThrow('build blew up');
    expect(staged).toHaveLength(2);
    for (const dir of staged) expect(fs.existsSync(dir)).toBe(false);
    expectUntouched();
  });

  test('thrown before anything is added (the loader failing) leave the outputs too', () => {
    expect(() =>
      synth(() => {
        throw new TypeError('no config');
      }),
    ).toThrow(TypeError);
    expectUntouched();
  });

  test('thrown by an output check propagate after the Terraform synth (into its staging folder)', () => {
    expect(() =>
      synth(buildPlatform, [
        (output) => {
          expect(output.files.tf.has('manifest.json')).toBe(true);
          throw new Error('check crashed');
        },
      ]),
    ).toThrow('check crashed');
    expectUntouched();
  });

  test('thrown while rendering the GitOps tree (two writers of one path) propagate and nothing is written', () => {
    expect(() =>
      synth((apps) => {
        buildPlatform(apps);
        new GitOpsFile(apps.k8s, 'One', { outputPath: 'platform/dup.yaml', content: 'a: 1\n' });
        new GitOpsFile(apps.k8s, 'Two', { outputPath: 'platform/dup.yaml', content: 'a: 2\n' });
      }),
    ).toThrow('Two constructs write platform/dup.yaml: One and Two. Give each its own outputPath.');
    expectUntouched();
  });

  test('from the Terraform synth itself propagate and nothing is written', () => {
    expect(() =>
      synth((apps) => {
        buildPlatform(apps);
        // The last stack fails to render, after the earlier ones were written to the staging folder.
        const stack = apps.tf.node.children.filter((c) => TerraformStack.isStack(c)).at(-1) as TerraformStack;
        expect(stack.node.id).toBe(STAGE_IDS[STAGE_IDS.length - 1]);
        Object.defineProperty(stack, 'toTerraform', {
          value: () => {
            throw new Error('stack cannot render');
          },
        });
      }),
    ).toThrow('stack cannot render');
    expectUntouched();
  });
});

describe('a clean synth', () => {
  test('removes stale files synth wrote, keeps the files it did not write, and leaves no staging folder', () => {
    const fresh = outDirs(tmpDir('synth-ok-'));
    try {
      prepopulate(fresh, VALID_FIXTURES_DIR);
      const result = synthesizeApps({
        tfOutdir: fresh.tfOutdir,
        k8sOutdir: fresh.k8sOutdir,
        build: buildPlatform,
        outputChecks: mainHost().outputChecks,
        stateDir: fresh.root,
      });
      expect(result.tfStacks).toEqual([...STAGE_IDS]);
      // prepopulate added files synth did not write: kept and reported, not removed.
      expect(result.changes.k8s.unknown).toEqual(['platform/hand-made/SENTINEL.yaml']);
      expect(result.changes.tf.unknown).toEqual(['SENTINEL.txt']);
      expect(result.changed).toBe(false);
      expect(listFiles(fresh.k8sOutdir)).toEqual(
        [...result.k8sFiles, OUTPUT_MANIFEST_NAME, 'platform/hand-made/SENTINEL.yaml'].sort(),
      );
      expect([...result.k8sFiles].sort()).toEqual(result.k8sFiles);
      expect(fs.existsSync(path.join(fresh.k8sOutdir, 'empty-folder'))).toBe(true);
      expect(listFiles(fresh.tfOutdir)).toEqual(
        expect.arrayContaining(['manifest.json', ...STAGE_IDS.map((id) => `stacks/${id}/cdk.tf.json`)]),
      );
      expect(stagingLeftovers(fresh.root)).toEqual([]);
    } finally {
      rmDir(fresh.root);
    }
  });

  test('creates output folders that do not exist yet', () => {
    const fresh = outDirs(path.join(tmpDir('synth-new-'), 'a', 'b'));
    try {
      const result = synthesizeApps({ tfOutdir: fresh.tfOutdir, k8sOutdir: fresh.k8sOutdir, build: buildPlatform });
      expect(result.changes.k8s.added).toEqual(result.k8sFiles);
      expect(result.changes.k8s.changed).toEqual([]);
      expect(fs.existsSync(path.join(fresh.tfOutdir, 'manifest.json'))).toBe(true);
      expect(listFiles(fresh.k8sOutdir).length).toBeGreaterThan(5);
      expect(stagingLeftovers(fresh.root)).toEqual([]);
    } finally {
      rmDir(path.dirname(path.dirname(fresh.root)));
    }
  });
});
