import * as path from 'path';
import { RE2JS } from 're2js';
import { parse as parseYaml } from 'yaml';
import { readTextIfExists } from '../core/read-text-if-exists';

/** File name SOPS looks for, walking up from the working directory (getsops/sops `config.LookupConfigFile`). */
export const SOPS_CONFIG_FILE = '.sops.yaml';

/**
 * The placeholder age recipient this project ships in `.sops.yaml` until a user puts their own public key there.
 * It is not a valid age recipient, so `sops` refuses to encrypt to it (the intended failure).
 */
export const PLACEHOLDER_AGE_RECIPIENT = 'age1REPLACE_WITH_PUBLIC_KEY';

/** The keys SOPS encrypts in every Secret this project writes: values only, so the rest stays reviewable. */
export const SECRET_ENCRYPTED_REGEX = '^(data|stringData)$';

/** Who can decrypt a file: one entry per key kind, as `.sops.yaml` and the `sops:` metadata block name them. */
export interface SopsRecipients {
  /** age public keys (`age1...`). */
  readonly age: readonly string[];
  /** PGP fingerprints. */
  readonly pgp: readonly string[];
  /** AWS KMS ARNs. */
  readonly kms: readonly string[];
  /** GCP KMS resource ids. */
  readonly gcpKms: readonly string[];
  /** Azure Key Vault key URLs (`<vaultUrl>/keys/<name>/<version>` in `.sops.yaml`). */
  readonly azureKeyVault: readonly string[];
  /** HashiCorp Vault transit URIs. */
  readonly hcVault: readonly string[];
}

/** One `creation_rules` entry of `.sops.yaml`, normalized. */
export interface SopsCreationRule {
  /** 0-based position in `creation_rules` (SOPS uses the first rule whose `path_regex` matches). */
  readonly index: number;
  /** `path_regex` as written; empty matches every file. */
  readonly pathRegex: string;
  /** `encrypted_regex`, if the rule sets one. */
  readonly encryptedRegex?: string | undefined;
  /** Every recipient the rule names, over all key groups. */
  readonly recipients: SopsRecipients;
}

/**
 * The SOPS creation rules of a repository: which files must be encrypted, and to whom.
 *
 * Matching follows `sops` (getsops/sops `config.parseCreationRuleForFile`): the path is taken relative to the folder
 * of `.sops.yaml`, and the first rule whose `path_regex` matches wins (a rule without `path_regex` matches all).
 * `path_regex` is a Go RE2 expression (`regexp.Compile` + `MatchString`, unanchored) and is compiled with re2js, a
 * port of RE2: the same syntax (inline flags such as `(?i)`, no backreferences or lookaround) and matching in time
 * linear in the path, so a rule like `(a+)+$` cannot hang `secrets check`.
 */
export class SopsPolicy {
  /**
   * Reads `<repoRoot>/.sops.yaml`. Returns undefined when the file does not exist; throws with the file name when it
   * is not valid YAML or a `path_regex` does not compile.
   */
  public static load(repoRoot: string): SopsPolicy | undefined {
    const file = path.join(repoRoot, SOPS_CONFIG_FILE);
    const text = readTextIfExists(file);
    return text === undefined ? undefined : SopsPolicy.fromYaml(text, file);
  }

  /** Parses the text of a `.sops.yaml`; `source` names it in errors. */
  public static fromYaml(text: string, source: string = SOPS_CONFIG_FILE): SopsPolicy {
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (err) {
      throw new Error(`${source}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
    }
    const rawRules = isRecord(doc) ? doc.creation_rules : undefined;
    if (rawRules !== undefined && !Array.isArray(rawRules)) {
      throw new Error(`${source}: creation_rules must be a list, got ${typeof rawRules}`);
    }
    const rules = (rawRules ?? []).map((raw: unknown, index: number) => toRule(raw, index, source));
    return new SopsPolicy(source, rules);
  }

  private readonly matchers: readonly RE2JS[];

  private constructor(
    /** Where the policy was read from. */
    public readonly source: string,
    /** The creation rules, in file order. */
    public readonly rules: readonly SopsCreationRule[],
  ) {
    this.matchers = rules.map((r) => compileRe2(r.pathRegex, `${source}: creation_rules[${r.index}].path_regex`));
  }

  /** The rule SOPS applies to `relPath` (relative to the repository root, `/`-separated), or undefined. */
  public ruleFor(relPath: string): SopsCreationRule | undefined {
    const p = toPosix(relPath);
    const i = this.matchers.findIndex((re, idx) => this.rules[idx].pathRegex === '' || re.matcher(p).find());
    return i < 0 ? undefined : this.rules[i];
  }

  /** The recipients SOPS encrypts `relPath` to; every list empty when no rule covers it. */
  public recipientsFor(relPath: string): SopsRecipients {
    return this.ruleFor(relPath)?.recipients ?? EMPTY_RECIPIENTS;
  }

  /**
   * True if the rule for `relPath` (or, without `relPath`, any rule) still names the placeholder age recipient, i.e.
   * the user has not put their own public key in `.sops.yaml` yet.
   */
  public hasPlaceholderRecipient(relPath?: string): boolean {
    const rules = relPath === undefined ? this.rules : [this.ruleFor(relPath)].filter((r) => r !== undefined);
    return rules.some((r) => r.recipients.age.some(isPlaceholderRecipient));
  }
}

/** True for the shipped placeholder and anything else that is obviously not a real age recipient. */
export function isPlaceholderRecipient(recipient: string): boolean {
  return recipient === PLACEHOLDER_AGE_RECIPIENT || /REPLACE|CHANGE_?ME|PLACEHOLDER/i.test(recipient);
}

/** Recipients as sorted `kind:value` strings, for comparisons and messages. */
export function recipientList(r: SopsRecipients): string[] {
  const out: string[] = [];
  for (const [kind, values] of Object.entries(r) as [keyof SopsRecipients, readonly string[]][]) {
    for (const v of values) out.push(`${KIND_LABEL[kind]}:${v}`);
  }
  return [...new Set(out)].sort();
}

const KIND_LABEL: Record<keyof SopsRecipients, string> = {
  age: 'age',
  pgp: 'pgp',
  kms: 'kms',
  gcpKms: 'gcp_kms',
  azureKeyVault: 'azure_kv',
  hcVault: 'hc_vault',
};

const EMPTY_RECIPIENTS: SopsRecipients = { age: [], pgp: [], kms: [], gcpKms: [], azureKeyVault: [], hcVault: [] };

function toRule(raw: unknown, index: number, source: string): SopsCreationRule {
  if (!isRecord(raw)) throw new Error(`${source}: creation_rules[${index}] must be a mapping`);
  const where = `${source}: creation_rules[${index}]`;
  const pathRegex = raw.path_regex === undefined ? '' : String(raw.path_regex);
  const groups = Array.isArray(raw.key_groups) ? raw.key_groups.filter(isRecord) : [];
  const collect = (flat: unknown, groupKey: string, pick: (x: unknown) => string | undefined): string[] => {
    const fromGroups = groups.flatMap((g) => listOf(g[groupKey]).map(pick));
    return [...keyList(flat, `${where}`), ...fromGroups].filter((x): x is string => !!x);
  };
  const recipients: SopsRecipients = {
    age: collect(raw.age, 'age', str),
    pgp: collect(raw.pgp, 'pgp', str),
    kms: collect(raw.kms, 'kms', (k) => (isRecord(k) ? str(k.arn) : str(k))),
    gcpKms: collect(raw.gcp_kms, 'gcp_kms', (k) => (isRecord(k) ? str(k.resource_id) : str(k))),
    azureKeyVault: collect(raw.azure_keyvault, 'azure_keyvault', (k) =>
      isRecord(k) ? `${str(k.vaultUrl)}/keys/${str(k.key)}/${str(k.version)}` : str(k),
    ),
    hcVault: collect(raw.hc_vault_transit_uri, 'hc_vault', str),
  };
  return {
    index,
    pathRegex,
    encryptedRegex: raw.encrypted_regex === undefined ? undefined : String(raw.encrypted_regex),
    recipients,
  };
}

/** A `.sops.yaml` key field: a comma-separated string or a list (getsops/sops `parseKeyField`). */
function keyList(field: unknown, where: string): string[] {
  if (field === undefined || field === null) return [];
  if (typeof field === 'string')
    return field
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(field)) return field.map((x) => String(x).trim()).filter(Boolean);
  throw new Error(`${where}: a key field must be a string or a list, got ${typeof field}`);
}

function listOf(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x.trim() : undefined;
}

/** Longest `path_regex` accepted: real rules are a few dozen characters; this bounds compile time and memory. */
const MAX_PATH_REGEX_LENGTH = 1000;

/** Compiles a Go RE2 `path_regex` as sops does; what Go's RE2 refuses (lookaround, backreferences) is refused too. */
function compileRe2(source: string, where: string): RE2JS {
  if (source.length > MAX_PATH_REGEX_LENGTH) {
    throw new Error(`${where} is ${source.length} characters long; at most ${MAX_PATH_REGEX_LENGTH} are accepted`);
  }
  try {
    return RE2JS.compile(source);
  } catch (err) {
    throw new Error(`${where}: "${source}" is not an RE2 expression as sops reads it (${(err as Error).message})`);
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/').replace(/^\.\//, '');
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
