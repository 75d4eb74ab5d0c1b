import { checkNotEmpty } from './check';
import { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/** Options of {@link kubernetesTalosApiAccessPatch}. */
export interface KubernetesTalosApiAccessPatchOptions {
  /** Talos API roles pods may be granted, e.g. `os:reader`. */
  readonly allowedRoles: readonly string[];
  /** Namespaces whose pods may get a Talos ServiceAccount, e.g. `kube-system`. */
  readonly allowedKubernetesNamespaces: readonly string[];
}

/**
 * Talos API access from Kubernetes pods (`machine.features.kubernetesTalosAPIAccess`): a `talos.dev/v1alpha1`
 * ServiceAccount in an allowed namespace gets a Talos client certificate limited to the allowed roles. Control planes
 * only (Talos rejects the feature on workers).
 */
export function kubernetesTalosApiAccessPatch(
  options: KubernetesTalosApiAccessPatchOptions,
): TalosPatch<V1Alpha1ConfigPatch> {
  const where = 'kubernetesTalosApiAccessPatch';
  checkNotEmpty(where, 'allowedRoles', options.allowedRoles);
  checkNotEmpty(where, 'allowedKubernetesNamespaces', options.allowedKubernetesNamespaces);
  options.allowedRoles.forEach((role, i) => {
    if (!/^os:[a-z:]+$/.test(role)) {
      throw new Error(
        `${where}: allowedRoles[${i}] "${role}" is not a Talos API role (expected e.g. os:reader, os:operator). ` +
          'Fix: use a role from the Talos RBAC docs.',
      );
    }
  });
  return TalosPatch.of<V1Alpha1ConfigPatch>({
    machine: {
      features: {
        kubernetesTalosAPIAccess: {
          enabled: true,
          allowedRoles: [...options.allowedRoles],
          allowedKubernetesNamespaces: [...options.allowedKubernetesNamespaces],
        },
      },
    },
  });
}
