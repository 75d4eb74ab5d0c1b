/**
 * The plaintext guard knows the common token shapes: each one is caught in every output kind (Terraform JSON, GitOps
 * YAML, a Helm chart asset and the same asset packed as .tgz), the finding names the shape and never the value, and
 * look-alikes that real output contains (digests, schematic ids, plain repository URLs) pass.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CREDENTIAL_SHAPES, findCredentials, maskCredentials, safeForDisplay } from '../../lib/core/credentials';
import { scanForPlaintextSecrets } from '../../lib/secrets/plaintext-guard';
import { rmrf, tgz } from './helpers';

/** One sample per shape, built from parts so this file itself does not look like a leaked token. */
const SAMPLES: Record<string, string> = {
  'github-token': ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join(''),
  'github-pat': ['github', '_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'].join(''),
  'gitlab-token': ['glpat', '-', 'xY7zQ2wE9rT4uI1oP6aS'].join(''),
  'slack-token': ['xoxb', '-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'].join(''),
  'slack-webhook': ['https://hooks.slack.com/services/', 'T0ABCDEFG/B0ABCDEFG/', 'abcdefghijklmnopqrstuvwx'].join(''),
  'aws-access-key': ['AKIA', 'IOSFODNN7EXAMPLE'].join(''),
  'aws-secret-key': ['aws_secret_access_key = ', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'].join(''),
  'proxmox-api-token': ['PVEAPIToken', '=terraform@pve!platform=', '0c4b1c3e-1111-2222-3333-444455556666'].join(''),
  jwt: ['eyJhbGciOiJIUzI1NiJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIn0', '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join(
    '',
  ),
  'age-secret-key': ['AGE-SECRET-KEY-1', 'QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQ'].join(''),
  'private-key': [
    '-----BEGIN ',
    'PRIVATE KEY-----\n',
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
    'VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
  ].join(''),
  'url-password': ['https://ci:', 'hunter2-but-longer', '@git.example.com/platform.git'].join(''),
  'url-query-credential': ['https://git.example.com/platform.git', '?access_token=', 'f00dfeedc0ffee1234'].join(''),
};

/** Strings that real output holds and that look like credentials without being any. */
const LOOK_ALIKES = [
  'https://github.com/example/platform-gitops.git',
  'ssh://git@github.com/example/platform-gitops.git',
  'git@github.com:example/platform-gitops.git',
  'https://factory.talos.dev/image/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba/v1.13.9/nocloud-amd64.raw.xz',
  'quay.io/cilium/cilium:v1.18.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'https://charts.example.com/index.yaml?ref=main',
  'ghp_short',
  'eyJ-not-a-jwt',
  'proxmox_api_token: ${var.proxmox_api_token}',
];

const KINDS: Record<string, (token: string) => Record<string, string | Buffer>> = {
  'Terraform JSON': (t) => ({
    'cdktf.out/stacks/50-argo/cdk.tf.json': JSON.stringify({ resource: { helm_release: { argo: { repository: t } } } }),
  }),
  'GitOps YAML': (t) => ({
    'dist/clusters/prod.yaml': `apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  source:\n    repoURL: "${t}"\n`,
  }),
  'chart asset': (t) => ({ 'cdktf.out/stacks/20-capi-operator/assets/chart/values.yaml': `url: "${t}"\n` }),
  'packed chart': (t) => ({
    'cdktf.out/stacks/20-capi-operator/assets/chart.tgz': tgz({ 'chart/values.yaml': `url: "${t}"\n` }),
  }),
};

function scan(files: Record<string, string | Buffer>): ReturnType<typeof scanForPlaintextSecrets> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-shapes-'));
  const dirs = { tfOutdir: path.join(parent, 'cdktf.out'), k8sOutdir: path.join(parent, 'dist') };
  try {
    for (const [rel, content] of Object.entries(files)) {
      const [top, ...rest] = rel.split('/');
      const abs = path.join(top === 'cdktf.out' ? dirs.tfOutdir : dirs.k8sOutdir, ...rest);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    }
    fs.mkdirSync(dirs.tfOutdir, { recursive: true });
    fs.mkdirSync(dirs.k8sOutdir, { recursive: true });
    return scanForPlaintextSecrets(dirs, { env: {} });
  } finally {
    rmrf(parent);
  }
}

test('every shape has a sample', () => {
  expect(Object.keys(SAMPLES).sort()).toEqual(CREDENTIAL_SHAPES.map((s) => s.id).sort());
});

describe.each(Object.entries(SAMPLES))('%s', (id, token) => {
  test.each(Object.keys(KINDS))('is caught in %s, without printing it', (kind) => {
    const findings = scan(KINDS[kind](token));
    // key material is reported by the guard's own key checks (with their advice), every other shape by its id
    if (id === 'age-secret-key' || id === 'private-key')
      expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/private key/)]);
    else expect(findings.map((f) => f.message.match(/\(([a-z0-9-]+)\)/)?.[1])).toContain(id);
    for (const f of findings) expect(JSON.stringify(f)).not.toContain(token);
  });

  test('is masked in messages', () => {
    const masked = safeForDisplay(`value ${token} here`);
    expect(masked).toContain('***');
    expect(masked).not.toContain(token);
  });
});

describe('literals (the prefilter of each pattern)', () => {
  /** findCredentials without the prefilter: every pattern on every text. */
  const unfiltered = (text: string): { id: string; index: number }[] =>
    CREDENTIAL_SHAPES.flatMap((shape) =>
      [...text.matchAll(shape.pattern)].map((m) => ({ id: shape.id, index: m.index })),
    ).sort((a, b) => a.index - b.index);
  const found = (text: string): { id: string; index: number }[] =>
    findCredentials(text).map((m) => ({ id: m.shape.id, index: m.index }));

  test('each literal is in the match of its sample', () => {
    for (const shape of CREDENTIAL_SHAPES) {
      const match = [...SAMPLES[shape.id].matchAll(shape.pattern)][0]?.[0];
      expect(match).toBeDefined();
      for (const literal of shape.literals)
        expect({ id: shape.id, has: match!.includes(literal) }).toEqual({ id: shape.id, has: true });
      // a case-insensitive pattern may only rely on characters without case
      if (shape.pattern.flags.includes('i'))
        for (const literal of shape.literals) expect(literal.toUpperCase()).toBe(literal.toLowerCase());
    }
  });

  test('findCredentials finds what every pattern run on every text finds', () => {
    // The samples and their variants (other prefixes, other letter cases, one character dropped, two in one
    // text), embedded in output-like text, and the look-alikes below: a missing or wrong literal drops a finding.
    let seed = 7;
    const random = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const variants = Object.values(SAMPLES).flatMap((s) => [
      s,
      // the other prefixes a pattern accepts
      s.replace('AKIA', 'ASIA'),
      s.replace('ghp_', 'ghs_'),
      s.replace('glpat-', 'glcbt-'),
      s.replace('xoxb-', 'xoxe-'),
      s.toUpperCase(),
      s.toLowerCase(),
      ...Array.from({ length: 8 }, () => {
        const at = random(s.length);
        return s.slice(0, at) + s.slice(at + 1);
      }),
    ]);
    const texts = [...variants, ...LOOK_ALIKES].flatMap((v) => [
      v,
      `url: "${v}"\n`,
      `- ${v} and ${variants[random(variants.length)]}\n`,
      JSON.stringify({ value: v }),
    ]);
    let matched = 0;
    for (const text of texts) {
      const expected = unfiltered(text);
      matched += expected.length;
      expect({ text, found: found(text) }).toEqual({ text, found: expected });
    }
    expect(matched).toBeGreaterThan(texts.length / 2);
  });
});

test('positive control: look-alikes in real output pass', () => {
  expect(scan({ 'dist/platform/apps.yaml': LOOK_ALIKES.map((l) => `- "${l}"`).join('\n') + '\n' })).toEqual([]);
});

test('positive control: the committed dist/ tree passes', () => {
  const repoDist = path.join(__dirname, '..', '..', 'dist');
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-shapes-dist-'));
  try {
    fs.mkdirSync(path.join(parent, 'cdktf.out'));
    const found = scanForPlaintextSecrets(
      { tfOutdir: path.join(parent, 'cdktf.out'), k8sOutdir: repoDist },
      { env: {} },
    );
    expect(found).toEqual([]);
  } finally {
    rmrf(parent);
  }
});

test('maskCredentials keeps the user of a URL readable and hides only the secret part', () => {
  expect(maskCredentials('https://ci:hunter2-long@git.example.com/x.git')).toBe('https://***@git.example.com/x.git');
  expect(maskCredentials('https://git.example.com/x.git?private_token=abcdefgh&ref=main')).toBe(
    'https://git.example.com/x.git?private_token=***&ref=main',
  );
});

test('control characters are escaped, so input cannot drive the terminal', () => {
  expect(safeForDisplay('a\u001b[31mb\u0000c\u202ed\ne')).toBe('a\\x1b[31mb\\x00c\\u{202e}d\\x0ae');
});
