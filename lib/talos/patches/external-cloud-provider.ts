import { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/**
 * External cloud provider on (`cluster.externalCloudProvider`): Talos runs the Kubernetes components with
 * `--cloud-provider=external` and, on control planes, fetches each URL in `manifests` and applies it when it bootstraps
 * Kubernetes (the nodes download the URLs themselves, so they must reach them). Control planes only: the manifests
 * are applied from there, and workers get the kubelet flag from {@link kubeletExternalCloudProviderPatch}.
 */
export function externalCloudProviderPatch(manifests: readonly string[] = []): TalosPatch<V1Alpha1ConfigPatch> {
  manifests.forEach((url, i) => {
    if (!/^https:\/\/[^\s/]+\/\S+$/.test(url)) {
      throw new Error(
        `externalCloudProviderPatch: manifests[${i}] "${url}" is not an https URL of a manifest (expected e.g. ` +
          'https://raw.githubusercontent.com/<owner>/<repo>/<tag>/<path>.yml). Fix: pass a pinned https URL, or a ' +
          'mirror of it the nodes can reach.',
      );
    }
  });
  return TalosPatch.of<V1Alpha1ConfigPatch>({
    cluster: {
      externalCloudProvider: { enabled: true, ...(manifests.length > 0 ? { manifests: [...manifests] } : {}) },
    },
  });
}
