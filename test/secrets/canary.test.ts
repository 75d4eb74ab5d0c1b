/**
 * Canary: synthesize the whole reference platform with the real CLI (`node build/stacks/main.js synth`, after
 * `npm run build`) with a unique canary value in every supported secret input, then look for each canary (raw and
 * base64) in every output file: there must be none. Also checks that docs/secrets.md lists every sensitive Terraform
 * variable the stacks declare, and that the plaintext guard passes the real output.
 *
 * Skipped (with a notice) until the CLI is built; run `npm run build` first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listFiles } from '../../lib/core/synth/output-dir';
import {
  COMMON_SECRET_ENV_NAMES,
  listSensitiveVariables,
  scanForPlaintextSecrets,
} from '../../lib/secrets/plaintext-guard';
import { REPO_ROOT, rmrf } from './helpers';

const CLI = path.join(REPO_ROOT, 'build', 'stacks', 'main.js');
const CONFIG = path.join(REPO_ROOT, 'clusters');
const haveCli = fs.existsSync(CLI) && fs.existsSync(path.join(CONFIG, 'platform.yaml'));
if (!haveCli) {
  console.warn(`secrets canary skipped: ${path.relative(REPO_ROOT, CLI)} does not exist (run \`npm run build\`)`);
}

/** Secret inputs the platform documents (docs/secrets.md), besides every sensitive variable the stacks declare. */
const DOCUMENTED_SECRET_ENV = [
  'TF_VAR_proxmox_api_token',
  'TF_VAR_capmox_token_id',
  'TF_VAR_capmox_token_secret',
  'PROXMOX_URL',
  'PROXMOX_TOKEN',
  'PROXMOX_SECRET',
  'ARGOCD_REPO_USERNAME',
  'ARGOCD_REPO_PASSWORD',
  'CF_API_TOKEN',
];

function synth(env: NodeJS.ProcessEnv): { tfOut: string; k8sOut: string; parent: string } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-canary-'));
  const tfOut = path.join(parent, 'cdktf.out');
  const k8sOut = path.join(parent, 'dist');
  const run = spawnSync(process.execPath, [CLI, 'synth', '--config', CONFIG, '--tf-out', tfOut, '--k8s-out', k8sOut], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    rmrf(parent);
    throw new Error(`synth failed (exit ${run.status}):\n${run.stderr}`);
  }
  return { tfOut, k8sOut, parent };
}

(haveCli ? describe : describe.skip)('canary values in every secret input never reach the output (real CLI)', () => {
  let out: { tfOut: string; k8sOut: string; parent: string };
  let canaries: Map<string, string>;
  let sensitive: { stack: string; name: string }[];

  beforeAll(() => {
    // Pass 1 finds the sensitive variables the stacks declare; pass 2 sets a canary in each of them and in every
    // other documented or common secret input.
    const first = synth({ ...process.env });
    sensitive = listSensitiveVariables(first.tfOut);
    rmrf(first.parent);
    const names = new Set([
      ...DOCUMENTED_SECRET_ENV,
      ...COMMON_SECRET_ENV_NAMES,
      ...sensitive.map((v) => `TF_VAR_${v.name}`),
    ]);
    canaries = new Map([...names].map((n) => [n, `canary-${n.toLowerCase()}-${process.pid}-x7q`]));
    out = synth({ ...process.env, ...Object.fromEntries(canaries) });
  });
  afterAll(() => out && rmrf(out.parent));

  test('no canary, raw or base64, in any file of cdktf.out/ or dist/', () => {
    const hits: string[] = [];
    for (const [dir, label] of [
      [out.tfOut, 'cdktf.out'],
      [out.k8sOut, 'dist'],
    ] as const) {
      for (const rel of listFiles(dir)) {
        const text = fs.readFileSync(path.join(dir, rel), 'latin1');
        for (const [name, value] of canaries) {
          if (text.includes(value) || text.includes(Buffer.from(value).toString('base64')))
            hits.push(`${label}/${rel}: ${name}`);
        }
      }
    }
    expect(hits).toEqual([]);
    expect(listFiles(out.tfOut).length).toBeGreaterThan(0);
  });

  test('the plaintext guard passes the real output', () => {
    const findings = scanForPlaintextSecrets(
      { tfOutdir: out.tfOut, k8sOutdir: out.k8sOut },
      { env: Object.fromEntries(canaries) },
    );
    expect(findings.map((f) => `${f.file}: ${f.where}: ${f.message}`)).toEqual([]);
  });

  test('docs/secrets.md lists every sensitive variable the stacks declare', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'secrets.md'), 'utf8');
    const missing = [...new Set(sensitive.map((v) => `TF_VAR_${v.name}`))].filter((n) => !doc.includes(`\`${n}\``));
    expect(missing).toEqual([]);
  });
});
