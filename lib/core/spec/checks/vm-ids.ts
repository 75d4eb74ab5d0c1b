/**
 * Proxmox VM IDs are unique per Proxmox cluster: the management VMs (vmIdStart + index), the Talos template and the
 * ranges CAPMOX allocates workload machines from must never overlap.
 */
import { MAX_VM_ID } from '../defaults';
import { formatPath } from '../issue';
import type { Issue, SpecPath } from '../issue';
import type { PlatformConfig } from '../resolved';
import { earlierOverlaps } from './overlaps';
import { rolloutMachines } from './rollout';

interface VmIdClaim {
  readonly file: string;
  readonly path: SpecPath;
  readonly first: number;
  readonly last: number;
  readonly what: string;
  /** Template references may repeat (clusters share the stage 00 template); allocations may not. */
  readonly template: boolean;
}

export function checkVmIds(config: PlatformConfig): Issue[] {
  const { platform } = config;
  const m = platform.management;
  const file = platform.sourceFile;
  const claims: VmIdClaim[] = [];
  const issues: Issue[] = [];
  for (const [group, what] of [
    ['controlPlane', 'management control-plane VMs'],
    ['workers', 'management worker VMs'],
  ] as const) {
    const { count, vmIdStart } = m[group];
    if (count > 0) claims.push(allocation(file, ['management', group, 'vmIdStart'], vmIdStart, count, what));
  }
  const templateId = platform.proxmox.image.templateVmId;
  claims.push({
    file,
    path: ['proxmox', 'image', 'templateVmId'],
    first: templateId,
    last: templateId,
    what: 'the Talos template',
    template: true,
  });

  for (const cluster of config.clusters) {
    const { vmIdRange, template } = cluster.placement;
    if (template.vmId !== templateId) {
      claims.push({
        file: cluster.sourceFile,
        path: ['placement', 'template', 'vmId'],
        first: template.vmId,
        last: template.vmId,
        what: `the template of cluster \`${cluster.name}\``,
        template: true,
      });
    }
    if (!vmIdRange) continue;
    const path: SpecPath = ['placement', 'vmIdRange'];
    if (vmIdRange.start > vmIdRange.end) {
      issues.push({
        file: cluster.sourceFile,
        path: [...path, 'start'],
        rule: 'vm-id-range-start-after-end',
        message: `VM ID range start ${vmIdRange.start} is after its end ${vmIdRange.end}`,
        expected: 'start <= end',
        hint: `swap them: start ${vmIdRange.end}, end ${vmIdRange.start}`,
      });
      continue;
    }
    const { needed, words } = rolloutMachines(cluster);
    const size = vmIdRange.end - vmIdRange.start + 1;
    if (size < needed) {
      issues.push({
        file: cluster.sourceFile,
        path,
        rule: 'vm-id-range-too-small',
        message: `VM ID range ${vmIdRange.start}-${vmIdRange.end} has ${size} IDs, too few for ${words}`,
        expected: `at least ${needed} IDs`,
        hint: `extend \`end\` to ${vmIdRange.start + needed - 1} or beyond`,
      });
    }
    claims.push({
      file: cluster.sourceFile,
      path,
      first: vmIdRange.start,
      last: vmIdRange.end,
      what: `the VM ID range of cluster \`${cluster.name}\``,
      template: false,
    });
  }

  for (const claim of claims) {
    if (claim.last <= MAX_VM_ID) continue;
    issues.push({
      file: claim.file,
      path: claim.path,
      rule: 'vm-id-out-of-range',
      message: `${describe(claim)} end above ${MAX_VM_ID}, the highest VM ID Proxmox accepts`,
      expected: `a start of at most ${MAX_VM_ID - (claim.last - claim.first)}`,
      hint: 'pick a lower start',
    });
  }
  // Clusters that share a template are never compared with each other: one clique.
  const overlaps = earlierOverlaps(claims, (i) => (claims[i].template ? 'template' : undefined));
  claims.forEach((later, i) => {
    for (const earlier of overlaps[i].map((j) => claims[j])) {
      if (later.template && earlier.template) continue;
      issues.push({
        file: later.file,
        path: later.path,
        rule: 'duplicate-vm-id',
        message: `${describe(later)} overlaps ${describe(earlier)} (${formatPath(earlier.path)}${
          earlier.file === later.file ? '' : ` in ${earlier.file}`
        })`,
        expected: 'VM IDs no other VM or range uses',
        hint: 'Proxmox VM IDs are unique across the whole Proxmox cluster',
      });
    }
  });
  return issues;
}

function allocation(file: string, path: SpecPath, start: number, count: number, what: string): VmIdClaim {
  return { file, path, first: start, last: start + count - 1, what, template: false };
}

function describe(claim: VmIdClaim): string {
  return claim.first === claim.last
    ? `${claim.what} (VM ID ${claim.first})`
    : `${claim.what} (VM IDs ${claim.first}-${claim.last})`;
}
