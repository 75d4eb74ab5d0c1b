/**
 * The platform's GitOps tree (`dist/`): the app-of-apps children on the management cluster, the addon catalog chosen
 * by `config.platform.addons`, the fleet ApplicationSets for workload clusters, and the Applications that sync the
 * Cluster API folders `clusters/<env>/<name>/` (written by `addCapiCharts`). Composition only; every decision lives
 * in lib/gitops.
 */
import type { App } from 'cdk8s';
import type { PlatformConfig, ResolvedWorkloadCluster } from '../lib/core/spec/resolved';
import { SecretTodos } from '../lib/secrets/secret-todos';
import { ADDON_PREREQUISITES, podSecurityLabels } from '../lib/core/addon-prerequisites';
import type { Addon } from '../lib/gitops/addons/addon';
import { AlloyAddon } from '../lib/gitops/addons/alloy';
import { CertManagerAddon, JETSTACK_HELM_REPOSITORY } from '../lib/gitops/addons/cert-manager';
import { CILIUM_HELM_REPOSITORY, CiliumAddon } from '../lib/gitops/addons/cilium';
import type { TalosCiliumValuesOptions } from '../lib/gitops/addons/cilium';
import { CiliumLoadBalancerAddon } from '../lib/gitops/addons/cilium-load-balancer';
import { DashboardsAddon } from '../lib/gitops/addons/dashboards';
import {
  CLOUDFLARE_CREDENTIALS,
  EXTERNAL_DNS_HELM_REPOSITORY,
  ExternalDnsAddon,
} from '../lib/gitops/addons/external-dns';
import { EXTERNAL_SECRETS_HELM_REPOSITORY, ExternalSecretsAddon } from '../lib/gitops/addons/external-secrets';
import { KYVERNO_HELM_REPOSITORY, KyvernoAddon } from '../lib/gitops/addons/kyverno';
import { ExternalAddon } from '../lib/gitops/addons/external';
import {
  KubePrometheusStackAddon,
  PROMETHEUS_COMMUNITY_HELM_REPOSITORY,
} from '../lib/gitops/addons/kube-prometheus-stack';
import { GRAFANA_HELM_REPOSITORY, LokiAddon } from '../lib/gitops/addons/loki';
import { LONGHORN_HELM_REPOSITORY, LonghornAddon } from '../lib/gitops/addons/longhorn';
import { PROXMOX_CSI_CHART, PROXMOX_CSI_HELM_REPOSITORY } from '../lib/gitops/addons/proxmox-csi';
import { SopsSecretsAddon } from '../lib/gitops/addons/sops-secrets';
import { VMWARE_TANZU_HELM_REPOSITORY, VeleroAddon } from '../lib/gitops/addons/velero';
import { AppOfApps } from '../lib/gitops/app-of-apps';
import type { IPlatformDelivery } from '../lib/gitops/delivery';
import { FluxFleet } from '../lib/gitops/flux/flux-fleet';
import { FluxPlatform } from '../lib/gitops/flux/flux-platform';
import { GitOpsLayout } from '../lib/gitops/layout';
import { ArgoCdClusterRegistration } from '../lib/gitops/cluster-registration';
import { Fleet, fleetClusterLabels } from '../lib/gitops/fleet';
import { LABEL_PREFIX } from '../lib/gitops/constants';
import { GitOpsChart } from '../lib/core/synth/gitops-chart';
import { addProxmoxCsi } from './gitops-proxmox-csi';
import { addEtcdBackups } from './etcd-backup';

/** Argo CD project of every platform Application (created by stage 50 with the root app). */
export const PLATFORM_PROJECT = 'platform';
/** Name of the root Application (stage 50). */
export const ROOT_APP_NAME = 'platform';
/** Wave of the Applications that sync workload clusters and of the fleet: after every platform addon. */
export const WORKLOAD_CLUSTERS_SYNC_WAVE = 4;

/**
 * Every Helm repository the catalog can use, enabled or not: the platform project allows them all, so turning an
 * addon on never needs a stage 50 apply.
 */
export const CATALOG_HELM_REPOSITORIES: readonly string[] = [
  CILIUM_HELM_REPOSITORY,
  JETSTACK_HELM_REPOSITORY,
  EXTERNAL_DNS_HELM_REPOSITORY,
  LONGHORN_HELM_REPOSITORY,
  PROMETHEUS_COMMUNITY_HELM_REPOSITORY,
  EXTERNAL_SECRETS_HELM_REPOSITORY,
  VMWARE_TANZU_HELM_REPOSITORY,
  GRAFANA_HELM_REPOSITORY,
  KYVERNO_HELM_REPOSITORY,
  // An OCI chart: Argo CD fetches (and the project must allow) `<registry path>/<chart>`.
  `${PROXMOX_CSI_HELM_REPOSITORY}/${PROXMOX_CSI_CHART}`,
];

/** Folder of the workload clusters' Argo CD registrations (one Kyverno ClusterPolicy per cluster), by default. */
export const REGISTRATION_FOLDER = `${GitOpsLayout.DEFAULT.platformFolder}/registration`;
/** Label of a registered workload cluster naming its environment (the folder of its spec). */
export const ENVIRONMENT_LABEL = `${LABEL_PREFIX}/environment`;

/** Who installs cert-manager on the management cluster (the Cluster API operator needs it before Argo CD exists). */
export const MANAGEMENT_CERT_MANAGER_OWNER = 'Terraform stage 20-capi-operator';

/** The management cluster's tree (Argo CD app-of-apps or Flux) and the fleet (workload clusters) of a platform. */
export interface PlatformGitOps {
  /** The tree of the engine the spec names. */
  readonly delivery: IPlatformDelivery;
  /** The Argo CD app-of-apps, with `engine: argocd`. */
  readonly appOfApps: AppOfApps | undefined;
  /** The Argo CD fleet ApplicationSets, with `engine: argocd` and fleet addons. */
  readonly fleet: Fleet | undefined;
  /** The Flux fleet, with `engine: flux`, fleet addons and workload clusters. */
  readonly fluxFleet: FluxFleet | undefined;
}

/** The layout of the tree the spec names. */
export function platformLayout(config: PlatformConfig): GitOpsLayout {
  return GitOpsLayout.of(config.platform.gitops.layout);
}

/**
 * Cilium options of the management cluster, shared by stage 10 (which installs Cilium once so nodes turn Ready) and
 * the GitOps `cilium` Application (which adopts that release): both must render the same chart values.
 */
export function managementCiliumOptions(config: PlatformConfig): TalosCiliumValuesOptions {
  const { addons, management } = config.platform;
  return {
    operatorReplicas: Math.min(2, management.machines.length),
    l2Announcements: addons.cilium.l2Announcements !== undefined,
  };
}

/**
 * Adds the GitOps tree of `config` to `app`:
 *
 * - `platform/apps/<wave>-<name>.yaml`: one Application per addon and per workload cluster (the root app's folder);
 * - `platform/<addon>/`: manifests of manifests addons (Cilium LB pool, dashboards, SOPS secrets);
 * - `platform/fleet/<addon>.yaml`: the fleet ApplicationSets.
 */
export function addPlatformCharts(app: App, config: PlatformConfig): PlatformGitOps {
  const { gitops, addons, management } = config.platform;
  const common = {
    repoUrl: gitops.repoUrl,
    targetRevision: gitops.revision,
    basePath: gitops.path,
    layout: platformLayout(config),
  };
  const appOfApps =
    gitops.engine === 'argocd' ? new AppOfApps(app, 'Platform', { ...common, project: PLATFORM_PROJECT }) : undefined;
  const delivery: IPlatformDelivery = appOfApps ?? new FluxPlatform(app, 'Platform', common);
  const nodeCount = management.machines.length;
  if (addons.cilium.enabled) {
    const l2 = addons.cilium.l2Announcements;
    delivery.addAddon(new CiliumAddon(managementCiliumOptions(config)));
    if (l2) delivery.addAddon(new CiliumLoadBalancerAddon({ start: l2.start, stop: l2.end }));
  }
  delivery.addAddon(
    new ExternalAddon({ name: 'cert-manager', syncWave: 1, installedBy: MANAGEMENT_CERT_MANAGER_OWNER }),
  );
  if (addons.externalSecrets.enabled) delivery.addAddon(new ExternalSecretsAddon());
  if (addons.externalDns.enabled) addExternalDns(delivery, config);
  if (addons.longhorn.enabled) delivery.addAddon(new LonghornAddon({ replicaCount: Math.min(3, nodeCount) }));
  if (addons.monitoring.enabled) addMonitoring(delivery);
  if (addons.velero.enabled) delivery.addAddon(new VeleroAddon());
  if (addons.proxmoxCsi.enabled) addProxmoxCsi(delivery, config);
  if (addons.logging.enabled) {
    delivery.addAddon(new LokiAddon());
    delivery.addAddon(new AlloyAddon());
  }
  if (addons.dashboards.enabled) {
    delivery.addAddon(new DashboardsAddon({ lokiDatasource: addons.logging.enabled }));
  }

  const fleetAddons = workloadAddons(config);
  const fleetFolder = `${delivery.layout.platformFolder}/fleet`;
  let fleet: Fleet | undefined;
  let fluxFleet: FluxFleet | undefined;
  if (appOfApps && fleetAddons.length > 0) {
    fleet = new Fleet(app, 'Fleet', { addons: fleetAddons, project: PLATFORM_PROJECT, folder: fleetFolder });
    delivery.addFolder({
      name: 'fleet',
      syncWave: WORKLOAD_CLUSTERS_SYNC_WAVE,
      folder: fleet.folder,
      namespace: appOfApps.argocdNamespace,
      createNamespace: false,
    });
  }

  if (gitops.clusterDelivery === 'gitops') {
    for (const cluster of config.clusters) addWorkloadCluster(delivery, cluster);
  }
  if (appOfApps && config.clusters.length > 0) addRegistrations(app, appOfApps, config, fleetAddons);
  if (!appOfApps && fleetAddons.length > 0 && config.clusters.length > 0) {
    fluxFleet = new FluxFleet(app, 'Fleet', {
      addons: fleetAddons,
      folder: fleetFolder,
      clusters: config.clusters.map((c) => ({
        name: c.name,
        environment: c.environment,
        labels: registrationLabels(fleetAddons, c),
      })),
    });
    for (const cluster of config.clusters) {
      const folder = fluxFleet.clusterFolders.get(cluster.name);
      if (folder === undefined) continue;
      // Releases live in the cluster's namespace (where its kubeconfig Secret is), which the cluster folder or
      // stage 40 creates; a fleet Kustomization never waits, so nothing depends on a cluster still provisioning.
      delivery.addFolder({
        name: `fleet-${cluster.name}`,
        syncWave: WORKLOAD_CLUSTERS_SYNC_WAVE,
        folder,
        namespace: cluster.name,
        createNamespace: false,
        waitForReady: false,
      });
    }
  }
  addEtcdBackups(delivery, config, WORKLOAD_CLUSTERS_SYNC_WAVE);
  return { delivery, appOfApps, fleet, fluxFleet };
}

/**
 * The addons workload clusters are offered (each cluster opts in per addon with a label on its Argo CD cluster
 * Secret): cert-manager and the chart addons turned on for the platform. Not Cilium: CAAPH installs it on each
 * workload cluster (`WorkloadClusterCilium`), before the cluster is registered.
 */
export function workloadAddons(config: PlatformConfig): Addon[] {
  const { addons } = config.platform;
  const out: Addon[] = [];
  if (addons.certManager.enabled) out.push(new CertManagerAddon());
  if (addons.externalSecrets.enabled) out.push(new ExternalSecretsAddon());
  if (addons.longhorn.enabled) out.push(new LonghornAddon());
  if (addons.monitoring.enabled) out.push(new KubePrometheusStackAddon());
  return out;
}

/** Folder of a workload cluster's Cluster API objects in the tree (written by `addCapiCharts`). */
export function workloadClusterFolder(config: PlatformConfig, cluster: ResolvedWorkloadCluster): string {
  return platformLayout(config).clusterFolder(cluster.environment, cluster.name);
}

/** The labels of a workload cluster's Argo CD cluster Secret: its environment, its spec labels, the fleet switches. */
export function registrationLabels(
  fleetAddons: readonly Addon[],
  cluster: ResolvedWorkloadCluster,
): Record<string, string> {
  return fleetClusterLabels(fleetAddons, { [ENVIRONMENT_LABEL]: cluster.environment, ...cluster.labels });
}

/**
 * Kyverno (wave 1) and one `ArgoCdClusterRegistration` per workload cluster in `platform/registration/`, synced by
 * the `cluster-registration` Application after Kyverno's CRDs exist. The Application has no resources finalizer and
 * each policy is retained (`Prune=false,Delete=false`), so a spec file that goes missing never unregisters a running
 * cluster.
 */
function addRegistrations(app: App, appOfApps: AppOfApps, config: PlatformConfig, fleetAddons: readonly Addon[]): void {
  const kyverno = new KyvernoAddon();
  appOfApps.addAddon(kyverno);
  const folder = `${appOfApps.layout.platformFolder}/registration`;
  for (const cluster of config.clusters) {
    const chart = new GitOpsChart(app, `Registration.${cluster.environment}.${cluster.name}`, {
      outputPath: `${folder}/${cluster.environment}-${cluster.name}.yaml`,
    });
    new ArgoCdClusterRegistration(chart, 'Registration', {
      clusterName: cluster.name,
      clusterNamespace: cluster.name,
      labels: registrationLabels(fleetAddons, cluster),
      argocdNamespace: appOfApps.argocdNamespace,
    });
  }
  appOfApps.addFolder({
    name: 'cluster-registration',
    syncWave: WORKLOAD_CLUSTERS_SYNC_WAVE,
    folder,
    namespace: appOfApps.argocdNamespace,
    createNamespace: false,
    needs: [kyverno.name],
    cascadeDelete: false,
  });
}

function addWorkloadCluster(delivery: IPlatformDelivery, cluster: ResolvedWorkloadCluster): void {
  delivery.addFolder({
    name: `cluster-${cluster.name}`,
    syncWave: WORKLOAD_CLUSTERS_SYNC_WAVE,
    folder: delivery.layout.clusterFolder(cluster.environment, cluster.name),
    // The folder holds the Namespace object (named after the cluster, as WorkloadCluster does by default).
    namespace: cluster.name,
    createNamespace: false,
    // No cascade: deleting this unit (its file gone from Git) orphans the cluster; Cluster API tears it down in
    // order only when someone deletes the Cluster (docs/clusters.md, "Decommission").
    cascadeDelete: false,
    // Provisioning takes longer than any timeout; the fleet's releases retry until the kubeconfig exists.
    waitForReady: false,
  });
}

function addExternalDns(appOfApps: IPlatformDelivery, config: PlatformConfig): void {
  const { externalDns } = config.platform.addons;
  const cloudflare = externalDns.provider === 'cloudflare';
  let credentialsApp: string | undefined;
  if (cloudflare) {
    const secrets = new SopsSecretsAddon({
      name: 'external-dns-secrets',
      namespace: 'external-dns',
      secrets: [{ name: CLOUDFLARE_CREDENTIALS.secretName }],
    });
    appOfApps.addAddon(secrets);
    if (!secrets.allPresent) {
      SecretTodos.of(appOfApps).add({
        title:
          'ExternalDNS is not deployed: its Cloudflare token ' +
          `(Secret external-dns/${CLOUDFLARE_CREDENTIALS.secretName}) is not in the repository yet`,
        fix:
          `CF_API_TOKEN=... talos-platform-cdk secrets new --preset external-dns-cloudflare ` +
          `--out platform/secrets/${CLOUDFLARE_CREDENTIALS.secretName}.sops.yaml, then synth again`,
        constructPath: appOfApps.node.path,
        file: `platform/secrets/${CLOUDFLARE_CREDENTIALS.secretName}.sops.yaml`,
      });
      return;
    }
    credentialsApp = secrets.name;
  }
  appOfApps.addAddon(
    new ExternalDnsAddon({
      provider: externalDns.provider,
      txtOwnerId: config.platform.management.name,
      domainFilters: externalDns.domainFilters,
      credentialsApp,
    }),
  );
}

function addMonitoring(appOfApps: IPlatformDelivery): void {
  const secrets = new SopsSecretsAddon({
    name: 'monitoring-secrets',
    namespace: 'monitoring',
    secrets: [{ name: 'grafana-admin' }],
    // This app creates `monitoring` (wave 1): with kube-prometheus-stack's Pod Security level from the start.
    namespaceLabels: podSecurityLabels(ADDON_PREREQUISITES.monitoring!.podSecurity),
  });
  appOfApps.addAddon(secrets);
  if (!secrets.allPresent) {
    SecretTodos.of(appOfApps).add({
      title: "Grafana keeps the chart's default admin password until Secret monitoring/grafana-admin exists",
      fix:
        'talos-platform-cdk secrets new grafana-admin --namespace monitoring --from-env admin-user=GRAFANA_USER ' +
        '--from-env admin-password=GRAFANA_PASSWORD --out platform/secrets/grafana-admin.sops.yaml, then synth again',
      constructPath: appOfApps.node.path,
      file: 'platform/secrets/grafana-admin.sops.yaml',
    });
  }
  appOfApps.addAddon(
    new KubePrometheusStackAddon({
      grafanaAdminSecretName: secrets.allPresent ? 'grafana-admin' : undefined,
      needs: [secrets.name],
    }),
  );
}
