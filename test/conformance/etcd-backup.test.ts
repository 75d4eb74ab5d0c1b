// The Talos API access rule of the etcd-backup conformance check (scripts/lib/conformance-etcd-backup.mjs): Talos
// appends the lists of all patches (pkg/machinery/config/merge), so grants add up across patches.
import { callEsm } from './esm';

const grants = (patches: unknown[]) =>
  callEsm<boolean>(
    'scripts/lib/conformance-etcd-backup.mjs',
    'grantsTalosApiAccess',
    patches,
    'talos-backup',
    'os:etcd:backup',
  );
const patch = (enabled: boolean, roles: string[], namespaces: string[]) =>
  `machine:\n  features:\n    kubernetesTalosAPIAccess:\n      enabled: ${enabled}\n      allowedRoles: [${roles.join(', ')}]\n      allowedKubernetesNamespaces: [${namespaces.join(', ')}]\n`;

test('grants os:etcd:backup only when enabled, with the role and the namespace (possibly from different patches)', () => {
  expect(grants([patch(true, ['os:etcd:backup'], ['talos-backup'])])).toBe(true);
  expect(grants([patch(true, ['os:reader'], ['kube-system']), patch(true, ['os:etcd:backup'], ['talos-backup'])])).toBe(
    true,
  );
  expect(grants([patch(true, ['os:etcd:backup'], ['kube-system']), patch(true, ['os:reader'], ['talos-backup'])])).toBe(
    true,
  );
  expect(grants([patch(false, ['os:etcd:backup'], ['talos-backup'])])).toBe(false);
  expect(grants([patch(true, ['os:reader'], ['talos-backup'])])).toBe(false);
  expect(grants([patch(true, ['os:etcd:backup'], ['kube-system'])])).toBe(false);
  expect(grants(['machine: [unclosed', 42, 'cluster: {}'])).toBe(false);
});
