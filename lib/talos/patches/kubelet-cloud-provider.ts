import { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/**
 * The kubelet runs with `--cloud-provider=external` (`machine.kubelet.extraArgs`), on every node: it then registers
 * its Node with the `node.cloudprovider.kubernetes.io/uninitialized` taint and the
 * `alpha.kubernetes.io/provided-node-ip` annotation, and leaves `spec.providerID` and the addresses to the cloud
 * controller manager, which removes the taint once it has initialized the Node.
 */
export function kubeletExternalCloudProviderPatch(): TalosPatch<V1Alpha1ConfigPatch> {
  return TalosPatch.of<V1Alpha1ConfigPatch>({ machine: { kubelet: { extraArgs: { 'cloud-provider': 'external' } } } });
}
