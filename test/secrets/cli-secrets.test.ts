import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { EXIT, runCli } from '../../lib/cli/run';
import {
  COMMAND_FAILED_CODE,
  registerSecretsCommands,
  secretsCheckCommand,
  secretsNewCommand,
  secretsPresetsCommand,
} from '../../lib/cli/secrets';
import type { SecretsNewCommandOptions } from '../../lib/cli/secrets';
import { SECRET_PRESETS } from '../../lib/secrets/presets';
import { REPO_ROOT, RECIPIENT_A, encryptedSecretText, rmrf, tempRepo } from './helpers';

function io(): { out: string[]; err: string[]; io: { out: (t: string) => void; err: (t: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

const noOpts: SecretsNewCommandOptions = { fromEnv: [], fromFile: [], label: [] };

describe('secrets presets', () => {
  test('lists each preset with its Secret and the variables it reads', async () => {
    const c = io();
    expect(await secretsPresetsCommand(c.io)).toBe(EXIT.ok);
    expect(c.out.join('')).toBe(
      [
        'capmox-credentials',
        '  Proxmox API URL and token for CAPMOX (InfrastructureProvider configSecret)',
        '  Secret capmox-system/capmox-credentials (Opaque); keys: PROXMOX_URL<-$PROXMOX_URL PROXMOX_TOKEN<-$PROXMOX_TOKEN PROXMOX_SECRET<-$PROXMOX_SECRET',
        'argocd-repository',
        '  Argo CD repository credentials (https username/password; add --from-file sshPrivateKey=... for ssh)',
        '  Secret argocd/gitops-repository (Opaque); keys: url<-$ARGOCD_REPO_URL [username<-$ARGOCD_REPO_USERNAME] [password<-$ARGOCD_REPO_PASSWORD] type=git',
        'external-dns-cloudflare',
        '  Cloudflare API token for ExternalDNS (CF_API_TOKEN)',
        '  Secret external-dns/cloudflare-api-token (Opaque); keys: api-token<-$CF_API_TOKEN',
        '',
      ].join('\n'),
    );
    expect(SECRET_PRESETS['argocd-repository'].labels).toEqual({ 'argocd.argoproj.io/secret-type': 'repository' });
  });
});

describe('secrets new: usage and refusals', () => {
  test('unknown preset, missing name or namespace, malformed label are usage errors', async () => {
    let c = io();
    expect(await secretsNewCommand('x', { ...noOpts, preset: 'nope' }, c.io)).toBe(EXIT.usage);
    expect(c.err.join('')).toBe(
      'secrets new: unknown preset "nope"; expected one of capmox-credentials, argocd-repository, external-dns-cloudflare\n',
    );
    c = io();
    expect(await secretsNewCommand(undefined, noOpts, c.io)).toBe(EXIT.usage);
    expect(c.err.join('')).toBe('secrets new: <name> is required (or --preset). Try: secrets new --help\n');
    c = io();
    expect(await secretsNewCommand('x', noOpts, c.io)).toBe(EXIT.usage);
    expect(c.err.join('')).toBe('secrets new: --namespace is required (or --preset). Try: secrets new --help\n');
    c = io();
    expect(await secretsNewCommand('x', { ...noOpts, namespace: 'y', label: ['nolabel'] }, c.io)).toBe(EXIT.usage);
    expect(c.err.join('')).toBe('secrets new: --label "nolabel": expected KEY=VALUE\n');
  });

  test('the placeholder recipient is refused with exit 1 and nothing written', async () => {
    const root = tempRepo(undefined);
    try {
      const c = io();
      const code = await secretsNewCommand(
        undefined,
        { ...noOpts, preset: 'capmox-credentials', repoRoot: root },
        c.io,
      );
      expect(code).toBe(EXIT.invalidInput);
      expect(c.err.join('')).toMatch(
        /^secrets new: .*still names the placeholder recipient age1REPLACE_WITH_PUBLIC_KEY/,
      );
      expect(fs.existsSync(path.join(root, 'platform'))).toBe(false);
    } finally {
      rmrf(root);
    }
  });
});

describe('secrets check', () => {
  test('reports plaintext files and wrong recipients; skips kustomize/KSOPS files and generated output', async () => {
    const root = tempRepo(RECIPIENT_A, {
      'platform/secrets/ok.sops.yaml': encryptedSecretText({}),
      'platform/secrets/plain.yaml': encryptedSecretText({ sops: null, data: { a: 'eA==' } }),
      'platform/secrets/other.sops.yaml': encryptedSecretText({
        recipients: ['age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq'],
      }),
      'apps/x/secrets/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n',
      'dist/platform/secrets/whatever.yaml': 'kind: Secret\ndata:\n  a: eA==\n',
      'platform/secrets/notes.md': 'not yaml',
    });
    try {
      const c = io();
      expect(await secretsCheckCommand({ repoRoot: root }, c.io)).toBe(EXIT.invalidInput);
      expect(c.err.join('')).toBe(
        [
          'error: platform/secrets/other.sops.yaml is encrypted for [age:age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq]; ' +
            `creation rule 0 names [age:${RECIPIENT_A}]. Run: sops updatekeys platform/secrets/other.sops.yaml`,
          'error: platform/secrets/plain.yaml data.a is not encrypted (expected an ENC[AES256_GCM,...] value). ' +
            'Encrypt it: sops encrypt --in-place platform/secrets/plain.yaml',
          'error: platform/secrets/plain.yaml has no sops metadata block; it was not encrypted with sops. Encrypt it: ' +
            'sops encrypt --in-place platform/secrets/plain.yaml',
          '',
        ].join('\n'),
      );
      expect(c.out.join('')).toBe('secrets check: 3 file(s) checked, 3 problem(s)\n');
    } finally {
      rmrf(root);
    }
  });

  test('checks symbolic links explicitly and leaves test fixtures out unless asked', async () => {
    const root = tempRepo(RECIPIENT_A, {
      'platform/secrets/real/ok.sops.yaml': encryptedSecretText({}),
      'platform/secrets/plain-target.txt': encryptedSecretText({ sops: null, data: { a: 'eA==' } }),
      'test/fixtures/platform/secrets/broken.yaml': encryptedSecretText({ sops: null, data: { a: 'eA==' } }),
    });
    const outside = tempRepo(null, { 'key.yaml': 'AGE-SECRET-KEY-1...' });
    const secrets = path.join(root, 'platform', 'secrets');
    fs.symlinkSync(path.join(secrets, 'real', 'ok.sops.yaml'), path.join(secrets, 'linked.sops.yaml'));
    fs.symlinkSync(path.join(secrets, 'plain-target.txt'), path.join(secrets, 'plain.yaml'));
    fs.symlinkSync(path.join(outside, 'key.yaml'), path.join(secrets, 'outside.yaml'));
    fs.symlinkSync('/nonexistent.yaml', path.join(secrets, 'gone.yaml'));
    fs.symlinkSync(path.join(secrets, 'real'), path.join(secrets, 'folder'));
    try {
      let c = io();
      expect(await secretsCheckCommand({ repoRoot: root }, c.io)).toBe(EXIT.invalidInput);
      expect(
        c.err
          .join('')
          .split('\n')
          .map((l) => l.split('. ')[0]),
      ).toEqual([
        'error: platform/secrets/folder is a symbolic link to a folder; it is not followed',
        'error: platform/secrets/gone.yaml is a symbolic link that does not resolve; remove it or point it at the encrypted file',
        'error: platform/secrets/outside.yaml is a symbolic link out of the repository; it is not followed',
        'error: platform/secrets/plain.yaml data.a is not encrypted (expected an ENC[AES256_GCM,...] value)',
        'error: platform/secrets/plain.yaml has no sops metadata block; it was not encrypted with sops',
        '',
      ]);
      expect(c.err.join('')).not.toContain('AGE-SECRET-KEY');
      expect(c.out.join('')).toBe('secrets check: 3 file(s) checked, 5 problem(s)\n');
      c = io();
      expect(await secretsCheckCommand({ repoRoot: root, includeTests: true }, c.io)).toBe(EXIT.invalidInput);
      expect(c.err.join('')).toContain('error: test/fixtures/platform/secrets/broken.yaml data.a is not encrypted');
    } finally {
      rmrf(root, outside);
    }
  });

  test('the repository itself passes by default (its deliberately broken fixtures are test data)', async () => {
    const c = io();
    expect(await secretsCheckCommand({ repoRoot: REPO_ROOT }, c.io)).toBe(EXIT.ok);
    expect(c.err.join('')).not.toContain('error:');
  });

  test('warns about the placeholder, and fails without .sops.yaml', async () => {
    const root = tempRepo(undefined, { 'platform/secrets/ok.sops.yaml': encryptedSecretText({}) });
    const none = tempRepo(null);
    try {
      let c = io();
      expect(await secretsCheckCommand({ repoRoot: root }, c.io)).toBe(EXIT.ok);
      expect(c.err.join('')).toBe(
        `warning: ${root}/.sops.yaml still names the placeholder age recipient; put your public key there (docs/secrets.md)\n`,
      );
      c = io();
      expect(await secretsCheckCommand({ repoRoot: none }, c.io)).toBe(EXIT.invalidInput);
      expect(c.err.join('')).toBe(
        `secrets check: ${none}/.sops.yaml does not exist; nothing says which files must be encrypted\n`,
      );
    } finally {
      rmrf(root, none);
    }
  });
});

describe('registerSecretsCommands', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  test('adds secrets new/check/presets; a failure sets process.exitCode and throws a CommanderError', async () => {
    const program = new Command('t').exitOverride();
    registerSecretsCommands(program);
    const secrets = program.commands.find((c) => c.name() === 'secrets')!;
    expect(secrets.commands.map((c) => c.name())).toEqual(['new', 'check', 'presets']);
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(program.parseAsync(['secrets', 'new', 'x'], { from: 'user' })).rejects.toMatchObject({
        code: COMMAND_FAILED_CODE,
        exitCode: EXIT.usage,
        message: 'command failed with exit code 2',
      });
      expect(process.exitCode).toBe(EXIT.usage);
    } finally {
      write.mockRestore();
    }
  });

  test('through runCli a failing secrets command ends non-zero', async () => {
    const root = tempRepo(null);
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runCli(['secrets', 'check', '--repo-root', root], {
        buildPlatform: () => undefined,
        validate: () => 0,
        extraCommands: [registerSecretsCommands],
      });
      expect(code).not.toBe(EXIT.ok);
    } finally {
      write.mockRestore();
      rmrf(root);
    }
  });

  test('parses repeatable options', async () => {
    const program = new Command('t').exitOverride();
    registerSecretsCommands(program);
    const cmd = program.commands[0].commands[0];
    let seen: unknown;
    cmd.action((_name: string, opts: unknown) => {
      seen = opts;
    });
    await program.parseAsync(
      [
        'secrets',
        'new',
        'x',
        '-n',
        'y',
        '--from-env',
        'A=B',
        '--from-env',
        'C=D',
        '--from-file',
        'k=f',
        '--label',
        'l=v',
      ],
      { from: 'user' },
    );
    expect(seen).toEqual({ namespace: 'y', fromEnv: ['A=B', 'C=D'], fromFile: ['k=f'], label: ['l=v'] });
  });

  test('works as an extra command of the CLI', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const code = await runCli(['secrets', 'presets'], {
        buildPlatform: () => undefined,
        validate: () => 0,
        extraCommands: [registerSecretsCommands],
      });
      expect(code).toBe(EXIT.ok);
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toContain('capmox-credentials\n');
    } finally {
      write.mockRestore();
    }
  });
});
