/** Any text file of the output: secret values from the environment, private keys, credential shapes, Secrets. */
import { findCredentials } from '../core/credentials';
import type { PlaintextFinding } from './plaintext-finding';
import { checkYamlSecrets } from './plaintext-secret-documents';

/** A secret value the guard looks for, in each form it may take in a file (raw, base64, JSON-escaped). */
export interface Needle {
  readonly source: string;
  readonly forms: readonly string[];
}

const KEY_MATERIAL_SHAPES = new Set(['age-secret-key', 'private-key']);
const PRIVATE_KEY_HEADER = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----/g;
const AGE_SECRET_KEY = /AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{20,}/;

/** Findings in one text file: secret values, private keys, known credential shapes, plaintext Secrets. */
export function scanText(file: string, text: string, needles: readonly Needle[], out: PlaintextFinding[]): void {
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

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
