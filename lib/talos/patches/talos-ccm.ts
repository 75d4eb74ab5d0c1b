import { TALOS_CCM_VERSION } from '../../core/versions';
import { externalCloudProviderPatch } from './external-cloud-provider';
import { kubeletExternalCloudProviderPatch } from './kubelet-cloud-provider';
import { kubernetesTalosApiAccessPatch } from './talos-api-access';
import type { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/** Talos API roles the Talos CCM's ServiceAccount asks for (its manifest's `talos.dev` ServiceAccount). */
export const TALOS_CCM_TALOS_API_ROLES: readonly string[] = ['os:reader'];
/** Namespace the Talos CCM runs in. */
export const TALOS_CCM_NAMESPACE = 'kube-system';

/** The upstream manifest of the Talos CCM at a release tag (GitHub raw URL). */
export function talosCcmManifestUrl(version: string = TALOS_CCM_VERSION): string {
  if (!/^v\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(
      `talosCcmManifestUrl: version "${version}" is not a release tag (expected e.g. ${TALOS_CCM_VERSION}). ` +
        'Fix: pass a tag of siderolabs/talos-cloud-controller-manager.',
    );
  }
  return `https://raw.githubusercontent.com/siderolabs/talos-cloud-controller-manager/${version}/docs/deploy/cloud-controller-manager.yml`;
}

/** Options of {@link talosCcmPatches}. */
export interface TalosCcmPatchOptions {
  /**
   * Where the control planes fetch the CCM manifest from, e.g. a mirror inside the network.
   * @default - the upstream manifest at TALOS_CCM_VERSION
   */
  readonly manifestUrl?: string | undefined;
}

/**
 * Install the Talos cloud controller manager (siderolabs/talos-cloud-controller-manager) through machine config, as
 * its `docs/install.md` describes. Every node: kubelet `--cloud-provider=external`. Control planes also: the external
 * cloud provider with the CCM manifest (applied at bootstrap) and Talos API access with `os:reader` from
 * `kube-system`, which the CCM uses to read each node's platform metadata. Its `cloud-node` controller then sets
 * `Node.spec.providerID` from that metadata (on nocloud: the `provider-id` key of the meta-data, which CAPMOX writes
 * as `proxmox://<uuid>`), plus the addresses and the region/zone/instance-type labels.
 */
export function talosCcmPatches(options: TalosCcmPatchOptions = {}): {
  readonly controlPlane: TalosPatch<V1Alpha1ConfigPatch>[];
  readonly worker: TalosPatch<V1Alpha1ConfigPatch>[];
} {
  const kubelet = kubeletExternalCloudProviderPatch();
  return {
    controlPlane: [
      kubelet,
      externalCloudProviderPatch([options.manifestUrl ?? talosCcmManifestUrl()]),
      kubernetesTalosApiAccessPatch({
        allowedRoles: TALOS_CCM_TALOS_API_ROLES,
        allowedKubernetesNamespaces: [TALOS_CCM_NAMESPACE],
      }),
    ],
    worker: [kubelet],
  };
}
