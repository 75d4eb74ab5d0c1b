import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { GitOpsChart } from '../../lib/core/synth/gitops-chart';
import { renderGitOpsTree } from '../../lib/core/synth/gitops-writer';
import { collectValidationErrors } from '../../lib/core/synth/validate-tree';
import { collectSecretTodos } from '../../lib/secrets/secret-todos';
import { SecretDelivery } from '../../lib/secrets/secret-delivery';
import {
  DEFAULT_SECRETS_OUTPUT_DIR,
  DEFAULT_SECRETS_SOURCE_DIR,
  REPO_ROOT_CONTEXT,
  SopsSecret,
} from '../../lib/secrets/sops-secret';
import { RECIPIENT_A, RECIPIENT_B, encryptedSecretText, rmrf, tempRepo } from './helpers';

const roots: string[] = [];
afterAll(() => rmrf(...roots));

function repo(recipient: string | undefined | null, files: Record<string, string> = {}): string {
  const root = tempRepo(recipient, files);
  roots.push(root);
  return root;
}

function errorsOf(app: App): string[] {
  return collectValidationErrors(app).map((e) => `${e.path}: ${e.message}`);
}

const CAPMOX = 'platform/secrets/capmox-credentials.sops.yaml';
const capmoxText = encryptedSecretText({ name: 'capmox-credentials', namespace: 'capmox-system' });

describe('SopsSecret (KSOPS)', () => {
  test('copies the encrypted file byte for byte next to its generator and lists it in the kustomization', () => {
    const root = repo(RECIPIENT_A, { [CAPMOX]: capmoxText });
    const app = new App();
    const s = new SopsSecret(app, 'capmox', { name: 'capmox-credentials', namespace: 'capmox-system', repoRoot: root });
    const tree = renderGitOpsTree(app);
    expect([...tree.keys()]).toEqual([
      'platform/secrets/capmox-credentials.ksops.yaml',
      'platform/secrets/capmox-credentials.sops.yaml',
      'platform/secrets/kustomization.yaml',
    ]);
    expect(tree.get('platform/secrets/capmox-credentials.sops.yaml')).toBe(capmoxText);
    expect(parse(tree.get('platform/secrets/capmox-credentials.ksops.yaml')!)).toEqual({
      apiVersion: 'viaduct.ai/v1',
      kind: 'ksops',
      metadata: {
        name: 'ksops-capmox-system-capmox-credentials',
        annotations: { 'config.kubernetes.io/function': 'exec:\n  path: ksops\n' },
      },
      files: ['./capmox-credentials.sops.yaml'],
    });
    expect(parse(tree.get('platform/secrets/kustomization.yaml')!)).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      generators: ['./capmox-credentials.ksops.yaml'],
    });
    expect(errorsOf(app)).toEqual([]);
    expect(collectSecretTodos(app)).toEqual([]);
    expect(s).toMatchObject({
      secretName: 'capmox-credentials',
      namespace: 'capmox-system',
      file: CAPMOX,
      outputDirectory: 'platform/secrets',
      outputPath: CAPMOX,
      generatorPath: 'platform/secrets/capmox-credentials.ksops.yaml',
      present: true,
      externalSecret: undefined,
    });
    expect(s.node.findChild('Resource')).toBeDefined();
  });

  test('defaults: file platform/secrets/<name>.sops.yaml, output folder platform/secrets, repo root from context', () => {
    expect(DEFAULT_SECRETS_SOURCE_DIR).toBe('platform/secrets');
    expect(DEFAULT_SECRETS_OUTPUT_DIR).toBe('platform/secrets');
    const root = repo(RECIPIENT_A, { [CAPMOX]: capmoxText });
    const app = new App();
    app.node.setContext(REPO_ROOT_CONTEXT, root);
    const s = new SopsSecret(app, 'capmox', { name: 'capmox-credentials', namespace: 'capmox-system' });
    expect(s.present).toBe(true);
    expect(s.file).toBe(CAPMOX);
  });

  test('several secrets of one folder share one kustomization; a custom output folder gets its own', () => {
    const root = repo(RECIPIENT_A, {
      [CAPMOX]: capmoxText,
      'platform/secrets/dns.sops.yaml': encryptedSecretText({
        name: 'cloudflare-api-token',
        namespace: 'external-dns',
      }),
      'apps/grafana/secrets/admin.yaml': encryptedSecretText({ name: 'grafana-admin', namespace: 'monitoring' }),
    });
    const app = new App();
    new SopsSecret(app, 'capmox', { name: 'capmox-credentials', namespace: 'capmox-system', repoRoot: root });
    new SopsSecret(app, 'dns', {
      name: 'cloudflare-api-token',
      namespace: 'external-dns',
      file: 'platform/secrets/dns.sops.yaml',
      repoRoot: root,
    });
    new SopsSecret(app, 'grafana', {
      name: 'grafana-admin',
      namespace: 'monitoring',
      file: './apps/grafana/secrets/admin.yaml',
      outputDirectory: 'apps/grafana/secrets/',
      repoRoot: root,
    });
    const tree = renderGitOpsTree(app);
    expect(parse(tree.get('platform/secrets/kustomization.yaml')!).generators).toEqual([
      './capmox-credentials.ksops.yaml',
      './dns.ksops.yaml',
    ]);
    expect(parse(tree.get('apps/grafana/secrets/kustomization.yaml')!).generators).toEqual(['./admin.ksops.yaml']);
    expect(parse(tree.get('apps/grafana/secrets/admin.ksops.yaml')!).files).toEqual(['./admin.yaml']);
    expect(errorsOf(app)).toEqual([]);
  });

  test('a FIFO, a link out of the repository or a dangling link is an error, never read or copied', () => {
    const outside = repo(null, { 'stolen.yaml': capmoxText });
    const cases: [string, (file: string) => void, string][] = [
      ['FIFO', (f) => execFileSync('mkfifo', [f]), 'is not a regular file (a FIFO, socket or device)'],
      [
        'outside',
        (f) => fs.symlinkSync(path.join(outside, 'stolen.yaml'), f),
        'is a symbolic link out of the repository',
      ],
      ['dangling', (f) => fs.symlinkSync('/nonexistent.yaml', f), 'is a symbolic link that does not resolve'],
    ];
    for (const [, make, message] of cases) {
      const root = repo(RECIPIENT_A);
      fs.mkdirSync(path.join(root, 'platform', 'secrets'), { recursive: true });
      make(path.join(root, ...CAPMOX.split('/')));
      const app = new App();
      const chart = new GitOpsChart(app, 'apps', { outputPath: 'platform/apps.yaml' });
      const s = new SopsSecret(chart, 'capmox', {
        name: 'capmox-credentials',
        namespace: 'capmox-system',
        repoRoot: root,
      });
      expect(s.present).toBe(false);
      expect(errorsOf(app)).toEqual([expect.stringContaining(`apps/capmox: ${CAPMOX} ${message}`)]);
      expect([...renderGitOpsTree(app).keys()]).not.toContain(CAPMOX);
    }
  });

  test('a missing file is a TODO(secrets) item: no generator, the folder kustomization still renders', () => {
    const root = repo(RECIPIENT_A);
    const app = new App();
    const chart = new GitOpsChart(app, 'apps', { outputPath: 'platform/apps.yaml' });
    const s = new SopsSecret(chart, 'capmox', {
      name: 'capmox-credentials',
      namespace: 'capmox-system',
      repoRoot: root,
    });
    expect(s.present).toBe(false);
    const tree = renderGitOpsTree(app);
    expect([...tree.keys()]).toEqual(['platform/secrets/kustomization.yaml']);
    expect(parse(tree.get('platform/secrets/kustomization.yaml')!).generators).toEqual([]);
    expect(errorsOf(app)).toEqual([]);
    expect(collectSecretTodos(app)).toEqual([
      {
        title: `${CAPMOX} does not exist (Secret capmox-system/capmox-credentials is not delivered)`,
        fix: 'PROXMOX_URL=... PROXMOX_TOKEN=... PROXMOX_SECRET=... talos-platform-cdk secrets new --preset capmox-credentials',
        constructPath: 'apps/capmox',
        file: CAPMOX,
      },
    ]);
  });

  test('without a matching preset the fix names the generic command and the --out path', () => {
    const root = repo(RECIPIENT_A);
    const app = new App();
    new SopsSecret(app, 'x', {
      name: 'grafana-admin',
      namespace: 'monitoring',
      file: 'apps/g/secrets/admin.yaml',
      repoRoot: root,
    });
    expect(collectSecretTodos(app).map((t) => t.fix)).toEqual([
      'talos-platform-cdk secrets new grafana-admin --namespace monitoring --from-env KEY=ENV_VAR ... --out apps/g/secrets/admin.yaml',
    ]);
  });

  test('the placeholder recipient is a TODO(secrets) item and skips the recipient comparison', () => {
    const root = repo(undefined, { [CAPMOX]: capmoxText });
    const app = new App();
    new SopsSecret(app, 'capmox', { name: 'capmox-credentials', namespace: 'capmox-system', repoRoot: root });
    expect(errorsOf(app)).toEqual([]);
    expect(collectSecretTodos(app).map((t) => [t.title, t.fix])).toEqual([
      [
        '.sops.yaml creation rule 0 still names the placeholder recipient age1REPLACE_WITH_PUBLIC_KEY',
        'age-keygen -o ~/.config/sops/age/keys.txt, then put the printed public key (age1...) in .sops.yaml in place ' +
          'of the placeholder',
      ],
    ]);
    expect(renderGitOpsTree(app).has(CAPMOX)).toBe(true);
  });

  test('no .sops.yaml is a TODO(secrets) item', () => {
    const root = repo(null, { [CAPMOX]: capmoxText });
    const app = new App();
    new SopsSecret(app, 'capmox', { name: 'capmox-credentials', namespace: 'capmox-system', repoRoot: root });
    expect(collectSecretTodos(app).map((t) => t.title)).toEqual([
      `.sops.yaml does not exist in ${root}, so nothing says who can decrypt ${CAPMOX}`,
    ]);
    expect(errorsOf(app)).toEqual([]);
  });

  test('a plaintext file is an error and is never copied', () => {
    const plain = encryptedSecretText({
      name: 'capmox-credentials',
      namespace: 'capmox-system',
      sops: null,
      data: { a: 'eA==' },
    });
    const root = repo(RECIPIENT_A, { [CAPMOX]: plain });
    const app = new App();
    new SopsSecret(app, 'capmox', { name: 'capmox-credentials', namespace: 'capmox-system', repoRoot: root });
    const fix =
      'Re-create it with `talos-platform-cdk secrets new capmox-credentials --namespace capmox-system ... --out ' +
      `${CAPMOX}\` or encrypt it in place with \`sops encrypt --in-place ${CAPMOX}\`.`;
    expect(errorsOf(app)).toEqual([
      `capmox: ${CAPMOX} data.a is not encrypted (expected an ENC[AES256_GCM,...] value). ${fix}`,
      `capmox: ${CAPMOX} has no sops metadata block; it was not encrypted with sops. ${fix}`,
    ]);
    expect([...renderGitOpsTree(app).keys()]).toEqual(['platform/secrets/kustomization.yaml']);
  });

  test('name and namespace must match the reference', () => {
    const root = repo(RECIPIENT_A, { [CAPMOX]: encryptedSecretText({ name: 'other', namespace: 'default' }) });
    const app = new App();
    new SopsSecret(app, 'capmox', { name: 'capmox-credentials', namespace: 'capmox-system', repoRoot: root });
    expect(errorsOf(app)).toEqual([
      `capmox: ${CAPMOX} has metadata.name "other"; expected "capmox-credentials" (the name this reference gives). ` +
        'Change the reference, or the name in the file (metadata is not encrypted; `sops edit` keeps the mac valid).',
      `capmox: ${CAPMOX} has metadata.namespace "default"; expected "capmox-system". Change the reference, or the ` +
        'namespace in the file with `sops edit`.',
    ]);
  });

  test('recipients must be those .sops.yaml names for the path (rotation: sops updatekeys)', () => {
    const root = repo(`${RECIPIENT_A},${RECIPIENT_B}`, { [CAPMOX]: capmoxText });
    const app = new App();
    new SopsSecret(app, 'capmox', { name: 'capmox-credentials', namespace: 'capmox-system', repoRoot: root });
    expect(errorsOf(app)).toEqual([
      `capmox: ${CAPMOX} is encrypted for [age:${RECIPIENT_A}]; ${root}/.sops.yaml creation rule 0 names ` +
        `[age:${RECIPIENT_A}, age:${RECIPIENT_B}]. Run \`sops updatekeys ${CAPMOX}\` (with a key that can decrypt ` +
        'it), then synth again.',
    ]);
  });

  test('a file no creation rule covers is an error', () => {
    const root = repo(RECIPIENT_A, { 'config/capmox.yaml': capmoxText });
    const app = new App();
    new SopsSecret(app, 'capmox', {
      name: 'capmox-credentials',
      namespace: 'capmox-system',
      file: 'config/capmox.yaml',
      repoRoot: root,
    });
    expect(errorsOf(app)).toEqual([
      `capmox: config/capmox.yaml is not covered by any creation rule in ${root}/.sops.yaml; expected a path under ` +
        'platform/secrets/ or an app-local secrets/ folder. Move the file there, or add a creation_rules entry whose ' +
        'path_regex matches it.',
    ]);
  });

  test('a file that is not UTF-8 is an error', () => {
    const root = repo(RECIPIENT_A);
    fs.mkdirSync(`${root}/platform/secrets`, { recursive: true });
    fs.writeFileSync(`${root}/${CAPMOX}`, Buffer.from([0xff, 0xfe, 0x00]));
    const app = new App();
    new SopsSecret(app, 'capmox', { name: 'capmox-credentials', namespace: 'capmox-system', repoRoot: root });
    expect(errorsOf(app)).toEqual([
      `capmox: ${CAPMOX} is not UTF-8 text; expected a YAML file written by sops. Re-create it with sops.`,
    ]);
  });

  test('invalid props fail at construction with the value and the fix', () => {
    const app = new App();
    expect(() => new SopsSecret(app, 'a', { name: 'Bad_Name', namespace: 'ns' })).toThrow(
      'a: name "Bad_Name" is not valid; expected a DNS-1123 subdomain, e.g. "capmox-credentials"',
    );
    expect(() => new SopsSecret(app, 'b', { name: 'ok', namespace: 'a.b' })).toThrow(
      'b: namespace "a.b" is not valid; expected a DNS-1123 label, e.g. "capmox-system"',
    );
    expect(() => new SopsSecret(app, 'c', { name: 'ok', namespace: 'ns', file: 'platform/secrets/x.json' })).toThrow(
      'c: file "platform/secrets/x.json" must end in .yaml or .yml (KSOPS and sops pick the format from the extension); ' +
        'e.g. "platform/secrets/capmox-credentials.sops.yaml"',
    );
    expect(() => new SopsSecret(app, 'd', { name: 'ok', namespace: 'ns', file: '../x.yaml' })).toThrow(
      'd: file "../x.yaml" must be a relative path inside the repository, e.g. "platform/secrets"',
    );
    expect(() => new SopsSecret(app, 'e', { name: 'ok', namespace: 'ns', outputDirectory: '/abs' })).toThrow(
      'e: outputDirectory "/abs" must be a relative path inside the repository, e.g. "platform/secrets"',
    );
  });
});

describe('SopsSecret (External Secrets)', () => {
  test('writes an ExternalSecret reading one store entry into the Secret; no SOPS file needed', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const s = new SopsSecret(chart, 'dns', {
      name: 'cloudflare-api-token',
      namespace: 'external-dns',
      repoRoot: '/nonexistent',
      delivery: SecretDelivery.externalSecrets({ storeName: 'vault' }),
    });
    expect(s.present).toBe(true);
    expect(s.externalSecret).toBe(s.node.findChild('Resource'));
    expect(Testing.synth(chart)).toEqual([
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'cloudflare-api-token', namespace: 'external-dns' },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
          target: { name: 'cloudflare-api-token', creationPolicy: 'Owner' },
          dataFrom: [{ extract: { key: 'external-dns/cloudflare-api-token' } }],
        },
      },
    ]);
    expect(collectSecretTodos(app)).toEqual([]);
  });

  test('namespaced store, remote key and refresh interval are options', () => {
    const chart = new Chart(Testing.app(), 'c');
    new SopsSecret(chart, 'dns', {
      name: 'x',
      namespace: 'y',
      delivery: SecretDelivery.externalSecrets({
        storeName: 'local',
        namespacedStore: true,
        remoteKey: 'k',
        refreshInterval: '5m',
      }),
    });
    expect(Testing.synth(chart)[0].spec).toMatchObject({
      refreshInterval: '5m',
      secretStoreRef: { name: 'local', kind: 'SecretStore' },
      dataFrom: [{ extract: { key: 'k' } }],
    });
  });

  test('needs a chart and a valid store name', () => {
    expect(
      () =>
        new SopsSecret(new Construct(new App(), 'plain'), 'x', {
          name: 'x',
          namespace: 'y',
          delivery: SecretDelivery.externalSecrets({ storeName: 'vault' }),
        }),
    ).toThrow(
      'plain/x: External Secrets delivery writes an ExternalSecret, so the SopsSecret must be inside a cdk8s Chart ' +
        '(e.g. a GitOpsChart); got a scope outside any chart.',
    );
    expect(() => SecretDelivery.externalSecrets({ storeName: 'Vault Store' })).toThrow(
      'SecretDelivery.externalSecrets: storeName "Vault Store" is not a Kubernetes object name (lower-case letters, ' +
        'digits, "-" and "."), e.g. "vault"',
    );
    expect(SecretDelivery.ksops().kind).toBe('ksops');
    expect(SecretDelivery.ksops().externalSecretsOptions).toBeUndefined();
  });
});
