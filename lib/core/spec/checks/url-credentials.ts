/**
 * No credentials in URL fields: a token in `gitops.repoUrl` (`https://user:token@`, `?access_token=`) or in
 * `proxmox.endpoint` would be copied into Argo CD Applications, Terraform JSON and CAPMOX's `PROXMOX_URL`, all of
 * them committed. Credentials come from a SOPS secret or a `TF_VAR_`.
 */
import { CREDENTIAL_QUERY_PARAMETER, findCredentials } from '../../credentials';
import type { Issue, SpecPath } from '../issue';
import type { PlatformConfig } from '../resolved';

interface UrlField {
  readonly path: SpecPath;
  readonly value: string;
  readonly fix: string;
}

const REPO_FIX =
  'remove it and give Argo CD the credential as a repository Secret: `talos-platform-cdk secrets new --preset ' +
  'argocd-repository` (docs/secrets.md)';
const PROXMOX_FIX = 'remove it: the API token comes from TF_VAR_proxmox_api_token and the CAPMOX credentials secret';

export function checkUrlCredentials(config: PlatformConfig): Issue[] {
  const { platform } = config;
  const fields: UrlField[] = [
    { path: ['gitops', 'repoUrl'], value: platform.gitops.repoUrl, fix: REPO_FIX },
    { path: ['proxmox', 'endpoint'], value: platform.proxmox.endpoint, fix: PROXMOX_FIX },
  ];
  return fields.flatMap((f) => {
    const problem = credentialIn(f.value);
    if (!problem) return [];
    return [
      {
        file: platform.sourceFile,
        path: f.path,
        rule: 'url-credentials',
        message: `the URL holds ${problem}, which would be written to committed output`,
        expected: 'a URL without user:password@, tokens or credential query parameters',
        hint: f.fix,
      },
    ];
  });
}

/** What credential a URL carries, or undefined. `ssh://git@host` and `git@host:org/repo` (a user, no secret) pass. */
export function credentialIn(value: string): string | undefined {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined; // scp-like `git@host:path`: no password part, but a token may still be pasted in
  }
  if (url?.password) return 'a password (user:password@)';
  if (url?.username && /^https?:$/.test(url.protocol)) return 'a user name or token before @ (https://user@)';
  for (const key of url?.searchParams.keys() ?? []) {
    if (CREDENTIAL_QUERY_PARAMETER.test(key)) return `the credential query parameter \`${key}\``;
  }
  const shaped = findCredentials(value)[0];
  return shaped?.shape.label;
}
