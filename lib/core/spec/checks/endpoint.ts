/**
 * The Proxmox API URL: scheme, host and port only. CAPMOX and bpg/proxmox append `/api2/json` themselves, so the spec
 * must not; any other path, a query or a fragment would be appended to as well. Plain `http` would send the API token
 * in clear text (Proxmox serves the API over TLS on 8006; `insecure: true` accepts its self-signed certificate).
 * Credentials in the URL are `url-credentials`.
 */
import { code } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

const PATH = ['proxmox', 'endpoint'];
const EXPECTED = 'the base URL of the Proxmox API, like `https://pve.example.internal:8006`';

export function checkEndpoint(config: PlatformConfig): Issue[] {
  const { endpoint } = config.platform.proxmox;
  const file = config.platform.sourceFile;
  const issue = (rule: string, message: string, hint?: string): Issue[] => [
    { file, path: PATH, rule, message, expected: EXPECTED, ...(hint && { hint }) },
  ];
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return issue('invalid-url', `${code(endpoint)} is not a URL`);
  }
  if (!url.hostname) return issue('invalid-url', `${code(endpoint)} is not a URL`);
  if (/\/api2\/json\/?$/.test(url.pathname)) {
    return issue(
      'endpoint-api-path',
      `${code(endpoint)} ends in /api2/json`,
      `write \`${endpoint.replace(/\/api2\/json\/?$/, '')}\`: CAPMOX and the Terraform provider append /api2/json themselves`,
    );
  }
  if (url.protocol !== 'https:') {
    return issue(
      'endpoint-not-https',
      `${code(endpoint)} is not https: the API token would cross the network in clear text`,
      `write \`https://${url.host}\` (set \`insecure: true\` for a self-signed certificate)`,
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || endpoint.endsWith('?')) {
    return issue(
      'endpoint-path',
      `${code(endpoint)} has a path, query or fragment`,
      `write \`${url.protocol}//${url.host}\`: the providers append the API path themselves`,
    );
  }
  return [];
}
