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
/**
 * Cluster API Control Plane Provider Talos, ControlPlaneProvider `talos`. v0.5.13 (release PR
 * siderolabs/cluster-api-control-plane-provider-talos#255, 2026-04-27) carries #250, the fix of the rolling-update
 * deadlock #237 that v0.5.12 hits on every control-plane replacement; see `KNOWN_DEFECT_FLOORS`.
 */
export const CACPPT_VERSION = 'v0.5.13';
/** In-cluster IPAM provider, IPAMProvider `in-cluster`. CAPMOX v0.9 needs v1.1.0 or newer. */
export const IPAM_IN_CLUSTER_VERSION = 'v1.1.0';
/**
 * Cluster API Add-on Provider Helm (CAAPH), AddonProvider `helm`: delivers Cilium to workload clusters. v0.6.4
 * (commit 8256629) declares contract v1beta2 for v0.6 in metadata.yaml, the contract of CAPI v1.12, and reads
 * `Cluster.status.initialization.controlPlaneInitialized` (v1beta2) before it installs.
 */
export const CAAPH_VERSION = 'v0.6.4';
/** cluster-api-operator (Helm chart and app version). */
export const CAPI_OPERATOR_VERSION = 'v0.28.0';
/**
 * Talos cloud controller manager (siderolabs/talos-cloud-controller-manager), installed on workload clusters from
 * `docs/deploy/cloud-controller-manager.yml` at this tag. Checked upstream (repository snapshot at commit 3e16ef5,
 * 2026-06-24): v1.12.0 (2026-01-09, commit 0b5c760) is the newest tag and CHANGELOG.md entry, and its manifest runs
 * `ghcr.io/siderolabs/talos-cloud-controller-manager:v1.12.0` with `--controllers=cloud-node,node-csr-approval`.
 */
export const TALOS_CCM_VERSION = 'v1.12.0';

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
  /**
   * Kyverno chart 3.9.0 = Kyverno v1.19.0: `charts/kyverno/Chart.yaml` at tag v1.19.0 (commit ee97ce0) has
   * `version: 3.9.0`, `appVersion: v1.19.0`, the CRDs `imports/k8s/kyverno.io.ts` is built from.
   */
  kyverno: '3.9.0',
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

/** A release that must not be used, and why. */
export interface KnownDefectFloor {
  /** Lowest usable version of the rule's minor, without the leading `v`. */
  readonly version: string;
  /** Upstream issue of the defect below it (`owner/repo#number`). */
  readonly issue: string;
  /** What goes wrong below the floor. */
  readonly defect: string;
}

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
  /** Releases of this minor below a known defect's fix, if any. */
  readonly knownDefectFloor?: KnownDefectFloor;
}

/** The compatibility table: the only one; the spec checks and the operator-provider constructs both read it. */
export const COMPATIBILITY: readonly CompatibilityRule[] = [
  { provider: 'capmox', minor: '0.9', clusterApiMinors: ['1.11', '1.12'], minIpamInCluster: '1.1.0' },
  { provider: 'capmox', minor: '0.8', clusterApiMinors: ['1.10', '1.11'], minIpamInCluster: '1.0.0' },
  { provider: 'cabpt', minor: '0.6', clusterApiMinors: ['1.9', '1.10', '1.11', '1.12'] },
  {
    provider: 'cacppt',
    minor: '0.5',
    clusterApiMinors: ['1.9', '1.10', '1.11', '1.12'],
    knownDefectFloor: {
      version: '0.5.13',
      issue: 'siderolabs/cluster-api-control-plane-provider-talos#237',
      defect:
        'every control-plane rolling update deadlocks (the etcd health check counts the machine that already left ' +
        'etcd; fixed by #250 in v0.5.13)',
    },
  },
];

/** Display names of the providers the table knows. */
export const PROVIDER_DISPLAY_NAMES: Readonly<Record<CompatibilityRule['provider'], string>> = {
  capmox: 'CAPMOX',
  cabpt: 'CABPT',
  cacppt: 'CACPPT',
};

/**
 * The version helpers and the rule functions that read these tables live in `lib/core/rules`; re-exported here for
 * the modules that import them from their old place.
 */
export { compareVersions, minorOf } from './rules/version';
