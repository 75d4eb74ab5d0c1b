/**
 * Every pinned version of the platform, in one place. Bump deliberately: `docs/upgrades.md` lists what to re-run
 * (`npm run import`, `npm run conformance`) after a change here.
 *
 * A `// renovate: datasource=... depName=...` line right above a pin tells Renovate where its releases are
 * (renovate.json, docs/versioning.md); test/renovate fails for a pin without one. `TERRAFORM_PROVIDER_VERSIONS`
 * needs none: its `source` is the registry address.
 */

/** Talos Linux release the platform installs (Image Factory installer and nocloud image). */
// renovate: datasource=github-releases depName=siderolabs/talos extractVersion=^v(?<version>.+)$
export const TALOS_VERSION = '1.13.9';

/**
 * Kubernetes version installed by default: the newest minor that both Talos 1.13 (1.31 to 1.36) and Cluster API
 * v1.12 (management 1.31 to 1.35, workload 1.29 to 1.35) support. Talos 1.13's own default, 1.36, is outside
 * CAPI v1.12's range, so it is not used here.
 */
// renovate: datasource=github-releases depName=kubernetes/kubernetes extractVersion=^v(?<version>.+)$
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
// renovate: datasource=github-releases depName=kubernetes-sigs/cluster-api
export const CLUSTER_API_VERSION = 'v1.12.11';
/** Cluster API Provider Proxmox (ionos-cloud), InfrastructureProvider `proxmox`. */
// renovate: datasource=github-releases depName=ionos-cloud/cluster-api-provider-proxmox
export const CAPMOX_VERSION = 'v0.9.0';
/** Cluster API Bootstrap Provider Talos, BootstrapProvider `talos`. */
// renovate: datasource=github-releases depName=siderolabs/cluster-api-bootstrap-provider-talos
export const CABPT_VERSION = 'v0.6.12';
/**
 * Cluster API Control Plane Provider Talos, ControlPlaneProvider `talos`. v0.5.13 (release PR
 * siderolabs/cluster-api-control-plane-provider-talos#255, 2026-04-27) carries #250, the fix of the rolling-update
 * deadlock #237 that v0.5.12 hits on every control-plane replacement; see `KNOWN_DEFECT_FLOORS`.
 */
// renovate: datasource=github-releases depName=siderolabs/cluster-api-control-plane-provider-talos
export const CACPPT_VERSION = 'v0.5.13';
/** In-cluster IPAM provider, IPAMProvider `in-cluster`. CAPMOX v0.9 needs v1.1.0 or newer. */
// renovate: datasource=github-releases depName=kubernetes-sigs/cluster-api-ipam-provider-in-cluster
export const IPAM_IN_CLUSTER_VERSION = 'v1.1.0';
/**
 * Cluster API Add-on Provider Helm (CAAPH), AddonProvider `helm`: delivers Cilium to workload clusters. v0.6.4
 * (commit 8256629) declares contract v1beta2 for v0.6 in metadata.yaml, the contract of CAPI v1.12, and reads
 * `Cluster.status.initialization.controlPlaneInitialized` (v1beta2) before it installs.
 */
// renovate: datasource=github-releases depName=kubernetes-sigs/cluster-api-addon-provider-helm
export const CAAPH_VERSION = 'v0.6.4';
/** cluster-api-operator (Helm chart and app version). */
// renovate: datasource=github-releases depName=kubernetes-sigs/cluster-api-operator
export const CAPI_OPERATOR_VERSION = 'v0.28.0';
/**
 * Talos cloud controller manager (siderolabs/talos-cloud-controller-manager), installed on workload clusters from
 * `docs/deploy/cloud-controller-manager.yml` at this tag. Checked upstream (repository snapshot at commit 3e16ef5,
 * 2026-06-24): v1.12.0 (2026-01-09, commit 0b5c760) is the newest tag and CHANGELOG.md entry, and its manifest runs
 * `ghcr.io/siderolabs/talos-cloud-controller-manager:v1.12.0` with `--controllers=cloud-node,node-csr-approval`.
 */
// renovate: datasource=github-releases depName=siderolabs/talos-cloud-controller-manager
export const TALOS_CCM_VERSION = 'v1.12.0';

/**
 * Sidero's talos-backup (siderolabs/talos-backup), the etcd snapshot CronJob of `addons.etcdBackup`: the newest
 * release tag, v0.1.0-beta.3 (2025-02-10, commit 11ca8c5); its CI pushes `ghcr.io/siderolabs/talos-backup:<tag>`.
 * Its configuration is environment variables only (`pkg/config/service.go` at that tag).
 */
// renovate: datasource=github-tags depName=siderolabs/talos-backup
export const TALOS_BACKUP_VERSION = 'v0.1.0-beta.3';

/**
 * Helm charts installed by Terraform (stages 20 and 50) or by Argo CD (addons). Chart versions, not app versions.
 * Where each was checked (upstream release notes or Chart.yaml) is noted next to it; bump with the same care.
 */
export const CHART_VERSIONS = {
  // renovate: datasource=helm registryUrl=https://charts.jetstack.io depName=cert-manager
  certManager: 'v1.21.1',
  // renovate: datasource=helm registryUrl=https://kubernetes-sigs.github.io/cluster-api-operator depName=cluster-api-operator
  capiOperator: '0.28.0',
  /**
   * argo-helm `argo-cd-10.3.3` ships Argo CD v3.5.1, the CRDs `imports/k8s` is built from. Newer than the argo-helm
   * snapshot read (its newest tag is argo-cd-10.1.1, 2026-07-02); public repositories vendor `argo-cd-10.3.3.tgz`
   * from the argo-helm repository with appVersion v3.5.1 (see CHART_PIN_SOURCES).
   */
  // renovate: datasource=helm registryUrl=https://argoproj.github.io/argo-helm depName=argo-cd
  argoCd: '10.3.3',
  /**
   * Cilium 1.20: the first line e2e-tested on Kubernetes 1.36 (its 1.18 line lists 1.30-1.33). Serves
   * `CiliumLoadBalancerIPPool` `cilium.io/v2` (v2alpha1 removed in 1.20) and `CiliumL2AnnouncementPolicy` v2alpha1.
   * 1.20.2 is the newest 1.20 patch in Cilium's stable-releases table (2026-09-15, `quay.io/cilium/cilium:v1.20.2`);
   * the cilium/cilium repository is too large to read here, so the tag itself was not (see CHART_PIN_SOURCES).
   */
  // renovate: datasource=helm registryUrl=https://helm.cilium.io depName=cilium
  cilium: '1.20.2',
  /** kubernetes-sigs/external-dns chart 1.21.1 = ExternalDNS v0.21.0. */
  // renovate: datasource=helm registryUrl=https://kubernetes-sigs.github.io/external-dns depName=external-dns
  externalDns: '1.21.1',
  /** longhorn/longhorn `chart/Chart.yaml` at tag v1.11.2 (version 1.11.2), which charts.longhorn.io serves. */
  // renovate: datasource=helm registryUrl=https://charts.longhorn.io depName=longhorn
  longhorn: '1.11.2',
  /**
   * prometheus-community/helm-charts release `kube-prometheus-stack-88.6.2`: newer than the snapshot read (newest
   * 88.5.3, 2026-08-22); public Helm release listings show it deployed with appVersion v0.93.1.
   */
  // renovate: datasource=helm registryUrl=https://prometheus-community.github.io/helm-charts depName=kube-prometheus-stack
  kubePrometheusStack: '88.6.2',
  /** external-secrets `helm-chart-2.9.0` = ESO v2.9.0, the CRDs `imports/k8s` is built from. */
  // renovate: datasource=helm registryUrl=https://charts.external-secrets.io depName=external-secrets
  externalSecrets: '2.9.0',
  /** vmware-tanzu/helm-charts `velero-12.0.2` = Velero v1.18.1 (vmware-tanzu/helm-charts#737). */
  // renovate: datasource=helm registryUrl=https://vmware-tanzu.github.io/helm-charts depName=velero
  velero: '12.0.2',
  /**
   * Kyverno chart 3.9.0 = Kyverno v1.19.0: `charts/kyverno/Chart.yaml` at tag v1.19.0 (commit ee97ce0) has
   * `version: 3.9.0`, `appVersion: v1.19.0`, the CRDs `imports/k8s/kyverno.io.ts` is built from.
   */
  // renovate: datasource=helm registryUrl=https://kyverno.github.io/kyverno depName=kyverno
  kyverno: '3.9.0',
  /** grafana/loki tag `helm-loki-6.46.0`. */
  // renovate: datasource=helm registryUrl=https://grafana.github.io/helm-charts depName=loki
  loki: '6.46.0',
  /**
   * Grafana Alloy chart `1.11.1` (grafana/alloy#6840), the log shipper. Promtail reached end of life on 2026-03-02
   * (Grafana's Promtail docs), so it is not offered.
   */
  // renovate: datasource=helm registryUrl=https://grafana.github.io/helm-charts depName=alloy
  alloy: '1.11.1',
  /**
   * sergelogvinov/proxmox-csi-plugin chart 0.5.9 = plugin v0.19.1: `charts/proxmox-csi-plugin/Chart.yaml` at tag
   * v0.19.1 (commit a7c58ec) has `version: 0.5.9`, `appVersion: v0.19.1`; `.github/workflows/release-charts.yaml`
   * pushes it to `oci://ghcr.io/sergelogvinov/charts` (`HELMREPO` in its Makefile).
   */
  // renovate: datasource=docker depName=ghcr.io/sergelogvinov/charts/proxmox-csi-plugin
  proxmoxCsi: '0.5.9',
  /**
   * Flux Operator and its `flux-instance` chart (`controlplaneio-fluxcd/charts`, OCI): both carry the operator's
   * version (`Chart.yaml` `version` = `appVersion`). Operator v0.58.1 ships the Flux 2.9.4 manifests
   * (`config/data/flux-images/v2.9.4/`).
   */
  // renovate: datasource=docker depName=ghcr.io/controlplaneio-fluxcd/charts/flux-operator
  fluxOperator: '0.58.1',
} as const;

/**
 * Flux distribution the FluxInstance pins: 2.9.4 ships kustomize-controller v1.9.4 and helm-controller v1.6.3, the
 * CRDs `imports/k8s` is built from (flux-operator `config/data/flux-images/v2.9.4/upstream-alpine.yaml`).
 */
// renovate: datasource=github-releases depName=fluxcd/flux2 extractVersion=^v(?<version>.+)$
export const FLUX_DISTRIBUTION_VERSION = '2.9.4';

/** Where a chart pin was checked. */
export interface ChartPinSource {
  /** The upstream git repository that publishes the chart (`owner/name`). */
  readonly repository: string;
  /** The release tag of that chart version in it (chart version and tag are tied by the project's release process). */
  readonly tag: string;
  /** The chart's `Chart.yaml` in that repository. */
  readonly chartFile: string;
  /**
   * `tag`: the tag exists upstream and its `Chart.yaml` has this version (or the release process stamps the tag
   * into it). `secondary`: the tag is newer than the upstream snapshot that could be read; independent public
   * sources name the version (see `test/fixtures/chart-catalog.yaml`), the upstream tag itself was not read.
   */
  readonly evidence: 'tag' | 'secondary';
}

/**
 * The source of every {@link CHART_VERSIONS} pin, checked against the upstream repositories (their tags and
 * `Chart.yaml`); `test/fixtures/chart-catalog.yaml` lists the versions each one published, with where the list came
 * from, and a test keeps the pins inside it.
 */
export const CHART_PIN_SOURCES: Readonly<Record<keyof typeof CHART_VERSIONS, ChartPinSource>> = {
  certManager: {
    repository: 'cert-manager/cert-manager',
    tag: 'v1.21.1',
    chartFile: 'deploy/charts/cert-manager/Chart.template.yaml',
    evidence: 'tag',
  },
  capiOperator: {
    repository: 'kubernetes-sigs/cluster-api-operator',
    tag: 'v0.28.0',
    chartFile: 'hack/charts/cluster-api-operator/Chart.yaml',
    evidence: 'tag',
  },
  argoCd: {
    repository: 'argoproj/argo-helm',
    tag: 'argo-cd-10.3.3',
    chartFile: 'charts/argo-cd/Chart.yaml',
    evidence: 'secondary',
  },
  cilium: {
    repository: 'cilium/cilium',
    tag: 'v1.20.2',
    chartFile: 'install/kubernetes/cilium/Chart.yaml',
    evidence: 'secondary',
  },
  externalDns: {
    repository: 'kubernetes-sigs/external-dns',
    tag: 'external-dns-helm-chart-1.21.1',
    chartFile: 'charts/external-dns/Chart.yaml',
    evidence: 'tag',
  },
  longhorn: { repository: 'longhorn/longhorn', tag: 'v1.11.2', chartFile: 'chart/Chart.yaml', evidence: 'tag' },
  kubePrometheusStack: {
    repository: 'prometheus-community/helm-charts',
    tag: 'kube-prometheus-stack-88.6.2',
    chartFile: 'charts/kube-prometheus-stack/Chart.yaml',
    evidence: 'secondary',
  },
  externalSecrets: {
    repository: 'external-secrets/external-secrets',
    tag: 'helm-chart-2.9.0',
    chartFile: 'deploy/charts/external-secrets/Chart.yaml',
    evidence: 'tag',
  },
  velero: {
    repository: 'vmware-tanzu/helm-charts',
    tag: 'velero-12.0.2',
    chartFile: 'charts/velero/Chart.yaml',
    evidence: 'tag',
  },
  kyverno: { repository: 'kyverno/kyverno', tag: 'v1.19.0', chartFile: 'charts/kyverno/Chart.yaml', evidence: 'tag' },
  loki: {
    repository: 'grafana/loki',
    tag: 'helm-loki-6.46.0',
    chartFile: 'production/helm/loki/Chart.yaml',
    evidence: 'tag',
  },
  alloy: {
    repository: 'grafana/alloy',
    tag: 'helm-chart/1.11.1',
    chartFile: 'operations/helm/charts/alloy/Chart.yaml',
    evidence: 'tag',
  },
  proxmoxCsi: {
    repository: 'sergelogvinov/proxmox-csi-plugin',
    tag: 'v0.19.1',
    chartFile: 'charts/proxmox-csi-plugin/Chart.yaml',
    evidence: 'tag',
  },
  fluxOperator: {
    repository: 'controlplaneio-fluxcd/charts',
    tag: 'v0.58.1',
    chartFile: 'charts/flux-operator/Chart.yaml',
    evidence: 'secondary',
  },
};

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
  readonly minIpamInCluster?: string | undefined;
  /** Releases of this minor below a known defect's fix, if any. */
  readonly knownDefectFloor?: KnownDefectFloor | undefined;
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
 * The version type and helpers, and the rule functions that read these tables, live in `lib/core/rules`; the type
 * is re-exported here so the package root offers it next to the pins (`Version.of(TALOS_VERSION)`).
 */
export { Version, compareVersions, minorOf } from './rules/version';
export type { VersionInput } from './rules/version';
