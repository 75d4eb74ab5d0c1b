/** VMs below Talos's minimum requirements fail to boot or to keep etcd healthy. */
import { TALOS_MINIMUM_SIZE } from '../defaults';
import type { Issue, SpecPath } from '../issue';
import type { MachineRole, PlatformConfig, ResolvedMachineSize } from '../resolved';

export function checkMachineSizes(config: PlatformConfig): Issue[] {
  const issues: Issue[] = [];
  const { platform } = config;
  const m = platform.management;
  check(issues, platform.sourceFile, ['management', 'controlPlane'], 'controlplane', m.controlPlane);
  if (m.workers.count > 0) check(issues, platform.sourceFile, ['management', 'workers'], 'worker', m.workers);
  for (const c of config.clusters) {
    check(issues, c.sourceFile, ['controlPlane'], 'controlplane', c.controlPlane);
    if (c.workers.count > 0) check(issues, c.sourceFile, ['workers'], 'worker', c.workers);
  }
  return issues;
}

function check(issues: Issue[], file: string, at: SpecPath, role: MachineRole, size: ResolvedMachineSize): void {
  const min = TALOS_MINIMUM_SIZE[role];
  const roleName = role === 'controlplane' ? 'a control plane' : 'a worker';
  if (size.memoryMiB < min.memoryMiB) {
    issues.push({
      file,
      path: [...at, 'memoryMiB'],
      rule: 'machine-below-talos-minimum',
      message: `${size.memoryMiB} MiB is below the Talos minimum for ${roleName}`,
      expected: `at least ${min.memoryMiB}`,
    });
  }
  if (size.cores < min.cores) {
    issues.push({
      file,
      path: [...at, 'cores'],
      rule: 'machine-below-talos-minimum',
      message: `${size.cores} core is below the Talos minimum for ${roleName}`,
      expected: `at least ${min.cores}`,
    });
  }
}
