/**
 * Typed shapes of the Talos 1.13 machine-config documents the patch builders emit. Field names are exactly the
 * schema's (`https://talos.dev/v1.13/schemas/config.schema.json`); only the fields the platform sets are modelled.
 *
 * Talos 1.12+ configures networking with separate documents (`LinkAliasConfig`, `LinkConfig`, `Layer2VIPConfig`,
 * `HostnameConfig`, `ResolverConfig`); `machine.network` is no longer part of the v1alpha1 schema.
 */

/** A partial `v1alpha1` config (`version: v1alpha1` document), merged into the generated config. */
export interface V1Alpha1ConfigPatch {
  readonly machine?: MachineConfigPatch | undefined;
  readonly cluster?: ClusterConfigPatch | undefined;
}

/** `machine.*` fields the platform patches. */
export interface MachineConfigPatch {
  readonly install?:
    | { readonly disk?: string | undefined; readonly image?: string | undefined; readonly wipe?: boolean | undefined }
    | undefined;
  readonly features?:
    | {
        readonly kubePrism?: { readonly enabled: boolean; readonly port: number } | undefined;
        readonly kubernetesTalosAPIAccess?: KubernetesTalosApiAccessConfig | undefined;
      }
    | undefined;
  readonly kubelet?:
    | {
        readonly nodeIP?: { readonly validSubnets: readonly string[] } | undefined;
        /** Extra kubelet flags, without the leading `--`. */
        readonly extraArgs?: Readonly<Record<string, string>> | undefined;
        /** Host paths bind-mounted into the kubelet's mount namespace (`v1alpha1.ExtraMount`). */
        readonly extraMounts?: readonly KubeletExtraMountConfig[] | undefined;
        /** Fields merged into the KubeletConfiguration, e.g. `registerWithTaints`. */
        readonly extraConfig?: { readonly registerWithTaints?: readonly KubeletTaint[] | undefined } | undefined;
      }
    | undefined;
  /** Labels Talos keeps on the Node (with the kubelet's credentials on workers). */
  readonly nodeLabels?: Readonly<Record<string, string>> | undefined;
}

/** `machine.kubelet.extraMounts[]`. */
export interface KubeletExtraMountConfig {
  readonly destination: string;
  readonly type: string;
  readonly source: string;
  readonly options: readonly string[];
}

/** A taint in the KubeletConfiguration's `registerWithTaints` (`core/v1` Taint). */
export interface KubeletTaint {
  readonly key: string;
  readonly value?: string | undefined;
  readonly effect: string;
}

/** `machine.features.kubernetesTalosAPIAccess`: Talos API access from pods (control planes only). */
export interface KubernetesTalosApiAccessConfig {
  readonly enabled: boolean;
  /** Talos API roles a pod's Talos ServiceAccount may be granted, e.g. `os:reader`. */
  readonly allowedRoles: readonly string[];
  /** Kubernetes namespaces the access is available from. */
  readonly allowedKubernetesNamespaces: readonly string[];
}

/** `cluster.*` fields the platform patches. */
export interface ClusterConfigPatch {
  readonly clusterName?: string | undefined;
  readonly controlPlane?: { readonly endpoint: string } | undefined;
  readonly network?: { readonly cni?: { readonly name: 'flannel' | 'custom' | 'none' } | undefined } | undefined;
  readonly proxy?: { readonly disabled: boolean } | undefined;
  readonly allowSchedulingOnControlPlanes?: boolean | undefined;
  /** External cloud provider; `manifests` are URLs the control planes fetch and apply at bootstrap. */
  readonly externalCloudProvider?:
    { readonly enabled: boolean; readonly manifests?: readonly string[] | undefined } | undefined;
}

/** Common header of the Talos multi-document configs. */
interface DocumentHeader<K extends string> {
  readonly apiVersion: 'v1alpha1';
  readonly kind: K;
}

/** Gives a link a stable name chosen by a CEL selector (`LinkAliasConfig`). */
export interface LinkAliasConfigDocument extends DocumentHeader<'LinkAliasConfig'> {
  readonly name: string;
  readonly selector: { readonly match: string };
}

/** Static addresses and routes on a link (`LinkConfig`). */
export interface LinkConfigDocument extends DocumentHeader<'LinkConfig'> {
  readonly name: string;
  readonly up?: boolean | undefined;
  readonly mtu?: number | undefined;
  readonly addresses?: readonly { readonly address: string }[] | undefined;
  readonly routes?:
    | readonly {
        readonly destination?: string | undefined;
        readonly gateway?: string | undefined;
        readonly metric?: number | undefined;
      }[]
    | undefined;
}

/** A layer-2 (gratuitous ARP) virtual IP for the Kubernetes API (`Layer2VIPConfig`). */
export interface Layer2VipConfigDocument extends DocumentHeader<'Layer2VIPConfig'> {
  /** The VIP itself. */
  readonly name: string;
  /** Link (or alias) the VIP is announced on. */
  readonly link: string;
}

/** Static hostname (`HostnameConfig`). */
export interface HostnameConfigDocument extends DocumentHeader<'HostnameConfig'> {
  readonly auto?: 'stable' | 'off' | undefined;
  readonly hostname?: string | undefined;
}

/** DNS servers (`ResolverConfig`). */
export interface ResolverConfigDocument extends DocumentHeader<'ResolverConfig'> {
  readonly nameservers: readonly { readonly address: string }[];
}

/** Any document a {@link TalosPatch} can carry. */
export type TalosPatchDocument =
  | V1Alpha1ConfigPatch
  | LinkAliasConfigDocument
  | LinkConfigDocument
  | Layer2VipConfigDocument
  | HostnameConfigDocument
  | ResolverConfigDocument;
