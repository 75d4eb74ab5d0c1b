/**
 * The Proxmox API URL (`proxmoxEndpointProblems` in lib/core/rules says what it must look like). Credentials in the
 * URL are `url-credentials`.
 */
import { proxmoxEndpointProblems } from '../../rules/proxmox-endpoint';
import { issuesAt } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkEndpoint(config: PlatformConfig): Issue[] {
  const { platform } = config;
  return issuesAt(platform.sourceFile, ['proxmox', 'endpoint'], proxmoxEndpointProblems(platform.proxmox.endpoint));
}
