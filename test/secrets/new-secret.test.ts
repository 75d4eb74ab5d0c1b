import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import {
  NewSecretError,
  buildSecretManifest,
  findRepoRoot,
  findSops,
  newSecret,
} from '../../lib/secrets/new-secret';
import { SOPS, haveSopsTools, REPO_ROOT, rmrf, tempRepo, testAgeKey } from './helpers';

describe('buildSecretManifest', () => {
  test('writes what kubectl create secret generic --dry-run=client -o yaml writes: base64 data, sorted keys', () => {
    const text = buildSecretManifest({
      name: 'capmox-credentials',
      namespace: 'capmox-system',
      type: 'Opaque',
      labels: { b: '2', a: '1' },
      data: new Map([
        ['PROXMOX_URL', Buffer.from('https://pve:8006')],
        ['PROXMOX_SECRET', Buffer.from('s3cr3t')],
      ]),
    });
    expect(text).toBe(
      [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: capmox-credentials',
        '  namespace: capmox-system',
        '  labels:',
        '    a: "1"',
        '    b: "2"',
        'type: Opaque',
        'data:',
        `  PROXMOX_SECRET: ${Buffer.from('s3cr3t').toString('base64')}`,
        `  PROXMOX_URL: ${Buffer.from('https://pve:8006').toString('base64')}`,
        '',
      ].join('\n'),
    );
  });
});

describe('newSecret refuses before anything is written', () => {
  const roots: string[] = [];
  afterAll(() => rmrf(...roots));
  const repo = (recipient: string | undefined | null): string => {
    const r = tempRepo(recipient);
    roots.push(r);
    return r;
  };
  const base = { name: 'demo', namespace: 'demo', fromEnv: ['token=DEMO_TOKEN'], env: { DEMO_TOKEN: 'value-1234' } };

  test('while .sops.yaml names the placeholder recipient', () => {
    const root = repo(undefined);
    expect(() => newSecret({ ...base, repoRoot: root })).toThrow(
      new NewSecretError(
        `${root}/.sops.yaml creation rule 0 (for platform/secrets/demo.sops.yaml) still names the placeholder ` +
          'recipient age1REPLACE_WITH_PUBLIC_KEY. Generate a key (age-keygen -o ~/.config/sops/age/keys.txt) and put ' +
          'its public key (age1...) in .sops.yaml first; nothing was written.',
      ),
    );
    expect(fs.existsSync(path.join(root, 'platform'))).toBe(false);
  });

  test('without .sops.yaml, outside the repository, or outside every creation rule', () => {
    const none = repo(null);
    expect(() => newSecret({ ...base, repoRoot: none })).toThrow(
      `${none}/.sops.yaml does not exist; it says who can decrypt the file. Create it with a creation rule for ` +
        'platform/secrets/ and your age public key (docs/secrets.md), or pass --repo-root.',
    );
    const root = repo('age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq');
    expect(() => newSecret({ ...base, repoRoot: root, out: '/elsewhere/x.yaml' })).toThrow(
      `--out /elsewhere/x.yaml is outside the repository root ${root}; expected e.g. platform/secrets/demo.sops.yaml`,
    );
    expect(() => newSecret({ ...base, repoRoot: root, cwd: root, out: 'config/x.yaml' })).toThrow(
      `config/x.yaml is not covered by any creation rule in ${root}/.sops.yaml; expected a path under ` +
        'platform/secrets/ or an app-local secrets/ folder ending in .yaml. Choose such an --out, or add a rule.',
    );
  });

  test('bad names, keys, missing environment variables and files; values never in messages', () => {
    const root = repo('age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq');
    const go = (extra: object): (() => unknown) => () => newSecret({ ...base, repoRoot: root, cwd: root, ...extra });
    expect(go({ name: 'Demo' })).toThrow('name "Demo" is not valid; expected lower-case letters, digits and "-", e.g. "capmox-credentials"');
    expect(go({ fromEnv: ['bad key=DEMO_TOKEN'] })).toThrow(
      '--from-env bad key=DEMO_TOKEN: key "bad key" is not a valid Secret key (letters, digits, "-", "_", ".")',
    );
    expect(go({ fromEnv: ['token'] })).toThrow('--from-env "token": expected KEY=ENV_VAR, e.g. PROXMOX_SECRET=PROXMOX_SECRET');
    expect(go({ fromEnv: ['token=UNSET_VAR'] })).toThrow(
      '--from-env token=UNSET_VAR: environment variable UNSET_VAR is not set (or empty)',
    );
    expect(go({ fromEnv: ['token=DEMO_TOKEN', 'token=DEMO_TOKEN'] })).toThrow(
      '--from-env token=DEMO_TOKEN: key "token" is given twice',
    );
    expect(go({ fromEnv: [], fromFile: ['k=missing.txt'] })).toThrow(
      `--from-file k=missing.txt: cannot read ${root}/missing.txt (ENOENT)`,
    );
    expect(go({ fromEnv: [] })).toThrow('no keys: give at least one --from-env KEY=ENV_VAR or --from-file KEY=PATH');
    expect(go({ sopsBinary: '/bin/false' })).toThrow(/^\/bin\/false --version did not answer like sops/);
    fs.mkdirSync(path.join(root, 'platform/secrets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'platform/secrets/demo.sops.yaml'), 'x');
    expect(go({})).toThrow(
      'platform/secrets/demo.sops.yaml exists; pass --force to replace it (or `sops edit platform/secrets/demo.sops.yaml` to change it).',
    );
  });

  test('findSops: SOPS_BINARY, then PATH, then .tools/bin', () => {
    expect(findSops('/nowhere', { SOPS_BINARY: '/opt/sops' })).toBe('/opt/sops');
    expect(findSops(REPO_ROOT, { PATH: '/nonexistent' })).toBe(fs.existsSync(SOPS) ? SOPS : undefined);
    expect(findSops('/nowhere', { PATH: '' })).toBeUndefined();
  });

  test('findRepoRoot walks up to the folder with .sops.yaml', () => {
    expect(findRepoRoot(path.join(REPO_ROOT, 'lib', 'secrets'))).toBe(REPO_ROOT);
  });
});

const withTools = haveSopsTools() ? describe : describe.skip;

withTools('newSecret with the real sops and age (conformance)', () => {
  let key: ReturnType<typeof testAgeKey>;
  let root: string;
  beforeAll(() => {
    key = testAgeKey();
    root = tempRepo(key.recipient);
  });
  afterAll(() => rmrf(root, key.dir));

  test('encrypts for the .sops.yaml recipient, writes only ciphertext, and decrypts back to the input', () => {
    const token = 'token-value-0123456789';
    fs.writeFileSync(path.join(key.dir, 'ca.pem'), 'line1\nline2\n');
    const result = newSecret({
      repoRoot: root,
      cwd: root,
      name: 'demo',
      namespace: 'demo-ns',
      labels: { 'argocd.argoproj.io/secret-type': 'repository' },
      fromEnv: ['token=DEMO_TOKEN'],
      fromFile: [`ca.crt=${path.join(key.dir, 'ca.pem')}`],
      literals: { type: 'git' },
      sopsBinary: SOPS,
      env: { DEMO_TOKEN: token, PATH: process.env.PATH },
    });
    expect(result).toEqual({
      file: 'platform/secrets/demo.sops.yaml',
      keys: ['ca.crt', 'token', 'type'],
      recipients: [`age:${key.recipient}`],
      sops: SOPS,
    });
    const file = path.join(root, result.file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain(Buffer.from(token).toString('base64'));
    expect(text).toMatch(/^ {2}token: ENC\[AES256_GCM,/m);
    expect(text).toMatch(/^ {2}name: demo$/m); // metadata stays readable, 2-space indents (.sops.yaml stores.yaml.indent)
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['demo.sops.yaml']);

    const dec = spawnSync(SOPS, ['decrypt', file], { encoding: 'utf8', env: { ...process.env, SOPS_AGE_KEY_FILE: key.keyFile } });
    expect(dec.status).toBe(0);
    expect(parse(dec.stdout)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'demo', namespace: 'demo-ns', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
      type: 'Opaque',
      data: {
        'ca.crt': Buffer.from('line1\nline2\n').toString('base64'),
        token: Buffer.from(token).toString('base64'),
        type: Buffer.from('git').toString('base64'),
      },
    });
  });

  test('without the key, nobody decrypts it', () => {
    const other = testAgeKey();
    try {
      const dec = spawnSync(SOPS, ['decrypt', path.join(root, 'platform/secrets/demo.sops.yaml')], {
        encoding: 'utf8',
        env: { ...process.env, SOPS_AGE_KEY_FILE: other.keyFile },
      });
      expect(dec.status).not.toBe(0);
    } finally {
      rmrf(other.dir);
    }
  });

  test('--force replaces, a sops failure writes nothing and shows no value', () => {
    const env = { DEMO_TOKEN: 'second-value-987654', PATH: process.env.PATH };
    const opts = { repoRoot: root, cwd: root, name: 'demo', namespace: 'demo-ns', fromEnv: ['token=DEMO_TOKEN'], sopsBinary: SOPS, env };
    expect(newSecret({ ...opts, force: true }).keys).toEqual(['token']);
    const bad = tempRepo('age1notarealrecipient');
    try {
      let message = '';
      try {
        newSecret({ ...opts, repoRoot: bad, cwd: bad });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^sops encrypt failed \(exit \d+\): .*Nothing was written\.$/);
      expect(message).not.toContain('second-value-987654');
      expect(fs.existsSync(path.join(bad, 'platform'))).toBe(false);
    } finally {
      rmrf(bad);
    }
  });
});
