/**
 * The plaintext guard: a synth output check that fails when a secret would reach `cdktf.out/` or `dist/` in plain
 * text. This file walks the outputs; the checks are by kind of file: Terraform JSON (`plaintext-terraform.ts`), any
 * text (`plaintext-text.ts`), Kubernetes Secrets (`plaintext-secret-documents.ts`), packed charts
 * (`plaintext-archive.ts`).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CheckedOutput } from '../core/synth/synthesize';
import { listFiles } from '../core/synth/output-dir';
import { isCredentialName } from './credential-names';
import { isBinary, readTarGz } from './plaintext-archive';
import type { PlaintextFinding } from './plaintext-finding';
import { checkTerraform } from './plaintext-terraform';
import type { TfJson } from './plaintext-terraform';
import { scanText } from './plaintext-text';
import type { Needle } from './plaintext-text';

export { CREDENTIAL_SHAPES } from '../core/credentials';
export { isCredentialName } from './credential-names';
export type { PlaintextFinding } from './plaintext-finding';
export { NO_SENSITIVE_DATA_ANNOTATION } from './plaintext-secret-documents';

/** Environment variable with extra names (comma or space separated) whose values are secrets the guard looks for. */
export const SECRET_ENV_LIST_VARIABLE = 'TPC_SECRET_ENV';

/**
 * Environment variables that commonly carry credentials in this platform's pipelines, checked in addition to every
 * `TF_VAR_*` of a sensitive variable. `TF_TOKEN_*` (registry tokens) and names ending in `_TOKEN`, `_SECRET`,
 * `_PASSWORD`, `_API_KEY` or `_PRIVATE_KEY` are checked too.
 */
export const COMMON_SECRET_ENV_NAMES: readonly string[] = [
  'PROXMOX_VE_API_TOKEN',
  'PROXMOX_VE_PASSWORD',
  'PROXMOX_SECRET',
  'CF_API_TOKEN',
  'CF_API_KEY',
  'CLOUDFLARE_API_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GITLAB_TOKEN',
  'ARGOCD_AUTH_TOKEN',
  'SOPS_AGE_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'VAULT_TOKEN',
];

/**
 * Values shorter than this are not searched for (a short value such as `true` or `8006` would match by accident).
 * 8 characters is below every real token this platform takes (Proxmox token secrets are 36-character UUIDs).
 */
export const DEFAULT_MIN_SECRET_LENGTH = 8;

/** Options of {@link plaintextGuard}. */
export interface PlaintextGuardOptions {
  /**
   * Environment the secret values are read from.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * More variable names whose values must never appear in the output.
   * @default - none beyond `TPC_SECRET_ENV`, {@link COMMON_SECRET_ENV_NAMES} and sensitive `TF_VAR_*`
   */
  readonly secretEnvNames?: readonly string[] | undefined;
  /**
   * Values shorter than this are not searched for.
   * @default 8
   */
  readonly minSecretLength?: number | undefined;
}

/**
 * The plaintext-secret guard, as a check the synth runs over the new `cdktf.out/` and `dist/` before they replace
 * the previous output. It fails when:
 *
 * - a Kubernetes `Secret` (any YAML document, including files of Helm chart assets and charts packed as `.tgz`)
 *   holds `data`/`stringData` that is not SOPS ciphertext;
 * - a Terraform `variable` or `output` carries a credential (by name, by referencing a sensitive variable or a
 *   known-sensitive attribute such as talos `machine_secrets`, `client_configuration`, `kubeconfig_raw`) without
 *   `sensitive: true`, or a secret variable has a `default`; a `kubernetes_secret`, `helm_release.set_sensitive` or
 *   provider credential argument is a literal instead of a variable reference;
 * - the value of a secret environment variable (`TF_VAR_*` of a sensitive variable, `TPC_SECRET_ENV` names,
 *   {@link COMMON_SECRET_ENV_NAMES}) appears anywhere, raw, base64-encoded or JSON-escaped;
 * - private key material appears (`-----BEGIN ... PRIVATE KEY-----` with a key body, `AGE-SECRET-KEY-1...`);
 * - a credential-shaped string appears anywhere ({@link CREDENTIAL_SHAPES}: GitHub, GitLab and Slack tokens, AWS
 *   keys, Proxmox `PVEAPIToken=`, JWTs, URLs with a password or a token query parameter), whatever put it there.
 */
export function plaintextGuard(options: PlaintextGuardOptions = {}): (output: ScannedOutput) => string[] {
  return (dirs) =>
    scanForPlaintextSecrets(dirs, options).map((f) => `plaintext guard: ${f.file}: ${f.where}: ${f.message}`);
}

/** What the guard scans: the output folders, or (from the synth, {@link CheckedOutput}) their new files in memory. */
export interface ScannedOutput {
  /** The Terraform output folder (files are named after it). */
  readonly tfOutdir: string;
  /** The GitOps output folder (files are named after it). */
  readonly k8sOutdir: string;
  /**
   * The files to scan instead of the folders' content.
   * @default - every file in the two folders
   */
  readonly files?: CheckedOutput['files'] | undefined;
}

/** Runs the guard's checks and returns the findings (the structured form of {@link plaintextGuard}). */
export function scanForPlaintextSecrets(dirs: ScannedOutput, options: PlaintextGuardOptions = {}): PlaintextFinding[] {
  const env = options.env ?? process.env;
  const minLength = options.minSecretLength ?? DEFAULT_MIN_SECRET_LENGTH;
  const findings: PlaintextFinding[] = [];
  const roots = [
    { dir: dirs.tfOutdir, label: displayName(dirs.tfOutdir), content: dirs.files?.tf },
    { dir: dirs.k8sOutdir, label: displayName(dirs.k8sOutdir), content: dirs.files?.k8s },
  ];
  const files: { read: () => Buffer; name: string; text?: string }[] = [];
  for (const { dir, label, content } of roots) {
    for (const rel of content ? content.keys() : listFiles(dir)) {
      const bytes = content?.get(rel);
      const read =
        bytes === undefined
          ? () => fs.readFileSync(path.join(dir, rel))
          : () => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
      // A string is scanned as it is: no UTF-8 round trip (see textAsDecoded).
      const text = typeof bytes === 'string' ? textAsDecoded(bytes) : undefined;
      files.push({ read, name: `${label}/${rel}`, ...(text === undefined ? {} : { text }) });
    }
  }

  // Terraform first: its sensitive variables say which TF_VAR_* values are secrets.
  const sensitiveVariables = new Set<string>();
  const tfDocs: { name: string; json: TfJson }[] = [];
  for (const f of files) {
    if (!f.name.endsWith('.tf.json')) continue;
    try {
      const json = JSON.parse(f.read().toString('utf8')) as TfJson;
      tfDocs.push({ name: f.name, json });
      for (const [n, v] of Object.entries(json.variable ?? {})) if (v?.sensitive === true) sensitiveVariables.add(n);
    } catch (err) {
      findings.push({ file: f.name, where: 'file', message: `is not valid JSON (${(err as Error).message})` });
    }
  }
  for (const doc of tfDocs) findings.push(...checkTerraform(doc.name, doc.json, sensitiveVariables));

  const needles = secretNeedles(env, sensitiveVariables, options.secretEnvNames ?? [], minLength);
  for (const f of files) {
    const archive = /\.(tgz|tar\.gz)$/.test(f.name);
    if (f.text !== undefined && !archive) {
      if (!isBinaryText(f.text)) scanText(f.name, f.text, needles, findings);
      continue;
    }
    const buf = f.read();
    if (archive) {
      for (const entry of readTarGz(buf)) scanText(`${f.name}!${entry.name}`, entry.text, needles, findings);
      continue;
    }
    if (isBinary(buf)) continue;
    scanText(f.name, buf.toString('utf8'), needles, findings);
  }
  return findings;
}

/** Sensitive variables declared in the synthesized stacks: `{ stack, name }`, sorted. For docs and tests. */
export function listSensitiveVariables(tfOutdir: string): { stack: string; name: string }[] {
  const out: { stack: string; name: string }[] = [];
  for (const rel of listFiles(tfOutdir)) {
    if (!rel.endsWith('.tf.json')) continue;
    const json = JSON.parse(fs.readFileSync(path.join(tfOutdir, rel), 'utf8')) as TfJson;
    const stack = rel.split('/').slice(-2, -1)[0] ?? rel;
    for (const [name, v] of Object.entries(json.variable ?? {})) if (v?.sensitive === true) out.push({ stack, name });
  }
  return out.sort((a, b) => (a.name + a.stack < b.name + b.stack ? -1 : 1));
}

function secretNeedles(
  env: Readonly<Record<string, string | undefined>>,
  sensitiveVariables: ReadonlySet<string>,
  extraNames: readonly string[],
  minLength: number,
): Needle[] {
  const listed = (env[SECRET_ENV_LIST_VARIABLE] ?? '').split(/[\s,]+/).filter(Boolean);
  const explicit = new Set([...COMMON_SECRET_ENV_NAMES, ...listed, ...extraNames]);
  const needles: Needle[] = [];
  for (const [name, value] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!value || value.length < minLength || /^(true|false|\d+)$/i.test(value)) continue;
    const tfVar = name.startsWith('TF_VAR_') ? name.slice('TF_VAR_'.length) : undefined;
    const isSecret =
      explicit.has(name) ||
      (tfVar !== undefined && (sensitiveVariables.has(tfVar) || isCredentialName(tfVar))) ||
      name.startsWith('TF_TOKEN_') ||
      /_(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY)$/.test(name);
    if (!isSecret) continue;
    const forms = new Set([value, Buffer.from(value, 'utf8').toString('base64'), JSON.stringify(value).slice(1, -1)]);
    needles.push({ source: name, forms: [...forms] });
  }
  return needles;
}

/**
 * `text` exactly as `Buffer.from(text).toString('utf8')` gives it back, without the round trip: the same string when
 * it is well-formed UTF-16 (UTF-8 encodes each lone surrogate as U+FFFD); else `undefined`, and the bytes are
 * decoded. `isWellFormed` (V8, Node 20) answers at once for a one-byte string, as most of the output is; a regular
 * expression over the same 32 MB took longer than the round trip.
 */
function textAsDecoded(text: string): string | undefined {
  const wellFormed = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return typeof wellFormed === 'function' && wellFormed.call(text) ? text : undefined;
}

/** {@link isBinary} of the UTF-8 bytes of `text`: a NUL (only U+0000 encodes to a 0 byte) in the first 8000 bytes. */
function isBinaryText(text: string): boolean {
  const nul = text.indexOf('\0');
  return nul >= 0 && Buffer.byteLength(text.slice(0, nul), 'utf8') < 8000;
}

/** `.staging-` folders are named after the output they replace: `.cdktf.out.staging-x` -> `cdktf.out`. */
function displayName(dir: string): string {
  const base = path.basename(dir);
  return /^\.(.+)\.staging-[^/]+$/.exec(base)?.[1] ?? base;
}
