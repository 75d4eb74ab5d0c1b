/** The Proxmox API URL: CAPMOX and bpg/proxmox append `/api2/json` themselves, so the spec must not. */
import { code } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

const PATH = ['proxmox', 'endpoint'];

export function checkEndpoint(config: PlatformConfig): Issue[] {
  const { endpoint } = config.platform.proxmox;
  const file = config.platform.sourceFile;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return [
      {
        file,
        path: PATH,
        rule: 'invalid-url',
        message: `${code(endpoint)} is not a URL`,
        expected: 'a URL like `https://pve.example.internal:8006`',
      },
    ];
  }
  if (/\/api2\/json\/?$/.test(url.pathname)) {
    const fixed = endpoint.replace(/\/api2\/json\/?$/, '');
    return [
      {
        file,
        path: PATH,
        rule: 'endpoint-api-path',
        message: `${code(endpoint)} ends in /api2/json`,
        expected: 'the base URL of the Proxmox API',
        hint: `write \`${fixed}\`: CAPMOX and the Terraform provider append /api2/json themselves`,
      },
    ];
  }
  return [];
}
