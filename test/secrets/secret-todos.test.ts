import { App as K8sApp, Chart } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import { SecretTodos, collectSecretTodos, formatTodoLines, formatTodoReport } from '../../lib/secrets/secret-todos';

describe('SecretTodos', () => {
  test('one checklist per app, shared by every construct, sorted and de-duplicated', () => {
    const app = new K8sApp();
    const chart = new Chart(app, 'c');
    SecretTodos.of(chart).add({
      title: 'b missing',
      fix: 'make b',
      constructPath: 'c/b',
      file: 'platform/secrets/b.yaml',
    });
    SecretTodos.of(app).add({
      title: 'a missing',
      fix: 'make a',
      constructPath: 'c/a',
      file: 'platform/secrets/a.yaml',
    });
    SecretTodos.of(app).add({
      title: 'a missing',
      fix: 'make a',
      constructPath: 'c/a',
      file: 'platform/secrets/a.yaml',
    });
    expect(SecretTodos.of(chart)).toBe(SecretTodos.of(app));
    expect(SecretTodos.of(app).all.map((t) => t.title)).toEqual(['a missing', 'b missing']);
    expect(SecretTodos.of(new K8sApp()).all).toEqual([]);
  });

  test('collectSecretTodos merges both apps and drops the same item recorded twice', () => {
    const k8s = new K8sApp();
    const tf = new TfApp({ outdir: '/tmp/unused-cdktf-out' });
    SecretTodos.of(k8s).add({
      title: '.sops.yaml placeholder',
      fix: 'set key',
      constructPath: 'x',
      file: '.sops.yaml',
    });
    SecretTodos.of(tf).add({ title: '.sops.yaml placeholder', fix: 'set key', constructPath: 'y', file: '.sops.yaml' });
    SecretTodos.of(tf).add({ title: 'token missing', fix: 'export it', constructPath: 'z' });
    expect(collectSecretTodos(tf, k8s).map((t) => [t.title, t.constructPath])).toEqual([
      ['token missing', 'z'],
      ['.sops.yaml placeholder', 'y'],
    ]);
  });

  test('formatTodoReport writes a markdown checklist with the fix and the construct path', () => {
    const todos = [
      { title: 'x.sops.yaml does not exist', fix: 'talos-platform-cdk secrets new x', constructPath: 'a/b' },
    ];
    expect(formatTodoReport(todos)).toBe(
      [
        '# TODO(secrets)',
        '',
        '1 item. Everything else was synthesized; these secrets are not in the output until you do this. See docs/secrets.md.',
        '',
        '- [ ] TODO(secrets): x.sops.yaml does not exist',
        '  - fix: talos-platform-cdk secrets new x',
        '  - needed by: `a/b`',
        '',
      ].join('\n'),
    );
    expect(formatTodoReport([])).toBe(
      '# TODO(secrets)\n\nNothing to do: every secret the platform references exists and is encrypted.\n',
    );
    expect(formatTodoLines(todos)).toBe(
      'TODO(secrets): x.sops.yaml does not exist -> talos-platform-cdk secrets new x',
    );
  });
});
