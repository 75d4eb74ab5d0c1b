import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { ADDON_PREREQUISITES } from '../../core/addon-prerequisites';
import { Addon } from './addon';

/** The prometheus-community Helm repository. */
export const PROMETHEUS_COMMUNITY_HELM_REPOSITORY = 'https://prometheus-community.github.io/helm-charts';

/** Namespace of the monitoring stack (Grafana's sidecars watch it for dashboards and datasources). */
export const MONITORING_NAMESPACE = 'monitoring';

/** Props of {@link KubePrometheusStackAddon}. */
export interface KubePrometheusStackAddonProps {
  /**
   * Scrape kube-controller-manager, kube-scheduler and etcd. On Talos they listen on 127.0.0.1 unless the machine
   * config sets `bind-address: 0.0.0.0` (controller manager, scheduler) and etcd `listen-metrics-urls`; without that
   * the targets are down and their alerts fire, so they are off unless the machine config exposes them.
   * @default false
   */
  readonly scrapeControlPlane?: boolean | undefined;
  /**
   * Secret (in `monitoring`) with keys `admin-user` and `admin-password` for Grafana's admin
   * (`grafana.admin.existingSecret`).
   * @default - the chart's default admin password (see docs/gitops.md: replace it)
   */
  readonly grafanaAdminSecretName?: string | undefined;
  /**
   * Apps this one needs (e.g. the app delivering the Grafana admin Secret).
   * @default []
   */
  readonly needs?: readonly string[] | undefined;
  /**
   * Prometheus retention, as Prometheus writes durations (`15d`).
   * @default "15d"
   */
  readonly retention?: string | undefined;
  /**
   * Chart version.
   * @default - CHART_VERSIONS.kubePrometheusStack
   */
  readonly version?: string | undefined;
  /**
   * Further values.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * kube-prometheus-stack (wave 2): Prometheus operator, Prometheus, Alertmanager, Grafana, kube-state-metrics and
 * node-exporter in `monitoring`, labelled `pod-security.kubernetes.io/enforce: privileged` (node-exporter runs with
 * hostNetwork, hostPID and hostPath volumes; Talos enforces `baseline` elsewhere). Server-side apply: its CRDs are
 * larger than the 262144-byte annotation client-side apply writes. `kubeProxy` is off (Cilium replaces kube-proxy
 * on Talos), and Prometheus selects every ServiceMonitor, PodMonitor and rule in the cluster, not only the chart's
 * own (`*SelectorNilUsesHelmValues: false`).
 *
 * @example
 * import { KubePrometheusStackAddon, SopsSecretsAddon } from 'talos-platform-cdk/gitops';
 *
 * const secrets = new SopsSecretsAddon({
 *   name: 'monitoring-secrets', namespace: 'monitoring', secrets: [{ name: 'grafana-admin' }],
 * });
 * apps.addAddon(secrets);
 * apps.addAddon(new KubePrometheusStackAddon({
 *   grafanaAdminSecretName: secrets.allPresent ? 'grafana-admin' : undefined,
 *   needs: [secrets.name],
 *   retention: '30d',
 * }));
 */
export class KubePrometheusStackAddon extends Addon {
  public constructor(props: KubePrometheusStackAddonProps = {}) {
    const controlPlane = props.scrapeControlPlane ?? false;
    const values: Record<string, unknown> = {
      kubeProxy: { enabled: false },
      kubeControllerManager: { enabled: controlPlane },
      kubeScheduler: { enabled: controlPlane },
      kubeEtcd: { enabled: controlPlane },
      prometheus: {
        prometheusSpec: {
          retention: props.retention ?? '15d',
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
        },
      },
    };
    if (props.grafanaAdminSecretName !== undefined) {
      values.grafana = {
        admin: { existingSecret: props.grafanaAdminSecretName, userKey: 'admin-user', passwordKey: 'admin-password' },
      };
    }
    super({
      name: 'kube-prometheus-stack',
      syncWave: 2,
      namespace: MONITORING_NAMESPACE,
      needs: props.needs,
      // node-exporter: hostNetwork, hostPID and hostPath, which Talos' default `baseline` refuses.
      prerequisites: ADDON_PREREQUISITES.monitoring,
      serverSideApply: true,
      fleet: true,
      chart: {
        repoUrl: PROMETHEUS_COMMUNITY_HELM_REPOSITORY,
        chart: 'kube-prometheus-stack',
        version: props.version ?? CHART_VERSIONS.kubePrometheusStack,
        releaseName: 'kube-prometheus-stack',
        values: mergeValues(values, props.extraValues ?? {}),
      },
    });
  }
}
