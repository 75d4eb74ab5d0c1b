import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify as stringifyYaml } from 'yaml';
import { readRegularFile } from '../core/read-regular-file';
import { DNS_1123_LABEL_PATTERN, DNS_1123_SUBDOMAIN_PATTERN } from '../core/rules/facts';
import { inspectSopsSecret } from './sops-file';
import { SOPS_CONFIG_FILE, SopsPolicy, PLACEHOLDER_AGE_RECIPIENT, recipientList } from './sops-policy';

/** Oldest sops with the `encrypt` sub-command reading stdin (`--filename-override`): 3.9.0. */
export const MIN_SOPS_VERSION = '3.9.0';

/**
 * How long `sops encrypt` may take. Encrypting one Secret to age keys takes milliseconds; cloud KMS calls a few
 * seconds. Past this the process is killed, so a key service that never answers (or a pinentry prompt) cannot hang us.
 */
export const SOPS_TIMEOUT_MS = 60_000;

/** How long `sops --version` may take. */
export const SOPS_VERSION_TIMEOUT_MS = 10_000;

/** Kubernetes caps a Secret at 1 MiB (etcd object size), so no single `--from-file` value can be larger. */
export const MAX_SECRET_FILE_BYTES = 1024 * 1024;

/** A problem `secrets new` refuses on. The message never holds a secret value. */
export class NewSecretError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'NewSecretError';
  }
}

/** Options of {@link newSecret}. */
export interface NewSecretOptions {
  /** Repository root: where `.sops.yaml` is. */
  readonly repoRoot: string;
  /** Secret name. */
  readonly name: string;
  /** Secret namespace. */
  readonly namespace: string;
  /**
   * Secret type.
   * @default "Opaque"
   */
  readonly type?: string | undefined;
  /**
   * Labels.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /**
   * `KEY=ENV_VAR` entries: the key's value is the environment variable's.
   * @default []
   */
  readonly fromEnv?: readonly string[] | undefined;
  /**
   * `KEY=PATH` or `PATH` (key = file name) entries: the key's value is the file's bytes.
   * @default []
   */
  readonly fromFile?: readonly string[] | undefined;
  /**
   * Keys with non-secret fixed values (presets use it, e.g. an Argo CD repository's `type: git`).
   * @default {}
   */
  readonly literals?: Readonly<Record<string, string>> | undefined;
  /**
   * Output file, relative to `cwd` or absolute; must be covered by a `.sops.yaml` creation rule.
   * @default - `platform/secrets/<name>.sops.yaml` under `repoRoot`
   */
  readonly out?: string | undefined;
  /**
   * Replace an existing output file.
   * @default false
   */
  readonly force?: boolean | undefined;
  /**
   * The sops binary.
   * @default - `SOPS_BINARY`, else `sops` on PATH, else `<repoRoot>/.tools/bin/sops`
   */
  readonly sopsBinary?: string | undefined;
  /**
   * Environment the `fromEnv` values are read from and sops runs with.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * Folder relative paths are resolved against.
   * @default process.cwd()
   */
  readonly cwd?: string | undefined;
  /**
   * How long `sops encrypt` may run before it is killed.
   * @default 60000 ({@link SOPS_TIMEOUT_MS})
   */
  readonly sopsTimeoutMs?: number | undefined;
}

/** What {@link newSecret} wrote. No values. */
export interface NewSecretResult {
  /** The encrypted file, relative to the repository root. */
  readonly file: string;
  /** The Secret's keys, sorted. */
  readonly keys: readonly string[];
  /** Recipients it was encrypted for (`age:age1...`). */
  readonly recipients: readonly string[];
  /** The sops binary used. */
  readonly sops: string;
}

/**
 * Creates a SOPS-encrypted Kubernetes Secret: builds the manifest `kubectl create secret generic --dry-run=client
 * -o yaml` would (base64 `data`), pipes it to `sops encrypt` (stdin, so no plaintext touches the disk) with the
 * repository's `.sops.yaml` choosing the recipients for the output path, checks the result, and writes only the
 * encrypted file. Refuses when the recipients are still the placeholder.
 */
export function newSecret(options: NewSecretOptions): NewSecretResult {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const repoRoot = path.resolve(cwd, options.repoRoot);
  checkDns1123(options.name, 'name', DNS_1123_SUBDOMAIN_PATTERN);
  checkDns1123(options.namespace, 'namespace', DNS_1123_LABEL_PATTERN);

  const outAbs = options.out
    ? path.resolve(cwd, options.out)
    : path.join(repoRoot, 'platform', 'secrets', `${options.name}.sops.yaml`);
  const rel = path.relative(repoRoot, outAbs).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new NewSecretError(
      `--out ${outAbs} is outside the repository root ${repoRoot}; expected e.g. platform/secrets/${options.name}.sops.yaml`,
    );
  }
  const policy = SopsPolicy.load(repoRoot);
  if (!policy) {
    throw new NewSecretError(
      `${path.join(repoRoot, SOPS_CONFIG_FILE)} does not exist; it says who can decrypt the file. Create it with a ` +
        'creation rule for platform/secrets/ and your age public key (docs/secrets.md), or pass --repo-root.',
    );
  }
  const rule = policy.ruleFor(rel);
  if (!rule) {
    throw new NewSecretError(
      `${rel} is not covered by any creation rule in ${policy.source}; expected a path under platform/secrets/ or an ` +
        'app-local secrets/ folder ending in .yaml. Choose such an --out, or add a rule.',
    );
  }
  if (policy.hasPlaceholderRecipient(rel)) {
    throw new NewSecretError(
      `${policy.source} creation rule ${rule.index} (for ${rel}) still names the placeholder recipient ` +
        `${PLACEHOLDER_AGE_RECIPIENT}. Generate a key (age-keygen -o ~/.config/sops/age/keys.txt) and put its public ` +
        'key (age1...) in .sops.yaml first; nothing was written.',
    );
  }
  if (recipientList(rule.recipients).length === 0) {
    throw new NewSecretError(
      `${policy.source} creation rule ${rule.index} names no recipient (age, pgp, ...); add yours.`,
    );
  }
  if (fs.existsSync(outAbs) && !options.force) {
    throw new NewSecretError(`${rel} exists; pass --force to replace it (or \`sops edit ${rel}\` to change it).`);
  }

  const values = collectValues(options, env, cwd);
  const manifest = buildSecretManifest({
    name: options.name,
    namespace: options.namespace,
    type: options.type ?? 'Opaque',
    labels: options.labels ?? {},
    data: values,
  });
  const sops = options.sopsBinary ?? findSops(repoRoot, env);
  if (!sops) {
    throw new NewSecretError(
      'sops was not found: not in SOPS_BINARY, not on PATH, not in $TOOLS_DIR/bin (default .tools/bin; npm run tools builds it). Install sops ' +
        `${MIN_SOPS_VERSION} or newer.`,
    );
  }
  checkSopsVersion(sops, env);

  const args = ['--config', path.join(repoRoot, SOPS_CONFIG_FILE), 'encrypt', '--filename-override', outAbs];
  args.push('--input-type', 'yaml', '--output-type', 'yaml');
  const run = spawnSync(sops, args, {
    input: manifest,
    env: { ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.sopsTimeoutMs ?? SOPS_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (timedOut(run.error)) {
    throw new NewSecretError(
      `sops encrypt did not finish within ${(options.sopsTimeoutMs ?? SOPS_TIMEOUT_MS) / 1000} s and was stopped (a key service that does not ` +
        'answer, or a prompt). Nothing was written.',
    );
  }
  const literalKeys = new Set(Object.keys(options.literals ?? {}));
  const secretForms = [...values.entries()].filter(([k]) => !literalKeys.has(k)).flatMap(([, v]) => formsOf(v));
  if (run.error || run.status !== 0) {
    const detail = redact(
      (run.stderr || String(run.error ?? '')).trim().split('\n').slice(0, 3).join(' '),
      secretForms,
    );
    throw new NewSecretError(`sops encrypt failed (exit ${run.status ?? 'none'}): ${detail}. Nothing was written.`);
  }
  const encrypted = run.stdout;
  const inspection = inspectSopsSecret(encrypted);
  if (inspection.problems.length > 0) {
    throw new NewSecretError(
      `sops output is not an encrypted Secret (${inspection.problems[0]}); nothing was written.`,
    );
  }
  if (secretForms.some((f) => f.length >= 4 && encrypted.includes(f))) {
    throw new NewSecretError(
      'sops output still contains a plaintext value (check encrypted_regex in .sops.yaml); nothing was written.',
    );
  }

  fs.mkdirSync(path.dirname(outAbs), { recursive: true });
  const tmp = `${outAbs}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, encrypted, { mode: 0o644 });
  fs.renameSync(tmp, outAbs);
  return { file: rel, keys: [...values.keys()].sort(), recipients: recipientList(inspection.recipients), sops };
}

/** Input of {@link buildSecretManifest}. */
export interface SecretManifestInput {
  readonly name: string;
  readonly namespace: string;
  readonly type: string;
  readonly labels: Readonly<Record<string, string>>;
  /** key -> raw bytes (encoded as base64 `data`, as kubectl does). */
  readonly data: ReadonlyMap<string, Buffer>;
}

/**
 * The Secret manifest `kubectl create secret generic <name> -n <ns> --type <type> ... --dry-run=client -o yaml`
 * prints, minus `creationTimestamp: null`: base64 `data` with sorted keys. Held in memory only.
 */
export function buildSecretManifest(input: SecretManifestInput): string {
  const metadata: Record<string, unknown> = { name: input.name, namespace: input.namespace };
  if (Object.keys(input.labels).length > 0) metadata.labels = sortObject(input.labels);
  const data: Record<string, string> = {};
  for (const key of [...input.data.keys()].sort()) data[key] = input.data.get(key)!.toString('base64');
  return stringifyYaml({ apiVersion: 'v1', kind: 'Secret', metadata, type: input.type, data }, { lineWidth: 0 });
}

/** The sops binary: `SOPS_BINARY`, else `sops` on PATH, else `<repoRoot>/.tools/bin/sops`; undefined if none. */
export function findSops(
  repoRoot: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  if (env.SOPS_BINARY) return env.SOPS_BINARY;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'sops');
    if (isExecutable(candidate)) return candidate;
  }
  // The pinned build of `npm run tools`, in $TOOLS_DIR (default .tools) like every other tool lookup.
  const local = path.join(path.resolve(repoRoot, env.TOOLS_DIR ?? '.tools'), 'bin', 'sops');
  return isExecutable(local) ? local : undefined;
}

/** The folder holding `.sops.yaml`, walking up from `start` (as sops does); `start` itself when there is none. */
export function findRepoRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, SOPS_CONFIG_FILE))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start);
  }
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

function collectValues(
  options: NewSecretOptions,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Map<string, Buffer> {
  const values = new Map<string, Buffer>();
  const put = (key: string, value: Buffer, origin: string): void => {
    if (!SECRET_KEY.test(key)) {
      throw new NewSecretError(`${origin}: key "${key}" is not a valid Secret key (letters, digits, "-", "_", ".")`);
    }
    if (values.has(key)) throw new NewSecretError(`${origin}: key "${key}" is given twice`);
    values.set(key, value);
  };
  for (const [key, value] of Object.entries(options.literals ?? {})) put(key, Buffer.from(value, 'utf8'), 'preset');
  for (const spec of options.fromEnv ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) {
      throw new NewSecretError(`--from-env "${spec}": expected KEY=ENV_VAR, e.g. PROXMOX_SECRET=PROXMOX_SECRET`);
    }
    const key = spec.slice(0, eq);
    const variable = spec.slice(eq + 1);
    const value = env[variable];
    if (value === undefined || value === '') {
      throw new NewSecretError(`--from-env ${key}=${variable}: environment variable ${variable} is not set (or empty)`);
    }
    put(key, Buffer.from(value, 'utf8'), `--from-env ${key}=${variable}`);
  }
  for (const spec of options.fromFile ?? []) {
    const eq = spec.indexOf('=');
    const key = eq > 0 ? spec.slice(0, eq) : path.basename(spec);
    const file = path.resolve(cwd, eq > 0 ? spec.slice(eq + 1) : spec);
    put(key, readSecretFile(file, `--from-file ${spec}`), `--from-file ${spec}`);
  }
  if (values.size === 0) {
    throw new NewSecretError('no keys: give at least one --from-env KEY=ENV_VAR or --from-file KEY=PATH');
  }
  return values;
}

function checkDns1123(value: string, what: string, re: RegExp): void {
  if (!re.test(value)) {
    throw new NewSecretError(
      `${what} "${value}" is not valid; expected lower-case letters, digits and "-", e.g. "capmox-credentials"`,
    );
  }
}

/**
 * Reads a `--from-file` value: a regular file (a FIFO or `/dev/zero` would never end) of at most
 * {@link MAX_SECRET_FILE_BYTES}.
 */
function readSecretFile(file: string, what: string): Buffer {
  const read = readRegularFile(file, MAX_SECRET_FILE_BYTES);
  if ('bytes' in read) return read.bytes;
  const why = read.unreadable;
  if (why.kind === 'not-regular') {
    throw new NewSecretError(`${what}: ${file} is not a regular file; pass a file, not a device or a pipe`);
  }
  if (why.kind === 'too-large') {
    throw new NewSecretError(
      `${what}: ${file} has ${why.size} bytes; a Kubernetes Secret holds at most ${MAX_SECRET_FILE_BYTES} in all`,
    );
  }
  throw new NewSecretError(`${what}: cannot read ${file} (${why.kind === 'missing' ? 'ENOENT' : why.code})`);
}

function timedOut(error: Error | undefined): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
}

function checkSopsVersion(sops: string, env: Readonly<Record<string, string | undefined>>): void {
  const v = spawnSync(sops, ['--version', '--disable-version-check'], {
    encoding: 'utf8',
    env: { ...env } as NodeJS.ProcessEnv,
    timeout: SOPS_VERSION_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  if (timedOut(v.error)) {
    throw new NewSecretError(
      `${sops} --version did not answer within ${SOPS_VERSION_TIMEOUT_MS / 1000} s; is it sops?`,
    );
  }
  const m = /sops (\d+)\.(\d+)\.(\d+)/.exec(v.stdout ?? '');
  if (v.error || !m) {
    throw new NewSecretError(
      `${sops} --version did not answer like sops (${String(v.error ?? (v.stderr || v.stdout).trim())})`,
    );
  }
  const [maj, min] = [Number(m[1]), Number(m[2])];
  const [wantMaj, wantMin] = MIN_SOPS_VERSION.split('.').map(Number);
  if (maj < wantMaj || (maj === wantMaj && min < wantMin)) {
    throw new NewSecretError(`${sops} is sops ${m[1]}.${m[2]}.${m[3]}; secrets new needs ${MIN_SOPS_VERSION} or newer`);
  }
}

function formsOf(v: Buffer): string[] {
  const text = v.toString('utf8');
  return [text, v.toString('base64')].filter((f) => f.length > 0);
}

function redact(text: string, forms: readonly string[]): string {
  let out = text;
  for (const f of forms) if (f.length >= 4) out = out.split(f).join('<redacted>');
  return out;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function sortObject(o: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}
