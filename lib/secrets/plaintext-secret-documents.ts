/** Kubernetes Secrets in the output: every value must be SOPS-encrypted, or the Secret must say it holds none. */
import { parse as parseYaml } from 'yaml';
import type { PlaintextFinding } from './plaintext-finding';
import { SECRET_VALUE_FIELDS, isSopsEncryptedSecret } from './sops-file';

/** Annotation that exempts a Secret holding no secret values (e.g. an Argo CD cluster Secret with only name/server). */
export const NO_SENSITIVE_DATA_ANNOTATION = 'secrets.talos-platform-cdk.io/no-sensitive-data';

/** Findings for the unencrypted Secrets among the YAML documents of `text`; `context` says where it was embedded. */
export function checkYamlSecrets(file: string, text: string, context: string | undefined): PlaintextFinding[] {
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
