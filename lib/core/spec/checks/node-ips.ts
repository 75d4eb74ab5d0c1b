/** The management cluster's static addresses: one per node, none twice. */
import { code, formatPath } from '../issue';
import type { Issue, SpecPath } from '../issue';
import type { PlatformConfig, ResolvedManagementNodes } from '../resolved';

export function checkNodeIps(config: PlatformConfig): Issue[] {
  const { management, sourceFile: file } = config.platform;
  const issues: Issue[] = [];
  const roles: [string, ResolvedManagementNodes][] = [
    ['controlPlane', management.controlPlane],
    ['workers', management.workers],
  ];
  for (const [role, nodes] of roles) {
    if (nodes.ips.length !== nodes.count) {
      issues.push({
        file,
        path: ['management', role, 'ips'],
        rule: 'node-ips-count-mismatch',
        message: `${nodes.ips.length} ${nodes.ips.length === 1 ? 'address' : 'addresses'} for ${nodes.count} ${
          role === 'controlPlane' ? 'control planes' : 'workers'
        }`,
        expected: `exactly ${nodes.count} (\`count\`)`,
        hint:
          nodes.ips.length > nodes.count
            ? `remove addresses or set \`count: ${nodes.ips.length}\``
            : 'add one static address per node',
      });
    }
  }
  const seen = new Map<string, SpecPath>();
  for (const [role, nodes] of roles) {
    nodes.ips.forEach((ip, i) => {
      const path: SpecPath = ['management', role, 'ips', i];
      const first = seen.get(ip);
      if (first) {
        issues.push({
          file,
          path,
          rule: 'duplicate-node-ip',
          message: `${code(ip)} is already used by ${formatPath(first)}`,
          expected: 'a distinct address per node',
          hint: `give this node an address of its own in \`${formatPath(['management', 'network', 'cidr'])}\``,
        });
      } else seen.set(ip, path);
    });
  }
  return issues;
}
