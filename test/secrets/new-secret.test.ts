import * as fs from 'fs';
import * as path from 'path';
import { NewSecretError, buildSecretManifest, findRepoRoot, findSops, newSecret } from '../../lib/secrets/new-secret';
import { REPO_ROOT, rmrf, tempRepo } from './helpers';

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
    const go =
      (extra: object): (() => unknown) =>
      () =>
        newSecret({ ...base, repoRoot: root, cwd: root, ...extra });
    expect(go({ name: 'Demo' })).toThrow(
      'name "Demo" is not valid; expected lower-case letters, digits and "-", e.g. "capmox-credentials"',
    );
    expect(go({ fromEnv: ['bad key=DEMO_TOKEN'] })).toThrow(
      '--from-env bad key=DEMO_TOKEN: key "bad key" is not a valid Secret key (letters, digits, "-", "_", ".")',
    );
    expect(go({ fromEnv: ['token'] })).toThrow(
      '--from-env "token": expected KEY=ENV_VAR, e.g. PROXMOX_SECRET=PROXMOX_SECRET',
    );
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

  test('findSops: SOPS_BINARY, then PATH, then $TOOLS_DIR/bin (default .tools/bin)', () => {
    expect(findSops('/nowhere', { SOPS_BINARY: '/opt/sops' })).toBe('/opt/sops');
    const root = tempRepo(undefined);
    try {
      const tools = path.join(root, 'elsewhere');
      for (const dir of [path.join(root, '.tools', 'bin'), path.join(tools, 'bin')]) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'sops'), '#!/bin/sh\n', { mode: 0o755 });
      }
      expect(findSops(root, { PATH: '/nonexistent' })).toBe(path.join(root, '.tools', 'bin', 'sops'));
      expect(findSops(root, { PATH: '/nonexistent', TOOLS_DIR: tools })).toBe(path.join(tools, 'bin', 'sops'));
      expect(findSops(root, { PATH: '/nonexistent', TOOLS_DIR: 'elsewhere' })).toBe(path.join(tools, 'bin', 'sops'));
    } finally {
      rmrf(root);
    }
    expect(findSops('/nowhere', { PATH: '' })).toBeUndefined();
  });

  test('findRepoRoot walks up to the folder with .sops.yaml', () => {
    expect(findRepoRoot(path.join(REPO_ROOT, 'lib', 'secrets'))).toBe(REPO_ROOT);
  });
});
