/**
 * Every pinned version of the platform, in one place. Bump deliberately: `docs/upgrades.md` lists what to re-run
 * (`npm run import`, `npm run conformance`) after a change here.
 */

/** Talos Linux release the platform installs (Image Factory installer and nocloud image). */
export const TALOS_VERSION = '1.13.9';

/**
 * Kubernetes version installed by default: the newest minor that both Talos 1.13 (1.31 to 1.36) and Cluster API
 * v1.12 (management 1.31 to 1.35, workload 1.29 to 1.35) support. Talos 1.13's own default, 1.36, is outside
 * CAPI v1.12's range, so it is not used here.
 */
export const KUBERNETES_VERSION = '1.35.6';

/**
 * Kubernetes minor versions each Talos minor supports (Talos support matrix).
 * Keyed by Talos `major.minor`; values are inclusive `[lowest, highest]` Kubernetes minors.
 */
export const TALOS_KUBERNETES_SUPPORT: Readonly<Record<string, readonly [string, string]>> = {
  '1.11': ['1.29', '1.34'],
  '1.12': ['1.30', '1.35'],
  '1.13': ['1.31', '1.36'],
};

/**
 * Kubernetes minors each Cluster API core minor supports, from its release notes ("Kubernetes version support"):
 * `management` for the cluster CAPI runs on, `workload` for the clusters it creates. Inclusive ranges.
 */
export const CLUSTER_API_KUBERNETES_SUPPORT: Readonly<
  Record<string, { readonly management: readonly [string, string]; readonly workload: readonly [string, string] }>
> = {
  '1.11': { management: ['1.30', '1.34'], workload: ['1.28', '1.34'] },
  '1.12': { management: ['1.31', '1.35'], workload: ['1.29', '1.35'] },
};

/** Cluster API core (CoreProvider `spec.version`). CAPMOX v0.9 supports CAPI v1.11 and v1.12 only. */
export const CLUSTER_API_VERSION = 'v1.12.11';
/** Cluster API Provider Proxmox (ionos-cloud), InfrastructureProvider `proxmox`. */
export const CAPMOX_VERSION = 'v0.9.0';
/** Cluster API Bootstrap Provider Talos, BootstrapProvider `talos`. */
export const CABPT_VERSION = 'v0.6.12';
/** Cluster API Control Plane Provider Talos, ControlPlaneProvider `talos`. */
export const CACPPT_VERSION = 'v0.5.12';
/** In-cluster IPAM provider, IPAMProvider `in-cluster`. CAPMOX v0.9 needs v1.1.0 or newer. */
export const IPAM_IN_CLUSTER_VERSION = 'v1.1.0';
/** cluster-api-operator (Helm chart and app version). */
export const CAPI_OPERATOR_VERSION = 'v0.28.0';
/**
 * Talos cloud controller manager (siderolabs/talos-cloud-controller-manager), installed on workload clusters from
 * `docs/deploy/cloud-controller-manager.yml` at this tag. Checked upstream in the repository at commit 54131e7: its
 * CHANGELOG.md has v1.11.0 (2025-09-17) as the newest release, and its manifest runs
 * `ghcr.io/siderolabs/talos-cloud-controller-manager:v1.11.0` with `--controllers=cloud-node,node-csr-approval`.
 */
export const TALOS_CCM_VERSION = 'v1.11.0';

/**
 * Sidero's talos-backup (siderolabs/talos-backup), the etcd snapshot CronJob of `addons.etcdBackup`: the newest
 * release tag, v0.1.0-beta.3 (2025-02-10, commit 11ca8c5); its CI pushes `ghcr.io/siderolabs/talos-backup:<tag>`.
 * Its configuration is environment variables only (`pkg/config/service.go` at that tag).
 */
export const TALOS_BACKUP_VERSION = 'v0.1.0-beta.3';

/**
 * Helm charts installed by Terraform (stages 20 and 50) or by Argo CD (addons). Chart versions, not app versions.
 * Where each was checked (upstream release notes or Chart.yaml) is noted next to it; bump with the same care.
 */
export const CHART_VERSIONS = {
  certManager: 'v1.21.1',
  capiOperator: '0.28.0',
  /** argo-helm `argo-cd-10.3.3` ships Argo CD v3.5.1 (argoproj/argo-helm#4015), the CRDs `imports/k8s` is built from. */
  argoCd: '10.3.3',
  /**
   * Cilium 1.20: the first line e2e-tested on Kubernetes 1.36 (its 1.18 line lists 1.30-1.33). Serves
   * `CiliumLoadBalancerIPPool` `cilium.io/v2` (v2alpha1 removed in 1.20) and `CiliumL2AnnouncementPolicy` v2alpha1.
   */
  cilium: '1.20.2',
  /** kubernetes-sigs/external-dns chart 1.21.1 = ExternalDNS v0.21.0. */
  externalDns: '1.21.1',
  /** longhorn/charts release `longhorn-1.11.2`. */
  longhorn: '1.11.2',
  /** prometheus-community/helm-charts release `kube-prometheus-stack-88.6.2`. */
  kubePrometheusStack: '88.6.2',
  /** external-secrets `helm-chart-2.9.0` = ESO v2.9.0, the CRDs `imports/k8s` is built from. */
  externalSecrets: '2.9.0',
  /** vmware-tanzu/helm-charts `velero-12.0.2` = Velero v1.18.1 (vmware-tanzu/helm-charts#737). */
  velero: '12.0.2',
  /** grafana/loki tag `helm-loki-6.46.0`. */
  loki: '6.46.0',
  /**
   * Grafana Alloy chart `1.11.1` (grafana/alloy#6840), the log shipper. Promtail reached end of life on 2026-03-02
   * (Grafana's Promtail docs), so it is not offered.
   */
  alloy: '1.11.1',
} as const;

/** Terraform providers (`required_providers`), matching the bindings generated into `imports/providers/`. */
export const TERRAFORM_PROVIDER_VERSIONS = {
  proxmox: { source: 'bpg/proxmox', version: '0.111.1' },
  talos: { source: 'siderolabs/talos', version: '0.11.0' },
  helm: { source: 'hashicorp/helm', version: '3.2.0' },
  kubernetes: { source: 'hashicorp/kubernetes', version: '3.2.1' },
} as const;

/**
 * Which provider versions work together. CAPMOX publishes its supported CAPI minors and its IPAM floor;
 * the Talos providers follow the CAPI v1beta1 contract, which CAPI v1.12 still serves.
 */
export interface CompatibilityRule {
  /** The provider whose version constrains the others. */
  readonly provider: 'capmox' | 'cabpt' | 'cacppt';
  /** `major.minor` of that provider the rule is about. */
  readonly minor: string;
  /** Cluster API core minors it works with. */
  readonly clusterApiMinors: readonly string[];
  /** Lowest in-cluster IPAM version it needs, if any. */
  readonly minIpamInCluster?: string;
}

export const COMPATIBILITY: readonly CompatibilityRule[] = [
  { provider: 'capmox', minor: '0.9', clusterApiMinors: ['1.11', '1.12'], minIpamInCluster: '1.1.0' },
  { provider: 'capmox', minor: '0.8', clusterApiMinors: ['1.10', '1.11'], minIpamInCluster: '1.0.0' },
  { provider: 'cabpt', minor: '0.6', clusterApiMinors: ['1.9', '1.10', '1.11', '1.12'] },
  { provider: 'cacppt', minor: '0.5', clusterApiMinors: ['1.9', '1.10', '1.11', '1.12'] },
];

/**
 * A provider release line with a known defect: versions below `minimum` must not run a rollout. The upgrade planner
 * (`lib/day2`) refuses a workload-cluster rollout under such a version and a provider bump to one.
 */
export interface KnownDefectFloor {
  /** The provider, as in {@link CompatibilityRule}. */
  readonly provider: CompatibilityRule['provider'];
  /** Lowest version without the defect, without `v`. */
  readonly minimum: string;
  /** What goes wrong below it. */
  readonly defect: string;
  /** Where the defect is reported upstream. */
  readonly source: string;
}

export const KNOWN_DEFECT_FLOORS: readonly KnownDefectFloor[] = [
  {
    provider: 'cacppt',
    minimum: '0.5.13',
    defect: 'rolling updates of the control plane deadlock',
    source: 'siderolabs/cluster-api-control-plane-provider-talos#237',
  },
];

/** The `major.minor` of a version, with or without a leading `v`: `v1.13.9` -> `1.13`. */
export function minorOf(version: string): string {
  return version.replace(/^v/, '').split('.').slice(0, 2).join('.');
}

/** Numeric comparison of dotted versions, a leading `v` ignored (`1.9` < `1.10`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
