/** Unit tests of `renderGitOpsTree`, `GitOpsChart` and `GitOpsFile`. */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { GitOpsChart } from '../../lib/core/synth/gitops-chart';
import { GitOpsFile } from '../../lib/core/synth/gitops-file';
import { renderGitOpsTree } from '../../lib/core/synth/gitops-writer';
import { writeFiles } from '../../lib/core/synth/output-dir';
import { SYNTH_FIXTURES_DIR, rmDir, tmpDir } from './helpers';

let outdir: string;
beforeEach(() => {
  outdir = tmpDir('synth-gitops-');
});
afterEach(() => rmDir(outdir));

const app = (): App => new App({ outdir });

function configMap(scope: Construct, name: string): ApiObject {
  return new ApiObject(scope, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { name } });
}

function chart(scope: Construct, id: string, outputPath: string, ...objects: string[]): GitOpsChart {
  const c = new GitOpsChart(scope, id, { outputPath });
  for (const name of objects) configMap(c, name);
  return c;
}

describe('renderGitOpsTree', () => {
  test('returns every file sorted by path, whatever order the constructs were added in', () => {
    const a = app();
    chart(a, 'Z', 'z/last.yaml', 'z');
    new GitOpsFile(a, 'Kustomization', { outputPath: 'm/kustomization.yaml', content: 'resources: []\n' });
    chart(a, 'A', 'a/first.yaml', 'a');
    chart(a, 'Upper', 'a.yaml', 'upper');
    chart(a, 'Dash', 'a-b/x.yaml', 'dash');
    new GitOpsFile(new Construct(a, 'Deep'), 'File', { outputPath: 'b/README.md', content: '# hi\n' });
    const files = renderGitOpsTree(a);
    expect([...files.keys()]).toEqual([
      'a-b/x.yaml',
      'a.yaml',
      'a/first.yaml',
      'b/README.md',
      'm/kustomization.yaml',
      'z/last.yaml',
    ]);
  });

  test('a chart is one file with its objects in construct order', () => {
    const a = app();
    chart(a, 'Apps', 'platform/apps.yaml', 'second', 'first', 'third');
    const text = renderGitOpsTree(a).get('platform/apps.yaml');
    const docs = parseAllDocuments(text ?? '').map((d) => d.toJS() as { metadata: { name: string } });
    expect(docs.map((d) => d.metadata.name)).toEqual(['second', 'first', 'third']);
  });

  test('a plain cdk8s chart lands in `<chart id>.k8s.yaml`, as cdk8s synth names it', () => {
    const a = app();
    configMap(new Chart(a, 'legacy'), 'x');
    expect([...renderGitOpsTree(a).keys()]).toEqual(['legacy.k8s.yaml']);
  });

  test('charts with no objects produce no file and claim no path', () => {
    const a = app();
    new GitOpsChart(a, 'Empty', { outputPath: 'platform/empty.yaml' });
    new Chart(a, 'plain-empty');
    new GitOpsChart(a, 'EmptyTwin', { outputPath: 'platform/shared.yaml' });
    chart(a, 'Full', 'platform/shared.yaml', 'x');
    expect([...renderGitOpsTree(a).keys()]).toEqual(['platform/shared.yaml']);
    expect(renderGitOpsTree(new App({ outdir }))).toEqual(new Map());
  });

  test('a GitOpsFile is copied byte-for-byte (SOPS ciphertext, CRLF, tabs, non-ASCII, no final newline)', () => {
    const fixture = path.join(SYNTH_FIXTURES_DIR, 'gitops-file-bytes.sops.yaml');
    const bytes = fs.readFileSync(fixture);
    const content = bytes.toString('utf8');
    expect(content).toContain('\r\n');
    expect(content).toContain('\t');
    expect(content.endsWith('\n')).toBe(false);

    const a = app();
    new GitOpsFile(a, 'Secret', { outputPath: 'platform/secrets/capmox-credentials.sops.yaml', content });
    const files = renderGitOpsTree(a);
    expect(files.get('platform/secrets/capmox-credentials.sops.yaml')).toBe(content);
    writeFiles(outdir, files);
    expect(fs.readFileSync(path.join(outdir, 'platform', 'secrets', 'capmox-credentials.sops.yaml'))).toEqual(bytes);
  });

  test('an empty GitOpsFile is still a file', () => {
    const a = app();
    new GitOpsFile(a, 'Empty', { outputPath: 'platform/empty/kustomization.yaml', content: '' });
    expect(renderGitOpsTree(a)).toEqual(new Map([['platform/empty/kustomization.yaml', '']]));
  });

  describe('two writers of one path are an error naming both construct paths', () => {
    test('two charts', () => {
      const a = app();
      chart(a, 'One', 'platform/dup.yaml', 'a');
      chart(new Construct(a, 'Group'), 'Two', 'platform/dup.yaml', 'b');
      expect(() => renderGitOpsTree(a)).toThrow(
        'Two constructs write platform/dup.yaml: One and Group/Two. Give each its own outputPath.',
      );
    });

    test('a chart and a file', () => {
      const a = app();
      chart(a, 'Chart', 'platform/dup.yaml', 'a');
      new GitOpsFile(new Construct(a, 'Nested'), 'File', { outputPath: 'platform/dup.yaml', content: 'x' });
      expect(() => renderGitOpsTree(a)).toThrow(
        'Two constructs write platform/dup.yaml: Chart and Nested/File. Give each its own outputPath.',
      );
    });

    test('two files', () => {
      const a = app();
      new GitOpsFile(a, 'First', { outputPath: 'k/kustomization.yaml', content: 'a' });
      new GitOpsFile(a, 'Second', { outputPath: 'k/kustomization.yaml', content: 'a' });
      expect(() => renderGitOpsTree(a)).toThrow('Two constructs write k/kustomization.yaml: First and Second.');
    });

    test('a plain chart and a GitOpsChart on its default name', () => {
      const a = app();
      configMap(new Chart(a, 'web'), 'a');
      chart(a, 'Explicit', 'web.k8s.yaml', 'b');
      expect(() => renderGitOpsTree(a)).toThrow('Two constructs write web.k8s.yaml: web and Explicit.');
    });
  });
});

describe('GitOpsChart outputPath', () => {
  test.each([
    ['platform/argocd/root-app.yaml'],
    ['a.yaml'],
    ['0-first/x_y.z.yaml'],
    ['clusters/prod/prod/cluster.yaml'],
  ])('accepts %j', (outputPath) => {
    expect(new GitOpsChart(app(), 'Ok', { outputPath }).outputPath).toBe(outputPath);
  });

  test.each([
    [''],
    ['platform/app.yml'],
    ['platform/App.yaml'],
    ['/abs/path.yaml'],
    ['./rel.yaml'],
    ['../outside.yaml'],
    ['platform/../../outside.yaml'],
    ['platform\\win.yaml'],
    ['platform/app.yaml.txt'],
    ['-dash.yaml'],
    ['with space.yaml'],
  ])('rejects %j with a message naming the construct and an example', (outputPath) => {
    const scope = new Construct(app(), 'Group');
    expect(() => new GitOpsChart(scope, 'Bad', { outputPath })).toThrow(
      `Group/Bad: outputPath "${outputPath}" must be a relative path of lower-case segments ending in ".yaml", ` +
        'e.g. "platform/argocd/root-app.yaml"',
    );
  });

  test('isGitOpsChart tells GitOpsCharts from plain charts and other values', () => {
    const a = app();
    expect(GitOpsChart.isGitOpsChart(new GitOpsChart(a, 'G', { outputPath: 'g.yaml' }))).toBe(true);
    expect(GitOpsChart.isGitOpsChart(new Chart(a, 'plain'))).toBe(false);
    expect(GitOpsChart.isGitOpsChart(undefined)).toBe(false);
    expect(GitOpsChart.isGitOpsChart({ outputPath: 'g.yaml' })).toBe(false);
  });
});

describe('GitOpsFile outputPath', () => {
  test.each([['platform/secrets/kustomization.yaml'], ['platform/README.md'], ['a/B-c_d.e']])('accepts %j', (p) => {
    expect(new GitOpsFile(app(), 'Ok', { outputPath: p, content: '' }).outputPath).toBe(p);
  });

  test.each([[''], ['/abs'], ['../up'], ['a/../../up'], ['.hidden'], ['a b'], ['a\\b']])('rejects %j', (p) => {
    expect(() => new GitOpsFile(new Construct(app(), 'Group'), 'Bad', { outputPath: p, content: '' })).toThrow(
      `Group/Bad: outputPath "${p}" must be a relative path inside the GitOps tree`,
    );
  });

  test('isGitOpsFile', () => {
    const a = app();
    expect(GitOpsFile.isGitOpsFile(new GitOpsFile(a, 'F', { outputPath: 'f', content: '' }))).toBe(true);
    expect(GitOpsFile.isGitOpsFile(new Construct(a, 'C'))).toBe(false);
  });
});
