import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { parse as parseYaml } from 'yaml';
import type { CheckedOutput } from '../core/synth/synthesize';
import { findCredentials } from '../core/credentials';
import { listFiles } from '../core/synth/output-dir';
import { SECRET_VALUE_FIELDS, isSopsEncryptedSecret } from './sops-file';

export { CREDENTIAL_SHAPES } from '../core/credentials';

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

/** Annotation that exempts a Secret holding no secret values (e.g. an Argo CD cluster Secret with only name/server). */
export const NO_SENSITIVE_DATA_ANNOTATION = 'secrets.talos-platform-cdk.io/no-sensitive-data';

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

/** One problem the guard found. Never holds a secret value. */
export interface PlaintextFinding {
  /** The file, named as it will be after the synth (`cdktf.out/...` or `dist/...`). */
  readonly file: string;
  /** Where in the file: document, Terraform block, or line. */
  readonly where: string;
  /** What is wrong and what to do. */
  readonly message: string;
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
  const files: { read: () => Buffer; name: string }[] = [];
  for (const { dir, label, content } of roots) {
    for (const rel of content ? content.keys() : listFiles(dir)) {
      const bytes = content?.get(rel);
      const read =
        bytes === undefined
          ? () => fs.readFileSync(path.join(dir, rel))
          : () => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
      files.push({ read, name: `${label}/${rel}` });
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
    const buf = f.read();
    if (/\.(tgz|tar\.gz)$/.test(f.name)) {
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

/**
 * True if a Terraform variable or output name (or a Secret key) says it carries a credential: a word token, secret,
 * password, key, credential, cert(ificate), or kubeconfig/talosconfig/private key/API key/API token. Not when it is
 * about something public (`ssh_public_key`), about cert-manager, or when it ends in a word that names metadata of a
 * secret rather than the secret (`secret_name`, `kubeconfig_path`, `admin_password_command`, `*_version`).
 */
export function isCredentialName(name: string): boolean {
  const lower = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const words = lower.split(/[_\-.]+/).filter(Boolean);
  if (words.includes('public') || /cert_?manager/.test(lower)) return false;
  if (words.length > 1 && METADATA_WORD.test(words[words.length - 1])) return false;
  if (/kubeconfig|talosconfig|privatekey|apitoken|apikey/.test(words.join(''))) return true;
  return words.some((w) =>
    /^(tokens?|secrets?|passwords?|passwd|keys?|credentials?|creds|certs?|certificates?)$/.test(w),
  );
}

/** Last words that make a name about a secret's metadata, not its value. */
const METADATA_WORD =
  /^(names?|namespaces?|versions?|commands?|paths?|files?|refs?|hints?|urls?|types?|labels?|count)$/;

// ---- Terraform --------------------------------------------------------------------------------------------------

interface TfJson {
  variable?: Record<string, { sensitive?: boolean | undefined; default?: unknown } | undefined> | undefined;
  output?: Record<string, { sensitive?: boolean | undefined; value?: unknown } | undefined> | undefined;
  provider?: Record<string, Record<string, unknown>[] | Record<string, unknown> | undefined> | undefined;
  resource?: Record<string, Record<string, Record<string, unknown>> | undefined> | undefined;
}

/** Attributes whose values are credentials (provider schemas mark them sensitive). */
const SENSITIVE_ATTRIBUTE =
  /\.(machine_secrets|client_configuration|kubeconfig_raw|talos_config|kubernetes_client_configuration|machine_configuration|client_key|private_key(_pem|_openssh)?|password|api_token|token|secret)\b/;

function checkTerraform(file: string, tf: TfJson, sensitiveVariables: ReadonlySet<string>): PlaintextFinding[] {
  const out: PlaintextFinding[] = [];
  for (const [name, v] of Object.entries(tf.variable ?? {})) {
    if (!v) continue;
    const secret = v.sensitive === true || isCredentialName(name);
    if (isCredentialName(name) && v.sensitive !== true) {
      out.push({
        file,
        where: `variable "${name}"`,
        message:
          'carries a credential but is not sensitive. Declare it with `sensitive: true` ' +
          `(new TerraformVariable(this, '${name}', { type: 'string', sensitive: true })) and list ` +
          `TF_VAR_${name} in docs/secrets.md`,
      });
    }
    if (secret && v.default !== undefined && v.default !== null && v.default !== '') {
      out.push({
        file,
        where: `variable "${name}"`,
        message: `is a secret with a default value in the output. Remove the default; supply it as TF_VAR_${name} at plan time`,
      });
    }
  }
  for (const [name, o] of Object.entries(tf.output ?? {})) {
    if (!o || o.sensitive === true) continue;
    // only Terraform expressions count: a literal such as a kubectl command that mentions `.data.password` is text
    const refs = stringsIn(o.value)
      .flatMap((v) => v.match(/\$\{[^}]*\}/g) ?? [])
      .join('\n');
    let why: string | undefined;
    if (isCredentialName(name)) why = 'its name says it carries a credential';
    else {
      const v = /\bvar\.([A-Za-z0-9_-]+)/g;
      for (let m = v.exec(refs); m && !why; m = v.exec(refs)) {
        if (sensitiveVariables.has(m[1])) why = `it references the sensitive variable var.${m[1]}`;
      }
      const attr = why ? undefined : SENSITIVE_ATTRIBUTE.exec(refs);
      if (attr) why = `it references the sensitive attribute ${attr[1]}`;
      else if (!why && /\.outputs\.cross-stack-output-/.test(refs))
        why = 'it re-exports a cross-stack output (sensitive)';
    }
    if (why) {
      out.push({
        file,
        where: `output "${name}"`,
        message: `is not sensitive, but ${why}. Mark it \`sensitive: true\` (new TerraformOutput(..., { sensitive: true }))`,
      });
    }
  }
  for (const [providerName, blocks] of Object.entries(tf.provider ?? {})) {
    for (const block of Array.isArray(blocks) ? blocks : blocks ? [blocks] : []) {
      for (const [arg, value] of Object.entries(block)) {
        if (arg === 'alias' || !isCredentialArgument(arg) || !isLiteral(value)) continue;
        out.push({
          file,
          where: `provider "${providerName}" argument ${arg}`,
          message: 'is a literal string. Pass it from a sensitive variable (${var.<name>}), supplied as TF_VAR_<name>',
        });
      }
    }
  }
  for (const [type, resources] of Object.entries(tf.resource ?? {})) {
    for (const [rname, body] of Object.entries(resources ?? {})) {
      const where = `resource ${type}.${rname}`;
      if (type === 'kubernetes_secret' || type === 'kubernetes_secret_v1') {
        for (const field of ['data', 'binary_data', 'data_wo']) {
          const values = body[field];
          if (!values || typeof values !== 'object') continue;
          for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
            // a literal URL or `type: git` is fine; a literal under a credential key is a plaintext secret
            if (isLiteral(v) && isCredentialName(k)) {
              out.push({
                file,
                where: `${where} ${field}.${k}`,
                message: 'is a literal value. Take it from a sensitive variable (${var.<name>}) instead',
              });
            }
          }
        }
      }
      if (type === 'helm_release') {
        for (const field of ['set_sensitive', 'set_wo']) {
          const list = body[field];
          for (const item of Array.isArray(list) ? list : []) {
            if (isLiteral((item as Record<string, unknown>).value)) {
              out.push({
                file,
                where: `${where} ${field} "${String((item as Record<string, unknown>).name)}"`,
                message: 'is a literal value. Take it from a sensitive variable (${var.<name>}) instead',
              });
            }
          }
        }
      }
    }
  }
  // YAML embedded in Terraform strings (a manifest delivered through a stack): check its Secrets too.
  for (const s of stringsIn(tf.resource)) {
    if (/(^|\n)\s*kind:\s*["']?Secret["']?\s*(\n|$)/.test(s)) out.push(...checkYamlSecrets(file, s, 'embedded YAML'));
  }
  return out;
}

function isCredentialArgument(arg: string): boolean {
  // certificates in provider blocks are usually public CA certificates: only keys, tokens and passwords count here
  return (
    isCredentialName(arg) && !/cert/.test(arg) && !/(^|_)(key_?id|id)$/.test(arg) && !/config_path|_file$/.test(arg)
  );
}

/** A non-empty string that is not (only) a Terraform expression. */
function isLiteral(v: unknown): boolean {
  return typeof v === 'string' && v !== '' && !v.includes('${');
}

function stringsIn(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') out.push(x);
  else if (Array.isArray(x)) for (const v of x) stringsIn(v, out);
  else if (x && typeof x === 'object') for (const v of Object.values(x)) stringsIn(v, out);
  return out;
}

// ---- text: Secrets, environment values, private keys -------------------------------------------------------------

interface Needle {
  readonly source: string;
  readonly forms: readonly string[];
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

const KEY_MATERIAL_SHAPES = new Set(['age-secret-key', 'private-key']);
const PRIVATE_KEY_HEADER = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----/g;
const AGE_SECRET_KEY = /AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{20,}/;

function scanText(file: string, text: string, needles: readonly Needle[], out: PlaintextFinding[]): void {
  for (const n of needles) {
    for (const form of n.forms) {
      const at = text.indexOf(form);
      if (at < 0) continue;
      out.push({
        file,
        where: `line ${lineOf(text, at)}`,
        message:
          `holds the value of ${n.source}. A secret supplied at run time must never be written by synth: read it ` +
          'from a sensitive Terraform variable reference, or keep it in a SOPS file under platform/secrets/',
      });
      break;
    }
  }
  PRIVATE_KEY_HEADER.lastIndex = 0;
  for (let m = PRIVATE_KEY_HEADER.exec(text); m; m = PRIVATE_KEY_HEADER.exec(text)) {
    if (!hasKeyBody(text, m.index + m[0].length)) continue;
    out.push({
      file,
      where: `line ${lineOf(text, m.index)}`,
      message:
        `holds private key material (${m[0]}). Keep keys out of the output: Terraform generates them into ` +
        'state (sensitive attributes) or they live in a SOPS file under platform/secrets/',
    });
  }
  const age = AGE_SECRET_KEY.exec(text);
  if (age) {
    out.push({
      file,
      where: `line ${lineOf(text, age.index)}`,
      message:
        'holds an age private key (AGE-SECRET-KEY-1...). Only the public key (age1...) belongs in .sops.yaml; the ' +
        'private key goes to ~/.config/sops/age/keys.txt and the argocd/sops-age Secret, created out of band',
    });
  }
  // Key material has its own checks above, with advice of its own.
  for (const match of findCredentials(text).filter((m) => !KEY_MATERIAL_SHAPES.has(m.shape.id))) {
    out.push({
      file,
      where: `line ${lineOf(text, match.index)}`,
      message:
        `holds ${match.shape.label} (${match.shape.id}). A credential must never be written by synth: find where it ` +
        'came from (a spec field, a label, an environment value), remove it and revoke it; supply it as a sensitive ' +
        'TF_VAR_ or a SOPS file under platform/secrets/',
    });
  }
  if (/\.ya?ml$/.test(file) && /(^|\n)\s*kind:\s*["']?Secret["']?\s*(\r?\n|$)/.test(text)) {
    out.push(...checkYamlSecrets(file, text, undefined));
  }
}

/** A PEM body follows: at least 64 base64 characters before the END line (documentation placeholders have none). */
function hasKeyBody(text: string, from: number): boolean {
  const window = text.slice(from, from + 600).replace(/\\n/g, '\n');
  const end = window.indexOf('-----END');
  const body = (end < 0 ? window : window.slice(0, end))
    .split('\n')
    .filter((l) => !l.includes(':'))
    .join('')
    .replace(/[\s"\\]/g, '');
  return (body.match(/[A-Za-z0-9+/=]/g) ?? []).length >= 64;
}

function checkYamlSecrets(file: string, text: string, context: string | undefined): PlaintextFinding[] {
  const out: PlaintextFinding[] = [];
  const docs = text.split(/^---[^\n]*$/m).filter((d) => d.trim() !== '');
  docs.forEach((docText, i) => {
    if (!/(^|\n)\s*kind:\s*["']?Secret["']?\s*(\r?\n|$)/.test(docText) || docText.includes('{{')) return;
    let obj: unknown;
    try {
      obj = parseYaml(docText);
    } catch {
      return; // not YAML (e.g. a template); the other checks still cover its text
    }
    if (!obj || typeof obj !== 'object' || (obj as Record<string, unknown>).kind !== 'Secret') return;
    const secret = obj as Record<string, unknown>;
    const meta = (secret.metadata ?? {}) as Record<string, unknown>;
    const annotations = (meta.annotations ?? {}) as Record<string, unknown>;
    if (isSopsEncryptedSecret(secret) || typeof annotations[NO_SENSITIVE_DATA_ANNOTATION] === 'string') return;
    const plain = SECRET_VALUE_FIELDS.flatMap((field) => {
      const values = secret[field];
      return values && typeof values === 'object' ? Object.keys(values).map((k) => `${field}.${k}`) : [];
    });
    if (plain.length === 0) return;
    const id = `${String(meta.namespace ?? '')}${meta.namespace ? '/' : ''}${String(meta.name ?? '(no name)')}`;
    out.push({
      file,
      where: `${context ? `${context}, ` : ''}document ${i + 1} (Secret ${id})`,
      message:
        `${plain.join(', ')} ${plain.length === 1 ? 'is' : 'are'} not encrypted. Create the Secret with ` +
        '`talos-platform-cdk secrets new` into platform/secrets/ and reference it with SopsSecret (or deliver it ' +
        `with External Secrets). A Secret with no secret values may carry the annotation ${NO_SENSITIVE_DATA_ANNOTATION}: ` +
        '"<reason>"',
    });
  });
  return out;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8000).includes(0);
}

/** `.staging-` folders are named after the output they replace: `.cdktf.out.staging-x` -> `cdktf.out`. */
function displayName(dir: string): string {
  const base = path.basename(dir);
  return /^\.(.+)\.staging-[^/]+$/.exec(base)?.[1] ?? base;
}

/** Text files of a gzip'd tar archive (a packed Helm chart). Unreadable archives give no entries. */
function readTarGz(buf: Buffer): { name: string; text: string }[] {
  let tar: Buffer;
  try {
    tar = zlib.gunzipSync(buf);
  } catch {
    return [];
  }
  const out: { name: string; text: string }[] = [];
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, len: number): string =>
      header
        .subarray(start, start + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const body = tar.subarray(off + 512, off + 512 + size);
    if ((type === '0' || type === '') && !isBinary(body)) out.push({ name, text: body.toString('utf8') });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
