/**
 * Every text of a spec document, keys included: no control characters (they corrupt terminals, YAML output and
 * Kubernetes names alike) and nothing credential-shaped (a token pasted as a label value reaches the Cluster object
 * and the committed Argo CD cluster Secret). URL fields are left to `url-credentials`, which explains the fix for
 * each. Runs on the document before resolving, once per value: linear in the file size.
 */
import { findCredentials } from '../../credentials';
import type { Issue, PathSegment } from '../issue';

/** Fields `url-credentials` checks with URL-specific advice. */
const URL_FIELDS = new Set(['proxmox.endpoint', 'gitops.repoUrl']);

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export function checkTextValues(file: string, data: unknown): Issue[] {
  const issues: Issue[] = [];
  const visit = (value: unknown, at: PathSegment[]): void => {
    if (typeof value === 'string') {
      check(value, at, 'value');
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...at, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        check(k, [...at, k], 'key');
        visit(v, [...at, k]);
      }
    }
  };
  const check = (text: string, at: PathSegment[], where: 'key' | 'value'): void => {
    const control = CONTROL.exec(text);
    if (control) {
      const n = control[0].codePointAt(0) ?? 0;
      issues.push({
        file,
        path: at,
        at: where,
        rule: 'control-character',
        message: `the ${where} holds the control character U+${n.toString(16).toUpperCase().padStart(4, '0')}`,
        expected: 'printable text (tabs and newlines only in block scalars)',
        hint: 'retype it: control characters usually come from a paste or a terminal escape sequence',
      });
      return;
    }
    if (where === 'value' && URL_FIELDS.has(at.join('.'))) return;
    const credential = findCredentials(text)[0];
    if (credential) {
      issues.push({
        file,
        path: at,
        at: where,
        rule: 'credential-in-spec',
        message: `the ${where} looks like ${credential.shape.label}; spec files are committed and copied into output`,
        expected: 'no credentials in the spec',
        hint:
          'remove it and revoke it if it was pushed; secrets go into SOPS files (`talos-platform-cdk secrets new`) ' +
          'or TF_VAR_ variables (docs/secrets.md)',
      });
    }
  };
  visit(data, []);
  return issues;
}
