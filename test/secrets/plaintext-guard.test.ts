import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  NO_SENSITIVE_DATA_ANNOTATION,
  isCredentialName,
  listSensitiveVariables,
  plaintextGuard,
  scanForPlaintextSecrets,
} from '../../lib/secrets/plaintext-guard';
import { encryptedSecretText, rmrf, tgz } from './helpers';

/** Staged output folders named like synthesizeApps names them, with the given files. */
function outputs(files: Record<string, string | Buffer>): { tfOutdir: string; k8sOutdir: string; parent: string } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-guard-'));
  const tfOutdir = path.join(parent, '.cdktf.out.staging-abc');
  const k8sOutdir = path.join(parent, '.dist.staging-def');
  fs.mkdirSync(tfOutdir);
  fs.mkdirSync(k8sOutdir);
  for (const [rel, content] of Object.entries(files)) {
    const [top, ...rest] = rel.split('/');
    const base = top === 'cdktf.out' ? tfOutdir : k8sOutdir;
    const abs = path.join(base, ...rest);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return { tfOutdir, k8sOutdir, parent };
}

function check(files: Record<string, string | Buffer>, env: Record<string, string> = {}): string[] {
  const dirs = outputs(files);
  try {
    return [...plaintextGuard({ env })(dirs)];
  } finally {
    rmrf(dirs.parent);
  }
}

const tf = (json: unknown): string => JSON.stringify(json, null, 2);
const STACK = 'cdktf.out/stacks/10-mgmt-talos/cdk.tf.json';

describe('plaintextGuard: clean output passes', () => {
  test('encrypted SOPS copies, KSOPS files, sensitive variables and outputs, variable references', () => {
    expect(
      check(
        {
          'dist/platform/secrets/capmox.sops.yaml': encryptedSecretText({}),
          'dist/platform/secrets/kustomization.yaml':
            'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n',
          'dist/platform/apps.yaml':
            'apiVersion: v1\nkind: Secret\nmetadata:\n  name: empty\n---\nkind: ConfigMap\ndata:\n  a: b\n',
          [STACK]: tf({
            variable: { proxmox_api_token: { type: 'string', sensitive: true }, node_count: { default: 3 } },
            output: {
              kubeconfig: { value: '${talos_cluster_kubeconfig.this.kubeconfig_raw}', sensitive: true },
              endpoint: { value: 'https://10.0.0.10:6443' },
              'cross-stack-output-talos_machine_secrets.this.client_configuration': { value: '${x}', sensitive: true },
            },
            provider: { proxmox: [{ endpoint: 'https://pve:8006', api_token: '${var.proxmox_api_token}' }] },
            resource: {
              kubernetes_secret_v1: { capmox: { data: { PROXMOX_SECRET: '${var.proxmox_api_token}' } } },
            },
          }),
        },
        { TF_VAR_proxmox_api_token: 'root@pam!tf=0c4b1c3e-1111-2222-3333-444455556666' },
      ),
    ).toEqual([]);
  });

  test('a Secret with the no-sensitive-data annotation is allowed', () => {
    expect(
      check({
        'dist/clusters/prod.yaml': [
          'apiVersion: v1',
          'kind: Secret',
          'metadata:',
          '  name: prod-cluster',
          '  annotations:',
          `    ${NO_SENSITIVE_DATA_ANNOTATION}: "name and server only"`,
          'stringData:',
          '  name: prod',
          '  server: https://10.0.1.10:6443',
          '',
        ].join('\n'),
      }),
    ).toEqual([]);
  });
});

describe('plaintextGuard: failures name the file, the place and the fix', () => {
  test('a Secret with plaintext data in dist/', () => {
    expect(
      check({
        'dist/platform/app.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Secret\nmetadata:\n' +
          '  name: creds\n  namespace: demo\ndata:\n  password: aHVudGVyMg==\nstringData:\n  user: admin\n',
      }),
    ).toEqual([
      'plaintext guard: dist/platform/app.yaml: document 2 (Secret demo/creds): data.password, stringData.user are ' +
        'not encrypted. Create the Secret with `talos-platform-cdk secrets new` into platform/secrets/ and reference ' +
        'it with SopsSecret (or deliver it with External Secrets). A Secret with no secret values may carry the ' +
        `annotation ${NO_SENSITIVE_DATA_ANNOTATION}: "<reason>"`,
    ]);
  });

  test('a Secret in a Helm chart asset under cdktf.out, also packed as .tgz', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  token: abc\n';
    const problems = check({
      'cdktf.out/stacks/20-capi-operator/assets/chart/templates/secret.yaml': secret,
      'cdktf.out/stacks/20-capi-operator/assets/chart.tgz': tgz({
        'chart/templates/secret.yaml': secret,
        'chart/bin': '\0\0',
      }),
    });
    expect(problems.map((p) => p.split(': document')[0])).toEqual([
      'plaintext guard: cdktf.out/stacks/20-capi-operator/assets/chart.tgz!chart/templates/secret.yaml',
      'plaintext guard: cdktf.out/stacks/20-capi-operator/assets/chart/templates/secret.yaml',
    ]);
    expect(problems[0]).toContain('document 1 (Secret s): stringData.token is not encrypted.');
  });

  test('a Secret in YAML embedded in Terraform JSON', () => {
    const yaml = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: n\ndata:\n  k: dg==\n';
    expect(check({ [STACK]: tf({ resource: { helm_release: { r: { values: [yaml] } } } }) })).toEqual([
      expect.stringMatching(
        /^plaintext guard: cdktf\.out\/stacks\/10-mgmt-talos\/cdk\.tf\.json: embedded YAML, document 1 \(Secret n\/s\): data\.k is not encrypted\./,
      ),
    ]);
  });

  test('a credential variable that is not sensitive, and a secret variable with a default', () => {
    expect(check({ [STACK]: tf({ variable: { proxmox_api_token: { type: 'string', default: 'x' } } }) })).toEqual([
      'plaintext guard: cdktf.out/stacks/10-mgmt-talos/cdk.tf.json: variable "proxmox_api_token": carries a credential ' +
        "but is not sensitive. Declare it with `sensitive: true` (new TerraformVariable(this, 'proxmox_api_token', " +
        "{ type: 'string', sensitive: true })) and list TF_VAR_proxmox_api_token in docs/secrets.md",
      'plaintext guard: cdktf.out/stacks/10-mgmt-talos/cdk.tf.json: variable "proxmox_api_token": is a secret with a ' +
        'default value in the output. Remove the default; supply it as TF_VAR_proxmox_api_token at plan time',
    ]);
  });

  test('outputs carrying credentials without sensitive: true', () => {
    const problems = check({
      [STACK]: tf({
        variable: { repo_pat: { sensitive: true } },
        output: {
          kubeconfig: { value: 'x' },
          a: { value: '${talos_machine_secrets.this.machine_secrets}' },
          b: { value: { cfg: '${data.talos_client_configuration.this.talos_config}' } },
          c: { value: '${var.repo_pat}' },
          d: { value: '${data.terraform_remote_state.r.outputs.cross-stack-output-x}' },
          e: { value: '${talos_cluster_kubeconfig.this.kubeconfig_raw}' },
          ok: { value: '${proxmox_virtual_environment_vm.a.ipv4_addresses}' },
          text: { value: "kubectl get secret x -o jsonpath='{.data.password}' | base64 -d" },
        },
      }),
    });
    const prefix = 'plaintext guard: cdktf.out/stacks/10-mgmt-talos/cdk.tf.json: ';
    const fix = '. Mark it `sensitive: true` (new TerraformOutput(..., { sensitive: true }))';
    expect(problems).toEqual([
      `${prefix}output "kubeconfig": is not sensitive, but its name says it carries a credential${fix}`,
      `${prefix}output "a": is not sensitive, but it references the sensitive attribute machine_secrets${fix}`,
      `${prefix}output "b": is not sensitive, but it references the sensitive attribute talos_config${fix}`,
      `${prefix}output "c": is not sensitive, but it references the sensitive variable var.repo_pat${fix}`,
      `${prefix}output "d": is not sensitive, but it re-exports a cross-stack output (sensitive)${fix}`,
      `${prefix}output "e": is not sensitive, but it references the sensitive attribute kubeconfig_raw${fix}`,
    ]);
  });

  test('literal credentials in provider blocks, kubernetes_secret and helm_release set_sensitive', () => {
    const problems = check({
      [STACK]: tf({
        provider: {
          proxmox: [{ api_token: 'root@pam!x=uuid', insecure: true }],
          kubernetes: [{ client_key: '${var.k}' }],
        },
        resource: {
          kubernetes_secret_v1: {
            s: { data: { password: 'hunter22', ok: '${var.p}', url: 'https://git.example', type: 'git' } },
          },
          helm_release: { r: { set_sensitive: [{ name: 'configs.secret.x', value: 'literal' }] } },
        },
      }),
    });
    const prefix = 'plaintext guard: cdktf.out/stacks/10-mgmt-talos/cdk.tf.json: ';
    expect(problems).toEqual([
      `${prefix}provider "proxmox" argument api_token: is a literal string. Pass it from a sensitive variable ` +
        '(${var.<name>}), supplied as TF_VAR_<name>',
      `${prefix}resource kubernetes_secret_v1.s data.password: is a literal value. Take it from a sensitive variable ` +
        '(${var.<name>}) instead',
      `${prefix}resource helm_release.r set_sensitive "configs.secret.x": is a literal value. Take it from a ` +
        'sensitive variable (${var.<name>}) instead',
    ]);
  });

  test('the value of a secret environment variable anywhere, raw, base64 or JSON-escaped, never printed', () => {
    const canary = 'canary-"quoted"-value-123';
    const problems = check(
      {
        [STACK]: tf({ variable: { proxmox_api_token: { sensitive: true } }, locals: { leak: canary } }),
        'dist/a.yaml': `kind: ConfigMap\ndata:\n  b64: ${Buffer.from('cf-canary-token-456').toString('base64')}\n`,
        'dist/b.txt': 'line1\nmy-own-secret-789\n',
      },
      {
        TF_VAR_proxmox_api_token: canary,
        CF_API_TOKEN: 'cf-canary-token-456',
        TPC_SECRET_ENV: 'MY_THING',
        MY_THING: 'my-own-secret-789',
      },
    );
    const why =
      'A secret supplied at run time must never be written by synth: read it from a sensitive Terraform variable ' +
      'reference, or keep it in a SOPS file under platform/secrets/';
    expect(problems).toEqual([
      `plaintext guard: cdktf.out/stacks/10-mgmt-talos/cdk.tf.json: line 8: holds the value of TF_VAR_proxmox_api_token. ${why}`,
      `plaintext guard: dist/a.yaml: line 3: holds the value of CF_API_TOKEN. ${why}`,
      `plaintext guard: dist/b.txt: line 2: holds the value of MY_THING. ${why}`,
    ]);
    expect(problems.join('\n')).not.toContain('canary');
  });

  test('short and boolean values are not searched for', () => {
    expect(
      check({ 'dist/a.yaml': 'port: 8006\nenabled: true\n' }, { PROXMOX_SECRET: '8006', GH_TOKEN: 'true' }),
    ).toEqual([]);
  });

  test('private key material and age identities', () => {
    const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7'.repeat(3);
    const problems = check({
      'dist/k.yaml': `key: |\n  -----BEGIN RSA PRIVATE KEY-----\n  ${body}\n  -----END RSA PRIVATE KEY-----\n`,
      [STACK]: tf({ locals: { k: `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----` } }),
      'dist/age.txt': 'AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQS3290G\n',
      'dist/docs.md': 'Example:\n-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n',
    });
    expect(problems).toEqual([
      'plaintext guard: cdktf.out/stacks/10-mgmt-talos/cdk.tf.json: line 3: holds private key material (-----BEGIN ' +
        'OPENSSH PRIVATE KEY-----). Keep keys out of the output: Terraform generates them into state (sensitive ' +
        'attributes) or they live in a SOPS file under platform/secrets/',
      'plaintext guard: dist/age.txt: line 1: holds an age private key (AGE-SECRET-KEY-1...). Only the public key ' +
        '(age1...) belongs in .sops.yaml; the private key goes to ~/.config/sops/age/keys.txt and the argocd/sops-age ' +
        'Secret, created out of band',
      'plaintext guard: dist/k.yaml: line 2: holds private key material (-----BEGIN RSA PRIVATE KEY-----). Keep keys ' +
        'out of the output: Terraform generates them into state (sensitive attributes) or they live in a SOPS file ' +
        'under platform/secrets/',
    ]);
  });

  test('invalid Terraform JSON is reported', () => {
    expect(check({ [STACK]: '{' })).toEqual([
      expect.stringMatching(
        /^plaintext guard: cdktf\.out\/stacks\/10-mgmt-talos\/cdk\.tf\.json: file: is not valid JSON/,
      ),
    ]);
  });
});

describe('helpers', () => {
  test('isCredentialName', () => {
    for (const n of [
      'proxmox_api_token',
      'proxmox_api_token_id',
      'argocdRepoPassword',
      'kubeconfig',
      'talosconfig_raw',
      'ca_cert',
      'client-key',
      'DNS_API_KEY',
      'machine_secrets',
      'repo_credentials',
    ]) {
      expect([n, isCredentialName(n)]).toEqual([n, true]);
    }
    for (const n of [
      'endpoint',
      'node_count',
      'ssh_public_key',
      'monkey',
      'keyboard_layout',
      'cluster_name',
      'cert_manager_version',
      'argocd_admin_password_command',
      'secret_name',
      'kubeconfig_path',
      'PROXMOX_URL',
      'type',
    ]) {
      expect([n, isCredentialName(n)]).toEqual([n, false]);
    }
  });

  test('listSensitiveVariables and the structured findings', () => {
    const dirs = outputs({
      'cdktf.out/stacks/00-a/cdk.tf.json': tf({ variable: { b_token: { sensitive: true }, plain: {} } }),
      'cdktf.out/stacks/10-b/cdk.tf.json': tf({ variable: { a_password: { sensitive: true } } }),
    });
    try {
      expect(listSensitiveVariables(dirs.tfOutdir)).toEqual([
        { stack: '10-b', name: 'a_password' },
        { stack: '00-a', name: 'b_token' },
      ]);
      expect(scanForPlaintextSecrets(dirs, { env: {} })).toEqual([]);
    } finally {
      rmrf(dirs.parent);
    }
  });
});

describe('plaintextGuard: in-memory strings are scanned as their UTF-8 bytes would be', () => {
  const pat = ['ghp', '_', 'A'.repeat(36)].join('');
  const secret = 'hunter2-hunter2-hunter2';
  const texts: Record<string, string> = {
    'dist/plain.yaml': `a: ${pat}\nb: ${secret}\n`,
    // A NUL just inside / just outside the first 8000 bytes, measured in bytes, not characters (é is 2 bytes).
    'dist/nul-inside.yaml': `${'é'.repeat(3999)}\0${pat}\n`,
    'dist/nul-outside.yaml': `${'é'.repeat(4000)}\0${pat}\n`,
    'dist/nul-late.yaml': `${'a'.repeat(7999)}\0${pat}\n`,
    'dist/nul-after.yaml': `${'a'.repeat(8000)}\0${pat}\n`,
    // Lone surrogates become U+FFFD in UTF-8; paired ones are kept.
    'dist/lone-surrogate.yaml': `a: \uD800${secret}\nb: ${pat}\uDC00\n`,
    'dist/pair.yaml': `a: \uD83D\uDE00 ${pat}\n`,
    'dist/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  token: x\n',
  };
  const env = { GITHUB_TOKEN: secret };
  const scan = (files: Map<string, string | Buffer>): string[] => {
    const dirs = outputs({});
    try {
      return [...plaintextGuard({ env })({ ...dirs, files: { tf: new Map(), k8s: files } })];
    } finally {
      rmrf(dirs.parent);
    }
  };
  const rel = (name: string): string => name.slice('dist/'.length);

  test('same findings as for the encoded bytes, file by file', () => {
    for (const [name, text] of Object.entries(texts)) {
      const asString = scan(new Map([[rel(name), text]]));
      const asBytes = scan(new Map([[rel(name), Buffer.from(text, 'utf8')]]));
      expect({ name, findings: asString }).toEqual({ name, findings: asBytes });
    }
  });

  test('a lone surrogate is scanned as the U+FFFD it is written as', () => {
    // The raw value is in the string but not in the bytes written: no finding, as for the file on disk.
    const value = '\uD800lone-surrogate-value';
    const dirs = outputs({});
    try {
      const files = { tf: new Map(), k8s: new Map([['x.yaml', `a: ${value}\n`]]) };
      expect(plaintextGuard({ env: { X_TOKEN: value } })({ ...dirs, files })).toEqual([]);
      const fine = { tf: new Map(), k8s: new Map([['x.yaml', 'a: \uFFFDlone-surrogate-value\n']]) };
      expect(plaintextGuard({ env: { X_TOKEN: '\uFFFDlone-surrogate-value' } })({ ...dirs, files: fine })).toHaveLength(
        1,
      );
    } finally {
      rmrf(dirs.parent);
    }
  });

  test('and the same as a scan of the folders on disk', () => {
    const dirs = outputs(texts);
    try {
      const fromDisk = [...plaintextGuard({ env })(dirs)];
      const inMemory = scan(new Map(Object.entries(texts).map(([n, t]) => [rel(n), t])));
      expect([...inMemory].sort()).toEqual([...fromDisk].sort());
      // The edge cases above exercise both sides of each rule.
      expect(fromDisk.some((f) => f.includes('nul-outside.yaml'))).toBe(true);
      expect(fromDisk.some((f) => f.includes('nul-inside.yaml'))).toBe(false);
      expect(fromDisk.some((f) => f.includes('nul-after.yaml'))).toBe(true);
      expect(fromDisk.some((f) => f.includes('nul-late.yaml'))).toBe(false);
    } finally {
      rmrf(dirs.parent);
    }
  });
});
