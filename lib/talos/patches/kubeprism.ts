import { checkPort } from './check';
import { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/**
 * KubePrism port: Talos's default, and the `k8sServicePort` Cilium is configured with (`k8sServiceHost: localhost`).
 * Change both together.
 */
export const KUBEPRISM_DEFAULT_PORT = 7445;

/** Options of {@link kubePrismPatch}. */
export interface KubePrismPatchOptions {
  /**
   * Local port of the KubePrism load balancer.
   * @default 7445
   */
  readonly port?: number | undefined;
}

/**
 * KubePrism on (`machine.features.kubePrism`): a node-local, highly available endpoint for the Kubernetes API that
 * Cilium uses, since there is no kube-proxy to provide the `kubernetes` Service.
 */
export function kubePrismPatch(options: KubePrismPatchOptions = {}): TalosPatch<V1Alpha1ConfigPatch> {
  const port = options.port ?? KUBEPRISM_DEFAULT_PORT;
  checkPort('kubePrismPatch', 'port', port);
  return TalosPatch.of<V1Alpha1ConfigPatch>({ machine: { features: { kubePrism: { enabled: true, port } } } });
}
