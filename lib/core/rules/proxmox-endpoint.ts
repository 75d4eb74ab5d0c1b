/**
 * The Proxmox API URL: scheme, host and port only. CAPMOX and bpg/proxmox append `/api2/json` themselves, so the spec
 * must not; any other path, a query or a fragment would be appended to as well. Plain `http` would send the API token
 * in clear text (Proxmox serves the API over TLS on 8006; `insecure: true` accepts its self-signed certificate).
 */
import type { RuleProblem } from './problem';

const EXPECTED = 'the base URL of the Proxmox API, like `https://pve.example.internal:8006`';
const API_PATH = /\/api2\/json\/?$/;

/** The endpoint of the Proxmox API must be `https://<host>[:<port>]`, nothing more (a trailing `/` is fine). */
export function proxmoxEndpointProblems(endpoint: string): RuleProblem[] {
  const problem = (rule: string, message: string, hint: string): RuleProblem[] => [
    { rule, message, expected: EXPECTED, hint },
  ];
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return problem('invalid-url', `\`${endpoint}\` is not a URL`, 'write the URL of the Proxmox web UI without a path');
  }
  if (!url.hostname)
    return problem('invalid-url', `\`${endpoint}\` is not a URL`, 'write the URL of the Proxmox web UI without a path');
  if (API_PATH.test(url.pathname)) {
    return problem(
      'endpoint-api-path',
      `\`${endpoint}\` ends in /api2/json`,
      `write \`${endpoint.replace(API_PATH, '')}\`: CAPMOX and the Terraform provider append /api2/json themselves`,
    );
  }
  if (url.protocol !== 'https:') {
    return problem(
      'endpoint-not-https',
      `\`${endpoint}\` is not https: the API token would cross the network in clear text`,
      `write \`https://${url.host}\` (set \`insecure: true\` for a self-signed certificate)`,
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || endpoint.endsWith('?')) {
    return problem(
      'endpoint-path',
      `\`${endpoint}\` has a path, query or fragment`,
      `write \`${url.protocol}//${url.host}\`: the providers append the API path themselves`,
    );
  }
  return [];
}
