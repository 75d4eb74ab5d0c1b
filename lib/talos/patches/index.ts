/**
 * Typed Talos machine-config patches, one concern per builder. Stage 10 applies them to the management cluster; the
 * CAPI constructs reuse the same builders for `TalosControlPlane` / `TalosConfigTemplate` `strategicPatches`
 * (`patch.toYaml()`).
 */
export { TalosPatch, patchesToYaml } from './talos-patch';
export type * from './types';
export { cniNonePatch } from './cni-none';
export { kubeProxyDisabledPatch } from './kube-proxy-disabled';
export { kubePrismPatch, KUBEPRISM_DEFAULT_PORT } from './kubeprism';
export type { KubePrismPatchOptions } from './kubeprism';
export { installPatch } from './install';
export type { InstallPatchOptions } from './install';
export { hostnamePatch } from './hostname';
export { LinkSelector, VIRTIO_NET_DRIVER } from './link-selector';
export { linkAliasPatch, DEFAULT_LINK_ALIAS } from './link-alias';
export { staticLinkPatch } from './static-link';
export type { StaticLinkPatchOptions } from './static-link';
export { layer2VipPatch } from './vip';
export { nameserversPatch } from './nameservers';
export { allowSchedulingOnControlPlanesPatch } from './control-plane-scheduling';
export { kubeletNodeIpPatch } from './kubelet-node-ip';
export { clusterIdentityPatch } from './cluster-identity';
export type { ClusterIdentityPatchOptions } from './cluster-identity';
export { externalCloudProviderPatch } from './external-cloud-provider';
export { kubeletExternalCloudProviderPatch } from './kubelet-cloud-provider';
export { kubernetesTalosApiAccessPatch } from './talos-api-access';
export type { KubernetesTalosApiAccessPatchOptions } from './talos-api-access';
export { talosCcmPatches, talosCcmManifestUrl, TALOS_CCM_TALOS_API_ROLES, TALOS_CCM_NAMESPACE } from './talos-ccm';
export type { TalosCcmPatchOptions } from './talos-ccm';
export { kubeletExtraMountsPatch } from './kubelet-extra-mounts';
export { nodeLabelsPatch } from './node-labels';
export { addonTalosPatches, needsTopologyLabels, topologyLabelsPatch } from './addon-patches';
