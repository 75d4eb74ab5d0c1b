import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import { readRegularFile } from '../core/read-regular-file';
import { DNS_1123_LABEL_PATTERN, DNS_1123_SUBDOMAIN_PATTERN } from '../core/rules/facts';
import { GitOpsFile } from '../core/synth/gitops-file';
import type * as EsoBindings from '../../imports/k8s/external-secrets.io';
import { KsopsKustomization } from './ksops-kustomization';
import { renderKsopsGenerator } from './ksops';
import { DEFAULT_ESO_REFRESH_INTERVAL, SecretDelivery } from './secret-delivery';
import { SECRET_PRESETS } from './presets';
import { SecretTodos } from './secret-todos';
import { inspectSopsSecret } from './sops-file';
import { PLACEHOLDER_AGE_RECIPIENT, SopsPolicy, recipientList } from './sops-policy';

/** Context key a stack can set on the app to tell every {@link SopsSecret} where the repository root is. */
export const REPO_ROOT_CONTEXT = 'talos-platform-cdk:repoRoot';

/**
 * Context key: `engine` when the GitOps engine decrypts SOPS files itself (Flux `spec.decryption`), so the encrypted
 * copy is listed as a plain resource of the folder's kustomization instead of behind a KSOPS generator. Set on a scope
 * before its SopsSecrets are added. Default: KSOPS (Argo CD's repo-server).
 */
export const SOPS_DECRYPTION_CONTEXT = 'talos-platform-cdk:sopsDecryption';

/** Source folder of the encrypted files (matches the `.sops.yaml` creation rule `(^|/)platform/secrets/...`). */
export const DEFAULT_SECRETS_SOURCE_DIR = 'platform/secrets';

/** Folder of the GitOps tree the encrypted copies, their KSOPS generators and the kustomization land in. */
export const DEFAULT_SECRETS_OUTPUT_DIR = 'platform/secrets';

/** Props of a {@link SopsSecret}. */
export interface SopsSecretProps {
  /** Name of the Kubernetes Secret (`metadata.name` of the encrypted file). */
  readonly name: string;
  /** Namespace of the Secret (`metadata.namespace` of the encrypted file). */
  readonly namespace: string;
  /**
   * The SOPS-encrypted Secret manifest, relative to the repository root, under `platform/secrets/` (or an app-local
   * `secrets/` folder) so that a `.sops.yaml` creation rule covers it.
   * @default - `platform/secrets/<name>.sops.yaml`
   */
  readonly file?: string | undefined;
  /**
   * Folder of the GitOps tree (relative to `dist/`) the encrypted copy, its KSOPS generator and the folder's
   * `kustomization.yaml` are written to. Point an Argo CD Application (kustomize) at it.
   * @default "platform/secrets"
   */
  readonly outputDirectory?: string | undefined;
  /**
   * Repository root: where `.sops.yaml` is and `file` is relative to.
   * @default - the app context `talos-platform-cdk:repoRoot`, else the working directory
   */
  readonly repoRoot?: string | undefined;
  /**
   * How the Secret reaches the cluster.
   * @default SecretDelivery.ksops()
   */
  readonly delivery?: SecretDelivery | undefined;
}

/**
 * A reference to a SOPS-encrypted Kubernetes Secret kept in the repository (never re-encrypted at synth).
 *
 * With KSOPS (default) it checks, at synth, that the file is a Secret really encrypted by SOPS (`sops` metadata with
 * `mac`, `lastmodified` and a key group; every `data`/`stringData` value `ENC[AES256_GCM,...]`), for the recipients
 * `.sops.yaml` names for its path, with the `name`/`namespace` given here; then copies it byte for byte into the
 * GitOps tree next to a KSOPS generator and lists the generator in the folder's `kustomization.yaml`.
 *
 * A file that does not exist yet is not an error: it becomes a `TODO(secrets)` item (see {@link SecretTodos}); no
 * generator is written for it and the rest of the tree still synthesizes. The same for a `.sops.yaml` that still names
 * the placeholder recipient.
 *
 * With `SecretDelivery.externalSecrets(...)` it writes an `ExternalSecret` instead (the scope must be inside a chart).
 *
 * @example
 * import { App } from 'cdk8s';
 * import { REPO_ROOT_CONTEXT, SopsSecret } from 'talos-platform-cdk/secrets';
 *
 * const app = new App();
 * app.node.setContext(REPO_ROOT_CONTEXT, '/path/to/repo'); // or the repoRoot prop; default: the working directory
 * // Copies platform/secrets/capmox-credentials.sops.yaml (checked, never decrypted) to dist/platform/secrets/,
 * // next to its KSOPS generator and the folder's kustomization.yaml.
 * const secret = new SopsSecret(app, 'CapmoxCredentials', { name: 'capmox-credentials', namespace: 'capmox-system' });
 * if (!secret.present) console.log(`${secret.file} does not exist yet: a TODO(secrets) item`);
 */
export class SopsSecret extends Construct {
  /** Name of the Secret. */
  public readonly secretName: string;
  /** Namespace of the Secret. */
  public readonly namespace: string;
  /** Repository-relative path of the encrypted file. */
  public readonly file: string;
  /** Folder of the GitOps tree the KSOPS files go to. */
  public readonly outputDirectory: string;
  /** Path of the encrypted copy in the GitOps tree (KSOPS), e.g. `platform/secrets/capmox-credentials.sops.yaml`. */
  public readonly outputPath: string;
  /** Path of the KSOPS generator in the GitOps tree. */
  public readonly generatorPath: string;
  /** True if the encrypted file exists (KSOPS) or delivery does not need it (External Secrets). */
  public readonly present: boolean;
  /** The `ExternalSecret`, with External Secrets delivery. */
  public readonly externalSecret?: ApiObject;

  public constructor(scope: Construct, id: string, props: SopsSecretProps) {
    super(scope, id);
    checkName(this, 'name', props.name, DNS_1123_SUBDOMAIN_PATTERN, 'a DNS-1123 subdomain, e.g. "capmox-credentials"');
    checkName(this, 'namespace', props.namespace, DNS_1123_LABEL_PATTERN, 'a DNS-1123 label, e.g. "capmox-system"');
    this.secretName = props.name;
    this.namespace = props.namespace;
    this.file = normalizeRelPath(this, 'file', props.file ?? `${DEFAULT_SECRETS_SOURCE_DIR}/${props.name}.sops.yaml`);
    if (!/\.ya?ml$/.test(this.file)) {
      throw new Error(
        `${this.node.path}: file "${this.file}" must end in .yaml or .yml (KSOPS and sops pick the format from the ` +
          'extension); e.g. "platform/secrets/capmox-credentials.sops.yaml"',
      );
    }
    this.outputDirectory = normalizeRelPath(
      this,
      'outputDirectory',
      props.outputDirectory ?? DEFAULT_SECRETS_OUTPUT_DIR,
    );
    const base = path.posix.basename(this.file);
    this.outputPath = `${this.outputDirectory}/${base}`;
    this.generatorPath = `${this.outputDirectory}/${base.replace(/(\.sops)?\.ya?ml$/, '')}.ksops.yaml`;

    const delivery = props.delivery ?? SecretDelivery.ksops();
    const eso = delivery.externalSecretsOptions;
    if (eso) {
      this.externalSecret = this.addExternalSecret(eso);
      this.present = true;
      return;
    }

    const repoRoot = path.resolve(props.repoRoot ?? (this.node.tryGetContext(REPO_ROOT_CONTEXT) as string) ?? '.');
    const errors: string[] = [];
    this.node.addValidation({ validate: () => errors });
    const todos = SecretTodos.of(this);
    const policy = loadPolicy(this, repoRoot);
    const rule = policy?.ruleFor(this.file);
    const placeholder = policy?.hasPlaceholderRecipient(this.file) ?? false;
    if (!policy) {
      todos.add({
        title: `.sops.yaml does not exist in ${repoRoot}, so nothing says who can decrypt ${this.file}`,
        fix: 'add .sops.yaml with a creation rule for platform/secrets/ and your age public key (docs/secrets.md)',
        constructPath: this.node.path,
        file: '.sops.yaml',
      });
    } else if (!rule) {
      errors.push(
        `${this.file} is not covered by any creation rule in ${policy.source}; expected a path under ` +
          'platform/secrets/ or an app-local secrets/ folder. Move the file there, or add a creation_rules entry ' +
          'whose path_regex matches it.',
      );
    } else if (placeholder) {
      todos.add({
        title: `.sops.yaml creation rule ${rule.index} still names the placeholder recipient ${PLACEHOLDER_AGE_RECIPIENT}`,
        fix:
          'age-keygen -o ~/.config/sops/age/keys.txt, then put the printed public key (age1...) in .sops.yaml ' +
          'in place of the placeholder',
        constructPath: this.node.path,
        file: '.sops.yaml',
      });
    }

    const abs = path.join(repoRoot, ...this.file.split('/'));
    // Never blocks (a FIFO in platform/secrets/ would hang synth) and never copies a link out of the repository.
    const read = readEncryptedFile(repoRoot, abs);
    if ('problem' in read) {
      this.present = false;
      errors.push(`${this.file} ${read.problem}`);
      return;
    }
    const bytes = read.bytes;
    const kustomization = KsopsKustomization.forDirectory(this, this.outputDirectory);
    if (!bytes) {
      this.present = false;
      todos.add({
        title: `${this.file} does not exist (Secret ${this.namespace}/${this.secretName} is not delivered)`,
        fix: newSecretCommand(this.secretName, this.namespace, this.file),
        constructPath: this.node.path,
        file: this.file,
      });
      return;
    }
    this.present = true;

    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) {
      errors.push(`${this.file} is not UTF-8 text; expected a YAML file written by sops. Re-create it with sops.`);
      return;
    }
    const found = inspectSopsSecret(text);
    const fix =
      `Re-create it with \`talos-platform-cdk secrets new ${this.secretName} --namespace ${this.namespace} ... ` +
      `--out ${this.file}\` or encrypt it in place with \`sops encrypt --in-place ${this.file}\`.`;
    for (const problem of found.problems) errors.push(`${this.file} ${problem}. ${fix}`);
    if (found.name !== undefined && found.name !== this.secretName) {
      errors.push(
        `${this.file} has metadata.name "${found.name}"; expected "${this.secretName}" (the name this reference ` +
          'gives). Change the reference, or the name in the file (metadata is not encrypted; `sops edit` keeps the mac valid).',
      );
    }
    if (found.namespace !== this.namespace) {
      errors.push(
        `${this.file} has metadata.namespace "${found.namespace ?? ''}"; expected "${this.namespace}". Change the ` +
          'reference, or the namespace in the file with `sops edit`.',
      );
    }
    if (rule && !placeholder && found.problems.length === 0) {
      const have = recipientList(found.recipients);
      const want = recipientList(rule.recipients);
      if (have.join(',') !== want.join(',')) {
        errors.push(
          `${this.file} is encrypted for [${have.join(', ')}]; ${policy!.source} creation rule ${rule.index} names ` +
            `[${want.join(', ')}]. Run \`sops updatekeys ${this.file}\` (with a key that can decrypt it), then synth again.`,
        );
      }
    }
    if (found.problems.length > 0) return; // never copy a file that is not encrypted

    new GitOpsFile(this, 'Resource', { outputPath: this.outputPath, content: text });
    if (this.node.tryGetContext(SOPS_DECRYPTION_CONTEXT) === 'engine') {
      kustomization.addResource(base);
      return;
    }
    new GitOpsFile(this, 'Generator', {
      outputPath: this.generatorPath,
      content: renderKsopsGenerator(`ksops-${this.namespace}-${this.secretName}`, [`./${base}`]),
    });
    kustomization.addGenerator(path.posix.basename(this.generatorPath));
  }

  private addExternalSecret(eso: NonNullable<SecretDelivery['externalSecretsOptions']>): ApiObject {
    if (!findChart(this)) {
      throw new Error(
        `${this.node.path}: External Secrets delivery writes an ExternalSecret, so the SopsSecret must be inside a ` +
          'cdk8s Chart (e.g. a GitOpsChart); got a scope outside any chart.',
      );
    }
    // Loaded only here: the generated binding is large and KSOPS delivery never needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bindings = require('../../imports/k8s/external-secrets.io') as typeof EsoBindings;
    return new bindings.ExternalSecret(this, 'Resource', {
      metadata: { name: this.secretName, namespace: this.namespace },
      spec: {
        refreshInterval: eso.refreshInterval ?? DEFAULT_ESO_REFRESH_INTERVAL,
        secretStoreRef: {
          name: eso.storeName,
          kind: eso.namespacedStore
            ? bindings.ExternalSecretSpecSecretStoreRefKind.SECRET_STORE
            : bindings.ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE,
        },
        target: {
          name: this.secretName,
          creationPolicy: bindings.ExternalSecretSpecTargetCreationPolicy.OWNER,
        },
        dataFrom: [{ extract: { key: eso.remoteKey ?? `${this.namespace}/${this.secretName}` } }],
      },
    });
  }
}

/** The `secrets new` command that creates the file: with a matching preset, the preset. */
function newSecretCommand(name: string, namespace: string, file: string): string {
  const preset = Object.values(SECRET_PRESETS).find((p) => p.name === name && p.namespace === namespace);
  const out = file === `${DEFAULT_SECRETS_SOURCE_DIR}/${name}.sops.yaml` ? '' : ` --out ${file}`;
  if (preset) {
    const env = Object.values(preset.fromEnv)
      .map((v) => `${v}=...`)
      .join(' ');
    return `${env} talos-platform-cdk secrets new --preset ${preset.id}${out}`;
  }
  return `talos-platform-cdk secrets new ${name} --namespace ${namespace} --from-env KEY=ENV_VAR ...${out}`;
}

function checkName(c: IConstruct, prop: string, value: string, re: RegExp, expected: string): void {
  if (!re.test(value)) throw new Error(`${c.node.path}: ${prop} "${value}" is not valid; expected ${expected}`);
}

function normalizeRelPath(c: IConstruct, prop: string, value: string): string {
  const p = value.split(path.sep).join('/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (p === '' || p.startsWith('/') || p.split('/').includes('..') || /^[A-Za-z]:/.test(p)) {
    throw new Error(
      `${c.node.path}: ${prop} "${value}" must be a relative path inside the repository, e.g. "platform/secrets"`,
    );
  }
  return p;
}

function findChart(c: IConstruct): Chart | undefined {
  for (let s: IConstruct | undefined = c; s; s = s.node.scope) if (Chart.isChart(s)) return s;
  return undefined;
}

/** `.sops.yaml` is read once per repository root and app. */
function loadPolicy(scope: IConstruct, repoRoot: string): SopsPolicy | undefined {
  const root = scope.node.root as unknown as Record<symbol, Map<string, SopsPolicy | undefined> | undefined>;
  let cache = root[POLICY_CACHE];
  if (!cache) {
    cache = new Map();
    Object.defineProperty(root, POLICY_CACHE, { value: cache, enumerable: false });
  }
  if (!cache.has(repoRoot)) cache.set(repoRoot, SopsPolicy.load(repoRoot));
  return cache.get(repoRoot);
}

const POLICY_CACHE = Symbol.for('talos-platform-cdk.SopsPolicyCache');

/** An encrypted Secret of the largest size Kubernetes accepts (1 MiB) is about 1.4 MiB; anything past this is not one. */
const MAX_ENCRYPTED_SECRET_BYTES = 4 * 1024 * 1024;

/** The bytes of an encrypted file under `repoRoot` (undefined when it does not exist yet), or why it is refused. */
function readEncryptedFile(repoRoot: string, abs: string): { bytes: Buffer | undefined } | { problem: string } {
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    if (!fs.existsSync(abs) && !isLink(abs)) return { bytes: undefined };
    return { problem: 'is a symbolic link that does not resolve. Point it at the encrypted file, or replace it' };
  }
  const root = fs.realpathSync(repoRoot);
  if (!real.startsWith(root + path.sep)) {
    return {
      problem: 'is a symbolic link out of the repository; it is not followed. Commit the encrypted file itself',
    };
  }
  const read = readRegularFile(real, MAX_ENCRYPTED_SECRET_BYTES);
  if ('bytes' in read) return { bytes: read.bytes };
  const why = read.unreadable;
  if (why.kind === 'missing') return { bytes: undefined };
  if (why.kind === 'not-regular')
    return { problem: 'is not a regular file (a FIFO, socket or device). Replace it with the encrypted file' };
  if (why.kind === 'too-large')
    return { problem: `has ${why.size} bytes, more than an encrypted Secret can (${MAX_ENCRYPTED_SECRET_BYTES})` };
  return { problem: `cannot be read (${why.code})` };
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
