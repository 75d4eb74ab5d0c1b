/** Linux bridges the platform creates on the Proxmox nodes. */
import { CREATED_BRIDGE_NAME_PATTERN } from './facts';
import type { RuleProblem } from './problem';

/** A bridge the platform creates must have a name bpg/proxmox accepts ({@link CREATED_BRIDGE_NAME_PATTERN}). */
export function createdBridgeNameProblems(name: string): RuleProblem[] {
  if (CREATED_BRIDGE_NAME_PATTERN.test(name)) return [];
  return [
    {
      rule: 'created-bridge-name',
      field: 'name',
      message: `bridge "${name}" cannot be created (bpg/proxmox refuses the name at plan time)`,
      expected: 'a letter, then letters or digits, at most 10 characters, e.g. vmbr1',
      hint: 'rename the bridge (e.g. vmbr1), or create it by hand and drop `create: true`',
    },
  ];
}
