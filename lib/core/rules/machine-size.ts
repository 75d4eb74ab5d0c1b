/** VMs below Talos's minimum requirements fail to boot, to pull images or to keep etcd healthy. */
import { TALOS_MINIMUM_SIZE } from './facts';
import type { MachineRole, MachineSize } from './facts';
import type { RuleProblem } from './problem';

/** `1 core`, `2 cores`, `1024 MiB`, `5 GiB`. */
function amount(field: keyof MachineSize, value: number): string {
  if (field === 'cores') return `${value} ${value === 1 ? 'core' : 'cores'}`;
  return `${value} ${field === 'memoryMiB' ? 'MiB' : 'GiB'}`;
}

/**
 * Each dimension of a machine size against {@link TALOS_MINIMUM_SIZE} for its role; fields `cores`, `memoryMiB`,
 * `diskGiB`. Only the dimensions given are checked (a spec's disk size has a schema minimum of its own).
 */
export function machineSizeProblems(role: MachineRole, size: Partial<MachineSize>): RuleProblem[] {
  const min = TALOS_MINIMUM_SIZE[role];
  const roleName = role === 'controlplane' ? 'a control plane' : 'a worker';
  const problems: RuleProblem[] = [];
  for (const field of ['memoryMiB', 'cores', 'diskGiB'] as const) {
    const value = size[field];
    if (value === undefined || (Number.isInteger(value) && value >= min[field])) continue;
    problems.push({
      rule: 'machine-below-talos-minimum',
      field,
      message: `${amount(field, value)} is below the Talos minimum for ${roleName}`,
      expected: `at least ${min[field]}`,
      hint: `raise ${field} to ${min[field]} or more`,
    });
  }
  return problems;
}
