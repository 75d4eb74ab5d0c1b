import { parseAllDocuments } from 'yaml';
import type { SopsRecipients } from './sops-policy';

/**
 * A value SOPS encrypted: `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<type>]` (getsops/sops `aes/cipher.go`).
 * `data:` is empty for an empty string.
 */
export const SOPS_ENCRYPTED_VALUE =
  /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:[a-z]+\]$/;

/** The Secret fields that hold values; `.sops.yaml` encrypts exactly these (`encrypted_regex: ^(data|stringData)$`). */
export const SECRET_VALUE_FIELDS = ['data', 'stringData'] as const;

/** What {@link inspectSopsSecret} found in a SOPS-encrypted Kubernetes Secret. */
export interface SopsSecretInspection {
  /** Every problem, as a sentence naming the field; empty when the file is a properly encrypted Secret. */
  readonly problems: readonly string[];
  /** `metadata.name`, if present. */
  readonly name?: string | undefined;
  /** `metadata.namespace`, if present. */
  readonly namespace?: string | undefined;
  /** Keys under `data` and `stringData` (names are not encrypted), sorted. */
  readonly keys: readonly string[];
  /** Recipients recorded in the `sops:` metadata block. */
  readonly recipients: SopsRecipients;
}

/**
 * Checks that `text` is one Kubernetes Secret encrypted by SOPS: a `sops:` block with `mac`, `lastmodified` and at
 * least one key group, and every `data`/`stringData` value an `ENC[AES256_GCM,...]` string. Never returns a value.
 */
export function inspectSopsSecret(text: string): SopsSecretInspection {
  const problems: string[] = [];
  const docs = parseAllDocuments(text).filter((d) => !(d.contents === null && d.errors.length === 0));
  const empty: SopsSecretInspection = { problems, keys: [], recipients: NO_RECIPIENTS };
  if (docs.length !== 1) {
    problems.push(`holds ${docs.length} YAML documents; expected exactly one Secret per file`);
    return empty;
  }
  const doc = docs[0];
  if (doc.errors.length > 0) {
    problems.push(`is not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
    return empty;
  }
  const obj: unknown = doc.toJS();
  if (!isRecord(obj)) {
    problems.push('is not a YAML mapping; expected a Kubernetes Secret');
    return empty;
  }
  if (obj.apiVersion !== 'v1' || obj.kind !== 'Secret') {
    problems.push(
      `is apiVersion "${String(obj.apiVersion)}" kind "${String(obj.kind)}"; expected apiVersion v1 kind Secret`,
    );
  }
  const metadata = isRecord(obj.metadata) ? obj.metadata : {};
  if (JSON.stringify(metadata).includes('ENC[AES256_GCM,')) {
    problems.push(
      'has encrypted metadata; only data and stringData may be encrypted (encrypted_regex: ^(data|stringData)$ in ' +
        '.sops.yaml), so the name and namespace stay readable',
    );
  }
  const keys: string[] = [];
  let valueCount = 0;
  for (const field of SECRET_VALUE_FIELDS) {
    const values = obj[field];
    if (values === undefined || values === null) continue;
    if (!isRecord(values)) {
      problems.push(`${field} is not a mapping`);
      continue;
    }
    for (const [key, value] of Object.entries(values)) {
      keys.push(key);
      valueCount++;
      if (typeof value !== 'string' || !SOPS_ENCRYPTED_VALUE.test(value)) {
        problems.push(`${field}.${key} is not encrypted (expected an ENC[AES256_GCM,...] value)`);
      }
    }
  }
  if (valueCount === 0) problems.push('has no data or stringData entries');
  const sops = obj.sops;
  let recipients = NO_RECIPIENTS;
  if (!isRecord(sops)) {
    problems.push('has no sops metadata block; it was not encrypted with sops');
  } else {
    if (typeof sops.mac !== 'string' || !SOPS_ENCRYPTED_VALUE.test(sops.mac)) {
      problems.push('sops.mac is missing or not an ENC[...] value');
    }
    if (sops.lastmodified === undefined || sops.lastmodified === '') problems.push('sops.lastmodified is missing');
    recipients = sopsRecipients(sops);
    if (Object.values(recipients).every((list) => list.length === 0)) {
      problems.push('sops metadata names no key group (age, pgp, kms, ...); nobody can decrypt it');
    }
  }
  return {
    problems,
    name: typeof metadata.name === 'string' ? metadata.name : undefined,
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
    keys: keys.sort(),
    recipients,
  };
}

/** True if a parsed Secret's `data`/`stringData` values are all SOPS-encrypted and it carries sops metadata. */
export function isSopsEncryptedSecret(secret: Record<string, unknown>): boolean {
  if (!isRecord(secret.sops)) return false;
  return SECRET_VALUE_FIELDS.every((field) => {
    const values = secret[field];
    if (values === undefined || values === null) return true;
    return (
      isRecord(values) && Object.values(values).every((v) => typeof v === 'string' && SOPS_ENCRYPTED_VALUE.test(v))
    );
  });
}

/** Recipients in a `sops:` metadata block, top level and inside `key_groups` (getsops/sops `stores/stores.go`). */
function sopsRecipients(sops: Record<string, unknown>): SopsRecipients {
  const blocks = [sops, ...(Array.isArray(sops.key_groups) ? sops.key_groups.filter(isRecord) : [])];
  const pick = (key: string, field: (k: Record<string, unknown>) => unknown): string[] =>
    blocks
      .flatMap((b) => (Array.isArray(b[key]) ? b[key] : []))
      .filter(isRecord)
      .map(field)
      .filter((x): x is string => typeof x === 'string' && x !== '');
  return {
    age: pick('age', (k) => k.recipient),
    pgp: pick('pgp', (k) => k.fp),
    kms: pick('kms', (k) => k.arn),
    gcpKms: pick('gcp_kms', (k) => k.resource_id),
    azureKeyVault: pick('azure_kv', (k) => `${String(k.vault_url)}/keys/${String(k.name)}/${String(k.version)}`),
    hcVault: pick(
      'hc_vault',
      (k) => `${String(k.vault_address)}/v1/${String(k.engine_path)}/keys/${String(k.key_name)}`,
    ),
  };
}

const NO_RECIPIENTS: SopsRecipients = { age: [], pgp: [], kms: [], gcpKms: [], azureKeyVault: [], hcVault: [] };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
