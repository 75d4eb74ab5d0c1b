/** A bridge the spec asks stage 00 to create must have a name bpg/proxmox accepts (`createdBridgeNameProblems`). */
import { createdBridgeNameProblems } from '../../rules/bridge';
import { issuesAt } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkCreatedBridges(config: PlatformConfig): Issue[] {
  const { proxmox, sourceFile } = config.platform;
  return proxmox.bridges.flatMap((b, i) =>
    b.create ? issuesAt(sourceFile, ['proxmox', 'bridges', i], createdBridgeNameProblems(b.name)) : [],
  );
}
