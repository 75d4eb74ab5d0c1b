/**
 * Shapes of credentials as they get pasted where they do not belong (a URL, a label, a commit), and the two things
 * done with them: the plaintext guard fails a synth that would write one, and messages mask them before printing.
 * Prefixes follow each vendor's documented token format (GitHub `ghp_`/`github_pat_`, GitLab `glpat-`, Slack `xox?-`,
 * AWS `AKIA`/`ASIA`, Proxmox `PVEAPIToken=`), so ordinary output (digests, schematic ids) does not match.
 */

/** One credential shape: `pattern` finds it (global), `keep` is how many leading characters a masked form shows. */
export interface CredentialShape {
  readonly id: string;
  /** What it is, for messages. */
  readonly label: string;
  readonly pattern: RegExp;
  readonly keep: number;
  /**
   * Text that every match of `pattern` contains, each of these, exactly as written (for a case-insensitive pattern,
   * only characters that have no case). A text that lacks one cannot match, so the pattern is not run on it: the
   * guard scans every output file and the spec checks every spec string, and most hold none of these.
   */
  readonly literals: readonly string[];
}

/** Query parameter names that carry a credential (`?access_token=`, `&X-Amz-Signature=`, `?private_token=`). */
export const CREDENTIAL_QUERY_PARAMETER =
  /^(access[_-]?token|auth[_-]?token|private[_-]?token|token|api[_-]?key|apikey|key|secret|client[_-]?secret|password|passwd|pass|pwd|auth|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|code)$/i;

export const CREDENTIAL_SHAPES: readonly CredentialShape[] = [
  {
    id: 'github-token',
    label: 'a GitHub token',
    pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g,
    keep: 4,
    literals: ['gh', '_'],
  },
  {
    id: 'github-pat',
    label: 'a GitHub fine-grained token',
    pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}\b/g,
    keep: 11,
    literals: ['github_pat_'],
  },
  {
    id: 'gitlab-token',
    label: 'a GitLab token',
    pattern: /\bgl(?:pat|dt|rt|ptt|ft|soat|cbt|imt|oas)-[A-Za-z0-9_-]{20,255}/g,
    keep: 6,
    literals: ['gl', '-'],
  },
  {
    id: 'slack-token',
    label: 'a Slack token',
    pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,255}/g,
    keep: 5,
    literals: ['xox', '-'],
  },
  {
    id: 'slack-webhook',
    label: 'a Slack webhook URL',
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]{16,}/g,
    keep: 32,
    literals: ['https://hooks.slack.com/services/T'],
  },
  {
    id: 'aws-access-key',
    label: 'an AWS access key id',
    pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
    keep: 4,
    literals: ['IA'],
  },
  {
    id: 'aws-secret-key',
    label: 'an AWS secret access key',
    pattern: /aws_secret_access_key["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/gi,
    keep: 22,
    literals: ['_'],
  },
  {
    id: 'proxmox-api-token',
    label: 'a Proxmox API token',
    pattern: /PVEAPIToken=[^\s"'=]+=[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}/g,
    keep: 12,
    literals: ['PVEAPIToken=', '-'],
  },
  {
    id: 'jwt',
    label: 'a JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    keep: 3,
    literals: ['eyJ', '.'],
  },
  {
    id: 'age-secret-key',
    label: 'an age private key',
    pattern: /AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{20,}/g,
    keep: 15,
    literals: ['AGE-SECRET-KEY-1'],
  },
  {
    id: 'private-key',
    label: 'a PEM private key',
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\\n]*[A-Za-z0-9+/=]{16,}/g,
    keep: 0,
    literals: ['-----BEGIN ', 'PRIVATE KEY-----'],
  },
  {
    id: 'url-password',
    label: 'a URL with a password',
    pattern: /\b[a-z][a-z0-9+.-]{1,15}:\/\/[^\s/?#@:"'`]+:[^\s/?#@"'`]+@/gi,
    keep: 0,
    literals: ['://', '@'],
  },
  {
    id: 'url-query-credential',
    label: 'a URL with a credential in its query',
    pattern:
      /[?&](?:access[_-]?token|auth[_-]?token|private[_-]?token|token|api[_-]?key|apikey|client[_-]?secret|secret|password|passwd|x-amz-signature|x-amz-credential|x-amz-security-token)=[^&\s"'#`]{6,}/gi,
    keep: 0,
    literals: ['='],
  },
];

/** A finding of {@link findCredentials}: the shape and where it starts. */
export interface CredentialMatch {
  readonly shape: CredentialShape;
  readonly index: number;
}

/**
 * Every credential-shaped substring of `text`, in order. Linear: each pattern is anchored on a literal prefix, and
 * runs only on a text that holds all of its {@link CredentialShape.literals}.
 */
export function findCredentials(text: string): CredentialMatch[] {
  const out: CredentialMatch[] = [];
  for (const shape of CREDENTIAL_SHAPES) {
    if (!mayMatch(shape, text)) continue;
    shape.pattern.lastIndex = 0;
    for (let m = shape.pattern.exec(text); m; m = shape.pattern.exec(text)) out.push({ shape, index: m.index });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** False when `text` lacks one of the shape's literals, so that its pattern cannot match. */
function mayMatch(shape: CredentialShape, text: string): boolean {
  for (const literal of shape.literals) if (!text.includes(literal)) return false;
  return true;
}

/** `text` with every credential-shaped part masked: `ghp_***`, `https://***@`, `?access_token=***`. */
export function maskCredentials(text: string): string {
  let out = text;
  for (const shape of CREDENTIAL_SHAPES) {
    if (!mayMatch(shape, out)) continue;
    out = out.replace(shape.pattern, (found) => {
      if (shape.id === 'url-password') return found.replace(/\/\/[^@]*@$/, '//***@');
      if (shape.id === 'url-query-credential') return found.replace(/=.*$/, '=***');
      if (shape.id === 'private-key') return found.replace(/-----[\s\\n]*[A-Za-z0-9+/=]+$/, '-----***');
      return `${found.slice(0, shape.keep)}***`;
    });
  }
  return out;
}

/**
 * `text` safe for a terminal or a CI log: control characters (C0, DEL, C1), bidirectional overrides and line/paragraph
 * separators escaped as `\xNN`/`\u{NNNN}`, so input bytes cannot move the cursor, recolor, or hide text. Newlines too:
 * one message stays one line.
 */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (c) => {
    const n = c.codePointAt(0) ?? 0;
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
  });
}

/** Both: what every message that may quote input goes through before it is printed. */
export function safeForDisplay(text: string): string {
  return escapeControlCharacters(maskCredentials(text));
}
