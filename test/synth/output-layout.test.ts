/**
 * Output folders are replaced whole, so the synth refuses layouts where that would lose data (regressions for
 * bugs found by the synth integrity tests): overlapping outputs, outputs that contain the working directory or the
 * config, a second staging folder that cannot be created, parents created for nothing, and file paths that can be
 * spelled two ways.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App as K8sApp } from 'cdk8s';
import { GitOpsChart } from '../../lib/core/synth/gitops-chart';
import { GitOpsFile } from '../../lib/core/synth/gitops-file';
import { renderGitOpsTree } from '../../lib/core/synth/gitops-writer';
import { OutputLayoutError, assertSeparateOutputs } from '../../lib/core/synth/output-dir';
import { synthesizeApps } from '../../lib/core/synth/synthesize';
import { synthCommand } from '../../lib/cli/synth-command';
import { EXIT } from '../../lib/cli/run';
import { VALID_FIXTURES_DIR, captureOutput, mainHost, rmDir, tmpDir } from './helpers';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach(rmDir));
function work(): string {
  const dir = tmpDir('synth-layout-');
  cleanup.push(dir);
  return dir;
}

describe('assertSeparateOutputs', () => {
  test('the same folder for both outputs is refused, naming both', () => {
    expect(() => assertSeparateOutputs({ 'Terraform output': '/x/out', 'GitOps output': '/x/out' }, {})).toThrow(
      'Terraform output (/x/out) and GitOps output (/x/out) overlap; give each output its own folder',
    );
  });

  test('one output inside the other is refused', () => {
    expect(() => assertSeparateOutputs({ a: '/x/out', b: '/x/out/dist' }, {})).toThrow(OutputLayoutError);
  });

  test('an output that contains a protected folder is refused', () => {
    expect(() => assertSeparateOutputs({ 'Terraform output': '/w' }, { 'the working directory': '/w/sub' })).toThrow(
      "Terraform output (/w) contains the working directory (/w/sub), which must stay out of synth's output; choose another folder",
    );
  });

  test('siblings with a common prefix are fine', () => {
    expect(() => assertSeparateOutputs({ a: '/x/out', b: '/x/out-dist' }, { c: '/x/outside' })).not.toThrow();
  });
});

describe('synth command refuses dangerous layouts with a usage error and writes nothing', () => {
  test.each([
    ['same folder', (w: string) => ({ tf: path.join(w, 'out'), k8s: path.join(w, 'out') })],
    ['nested', (w: string) => ({ tf: path.join(w, 'out'), k8s: path.join(w, 'out', 'dist') })],
    ['contains the working directory', (w: string) => ({ tf: path.dirname(process.cwd()), k8s: path.join(w, 'd') })],
  ])('%s', (_name, layout) => {
    const w = work();
    const { tf, k8s } = layout(w);
    const run = captureOutput(() =>
      synthCommand({ configDir: VALID_FIXTURES_DIR, tfOutdir: tf, k8sOutdir: k8s }, mainHost()),
    );
    expect(run.result).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/overlap|contains the working directory/);
    expect(fs.readdirSync(w)).toEqual([]);
  });

  test('an output folder that contains the config folder', () => {
    const w = work();
    const cfg = path.join(w, 'out', 'cfg');
    fs.mkdirSync(cfg, { recursive: true });
    fs.cpSync(VALID_FIXTURES_DIR, cfg, { recursive: true });
    const run = captureOutput(() =>
      synthCommand({ configDir: cfg, tfOutdir: path.join(w, 'out'), k8sOutdir: path.join(w, 'dist') }, mainHost()),
    );
    expect(run.result).toBe(EXIT.usage);
    expect(run.stderr).toContain('contains the config folder');
    expect(fs.existsSync(path.join(cfg, 'platform.yaml'))).toBe(true);
  });
});

describe('staging folders', () => {
  test('the first staging folder is removed when the second cannot be created', () => {
    const w = work();
    fs.writeFileSync(path.join(w, 'afile'), 'x');
    expect(() =>
      synthesizeApps({
        tfOutdir: path.join(w, 'out'),
        k8sOutdir: path.join(w, 'afile', 'dist'),
        build: () => undefined,
      }),
    ).toThrow(/EEXIST|ENOTDIR/);
    expect(fs.readdirSync(w)).toEqual(['afile']);
  });

  test('a failed synth removes the parent folders its staging folders had to create', () => {
    const w = work();
    expect(() =>
      synthesizeApps({
        tfOutdir: path.join(w, 'new', 'a', 'cdktf.out'),
        k8sOutdir: path.join(w, 'new', 'b', 'dist'),
        build: () => {
          expect(fs.existsSync(path.join(w, 'new', 'a'))).toBe(true);
          throw new Error('stop');
        },
      }),
    ).toThrow('stop');
    expect(fs.readdirSync(w)).toEqual([]);
  });
});

describe('GitOps tree paths have one spelling', () => {
  test.each(['a//b.yaml', 'a/./b.yaml', 'a/../b.yaml'])('%s is rejected', (p) => {
    const app = new K8sApp();
    expect(() => new GitOpsChart(app, 'c', { outputPath: p })).toThrow('must be a relative path');
    expect(() => new GitOpsFile(app, 'f', { outputPath: p, content: '' })).toThrow('must be a relative path');
  });

  test('a file and a folder of the same name is an error naming both writers', () => {
    const app = new K8sApp();
    new GitOpsFile(app, 'file', { outputPath: 'platform/x', content: 'a' });
    new GitOpsFile(app, 'file2', { outputPath: 'platform/x/z.yaml', content: 'b' });
    expect(() => renderGitOpsTree(app)).toThrow(
      'file writes the file platform/x, but file2 writes platform/x/z.yaml inside a folder of that name. Rename one of them.',
    );
  });
});
