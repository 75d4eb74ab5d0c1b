import { Construct } from 'constructs';
import { ApiObject } from '../core/api-object';
import {
  CAAPH_VERSION,
  CABPT_VERSION,
  CACPPT_VERSION,
  CAPMOX_VERSION,
  CLUSTER_API_VERSION,
  IPAM_IN_CLUSTER_VERSION,
} from '../core/versions';
import { AddonProvider } from './providers/addon-provider';
import { BootstrapProvider } from './providers/bootstrap-provider';
import { ControlPlaneProvider } from './providers/control-plane-provider';
import { CoreProvider } from './providers/core-provider';
import { InfrastructureProvider } from './providers/infrastructure-provider';
import { IpamProvider } from './providers/ipam-provider';
import type { CapiProviderBase } from './providers/provider-base';
import type { SecretReference } from './providers/provider-props';

/** Feature gate Cluster API core and CAPMOX need for ClusterClass / `Cluster.spec.topology`. */
export const CLUSTER_TOPOLOGY_FEATURE_GATE = 'ClusterTopology';

/** Props of {@link CapiProviders}. */
export interface CapiProvidersProps {
  /** CAPMOX's config Secret (`ProxmoxCredentials.secretRef`). */
  readonly proxmoxCredentials: SecretReference;
  /**
   * Cluster API core version (with `v`).
   * @default - CLUSTER_API_VERSION in lib/core/versions.ts
   */
  readonly clusterApiVersion?: string | undefined;
  /**
   * CAPMOX version.
   * @default - CAPMOX_VERSION
   */
  readonly capmoxVersion?: string | undefined;
  /**
   * CABPT version.
   * @default - CABPT_VERSION
   */
  readonly cabptVersion?: string | undefined;
  /**
   * CACPPT version.
   * @default - CACPPT_VERSION
   */
  readonly cacpptVersion?: string | undefined;
  /**
   * In-cluster IPAM version.
   * @default - IPAM_IN_CLUSTER_VERSION
   */
  readonly ipamInClusterVersion?: string | undefined;
  /**
   * CAAPH version (the `helm` AddonProvider that delivers Cilium to workload clusters).
   * @default - CAAPH_VERSION
   */
  readonly caaphVersion?: string | undefined;
  /**
   * Turn on `ClusterTopology` in the core and CAPMOX (needed by ClusterClass-mode clusters).
   * @default false
   */
  readonly clusterTopology?: boolean | undefined;
  /**
   * Emit a Namespace for each provider (the operator does not create them).
   * @default true
   */
  readonly createNamespaces?: boolean | undefined;
}

/**
 * The six providers of the platform as operator CRs: Cluster API core, Talos bootstrap (CABPT), Talos control
 * plane (CACPPT), Proxmox infrastructure (CAPMOX, with its credentials Secret), in-cluster IPAM and the Helm add-on
 * provider (CAAPH, which installs Cilium on each workload cluster), each in its conventional namespace, versions pinned. The CoreProvider's validation checks they work together.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { CapiProviders } from 'talos-platform-cdk/capi';
 *
 * const chart = new Chart(new App(), 'capi-providers');
 * const providers = new CapiProviders(chart, 'Providers', {
 *   proxmoxCredentials: { name: 'capmox-credentials', namespace: 'capmox-system' }, // ProxmoxCredentials.secretRef
 *   clusterTopology: true, // only for ClusterClass-mode clusters
 * });
 * // providers.infrastructure.namespace is "capmox-system"; versions default to the pins of lib/core/versions.ts.
 */
export class CapiProviders extends Construct {
  public readonly core: CoreProvider;
  public readonly bootstrap: BootstrapProvider;
  public readonly controlPlane: ControlPlaneProvider;
  public readonly infrastructure: InfrastructureProvider;
  public readonly ipam: IpamProvider;
  public readonly addon: AddonProvider;

  /** Every provider, core first (stage 30 creates their namespaces). */
  public get all(): readonly CapiProviderBase[] {
    return [this.core, this.bootstrap, this.controlPlane, this.infrastructure, this.ipam, this.addon];
  }

  public constructor(scope: Construct, id: string, props: CapiProvidersProps) {
    super(scope, id);
    const gates = props.clusterTopology ? { [CLUSTER_TOPOLOGY_FEATURE_GATE]: true } : undefined;
    const namespaces = new Construct(this, 'Namespaces');
    this.core = new CoreProvider(this, 'Core', {
      version: props.clusterApiVersion ?? CLUSTER_API_VERSION,
      featureGates: gates,
    });
    this.bootstrap = new BootstrapProvider(this, 'Bootstrap', { version: props.cabptVersion ?? CABPT_VERSION });
    this.controlPlane = new ControlPlaneProvider(this, 'ControlPlane', {
      version: props.cacpptVersion ?? CACPPT_VERSION,
    });
    this.infrastructure = new InfrastructureProvider(this, 'Infrastructure', {
      version: props.capmoxVersion ?? CAPMOX_VERSION,
      configSecret: { ...props.proxmoxCredentials },
      featureGates: gates,
    });
    this.ipam = new IpamProvider(this, 'Ipam', { version: props.ipamInClusterVersion ?? IPAM_IN_CLUSTER_VERSION });
    this.addon = new AddonProvider(this, 'Addon', { version: props.caaphVersion ?? CAAPH_VERSION });
    if (props.createNamespaces ?? true) {
      const all = this.all.map((p) => p.namespace);
      for (const ns of [...new Set(all)]) {
        new ApiObject(namespaces, ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      }
    }
  }
}
