import {
  LinkSelector,
  VIRTIO_NET_DRIVER,
  allowSchedulingOnControlPlanesPatch,
  cniNonePatch,
  installPatch,
  kubePrismPatch,
  kubeProxyDisabledPatch,
  kubeletNodeIpPatch,
  layer2VipPatch,
  linkAliasPatch,
  patchesToYaml,
  talosCcmPatches,
} from '../../talos/patches';
import type { TalosPatch } from '../../talos/patches';

/** Options of {@link workloadTalosPatches}. */
export interface WorkloadTalosPatchOptions {
  /** Node network in CIDR form, e.g. `10.30.0.0/24` (the kubelet registers with its address on it). */
  readonly nodeCidr: string;
  /** Control-plane endpoint VIP, announced by the control plane that holds it. */
  readonly endpointVip: string;
  /** Whether the cluster has no workers (control planes then run workloads). */
  readonly controlPlanesRunWorkloads: boolean;
  /** Installer image and disk, when the platform pins the Image Factory installer. */
  readonly install?: { readonly disk: string; readonly image: string } | undefined;
  /** Whether to install the Talos cloud controller manager (sets `Node.spec.providerID`). */
  readonly cloudControllerManager: boolean;
}

/**
 * The Talos patches a workload cluster's machines get: the same builders as the management cluster (stage 10), so
 * both clusters run the same way. Every machine: CNI none and kube-proxy disabled (Cilium replaces both, GitOps wave
 * 0), KubePrism on port 7445 (Cilium's `k8sServicePort`), the kubelet's node IP on the node network, and the alias
 * `net0` for the VM's single VirtIO NIC. Control planes also announce the endpoint VIP on `net0`
 * (`Layer2VIPConfig`). Addresses, routes and DNS come from CAPMOX's cloud-init network config (nocloud), not from
 * patches. With `cloudControllerManager`, the Talos CCM patches ({@link talosCcmPatches}) come last: the kubelet flag
 * on every machine, the CCM manifest and Talos API access on control planes.
 */
export function workloadTalosPatches(options: WorkloadTalosPatchOptions): {
  readonly controlPlane: string[];
  readonly worker: string[];
} {
  const install = options.install;
  const common = [
    once('cni-none', () => [cniNonePatch()]),
    once('kube-proxy-disabled', () => [kubeProxyDisabledPatch()]),
    once('kubeprism', () => [kubePrismPatch()]),
    patchesToYaml([kubeletNodeIpPatch([options.nodeCidr])]),
    once('link-alias-virtio', () => [linkAliasPatch(LinkSelector.driver(VIRTIO_NET_DRIVER))]),
    install
      ? once(`install ${JSON.stringify([install.disk, install.image])}`, () => [
          installPatch({ disk: install.disk, image: install.image }),
        ])
      : [],
  ].flat();
  const ccm = options.cloudControllerManager;
  return {
    controlPlane: [
      ...common,
      ...patchesToYaml([layer2VipPatch(options.endpointVip)]),
      ...(options.controlPlanesRunWorkloads
        ? once('allow-scheduling', () => [allowSchedulingOnControlPlanesPatch()])
        : []),
      ...(ccm ? once('ccm-control-plane', () => talosCcmPatches().controlPlane) : []),
    ],
    worker: [...common, ...(ccm ? once('ccm-worker', () => talosCcmPatches().worker) : [])],
  };
}

/**
 * The YAML of patches that do not depend on the cluster, serialized once per process: every workload cluster gets
 * the same bytes, and building and serializing them per cluster was about 3 % of a 1000-cluster synth. The builders
 * are pure, so the key (the builder and its arguments) identifies the text.
 */
function once(key: string, build: () => readonly TalosPatch[]): readonly string[] {
  let yaml = CONSTANT_PATCHES.get(key);
  if (yaml === undefined) {
    yaml = patchesToYaml(build());
    CONSTANT_PATCHES.set(key, yaml);
  }
  return yaml;
}

const CONSTANT_PATCHES = new Map<string, readonly string[]>();
