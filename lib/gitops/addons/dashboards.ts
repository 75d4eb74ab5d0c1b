import type { Construct } from 'constructs';
import { ApiObject } from '../../core/api-object';
import { GitOpsChart } from '../../core/synth/gitops-chart';
import { Addon } from './addon';
import { MONITORING_NAMESPACE } from './kube-prometheus-stack';
import { LOKI_QUERY_URL } from './loki';

/** Label Grafana's dashboard sidecar (kube-prometheus-stack) loads ConfigMaps by. */
export const GRAFANA_DASHBOARD_LABEL = 'grafana_dashboard';
/** Label Grafana's datasource sidecar loads ConfigMaps by. */
export const GRAFANA_DATASOURCE_LABEL = 'grafana_datasource';

/** Props of {@link DashboardsAddon}. */
export interface DashboardsAddonProps {
  /**
   * Add a Loki datasource (the Loki of {@link LokiAddon}); the addon then needs `loki`.
   * @default false
   */
  readonly lokiDatasource?: boolean | undefined;
}

/** One stat panel of the overview dashboard: a kube-state-metrics query. */
interface StatPanel {
  readonly title: string;
  readonly expr: string;
}

/** Panels of the platform overview; every query uses kube-state-metrics, which kube-prometheus-stack ships. */
const OVERVIEW_PANELS: readonly StatPanel[] = [
  { title: 'Nodes Ready', expr: 'sum(kube_node_status_condition{condition="Ready",status="true"})' },
  { title: 'Nodes not Ready', expr: 'sum(kube_node_status_condition{condition="Ready",status!="true"})' },
  { title: 'Pods not running', expr: 'sum(kube_pod_status_phase{phase=~"Pending|Failed|Unknown"})' },
  {
    title: 'Cilium agents ready',
    expr: 'sum(kube_daemonset_status_number_ready{namespace="kube-system",daemonset="cilium"})',
  },
  { title: 'Deployments unavailable', expr: 'sum(kube_deployment_status_replicas_unavailable)' },
  { title: 'PVCs not Bound', expr: 'sum(kube_persistentvolumeclaim_status_phase{phase!="Bound"})' },
];

/** The "Platform overview" Grafana dashboard (schema version 39), as JSON text. */
export function platformOverviewDashboard(): string {
  const panels = OVERVIEW_PANELS.map((p, i) => ({
    id: i + 1,
    type: 'stat',
    title: p.title,
    datasource: { type: 'prometheus', uid: '${datasource}' },
    gridPos: { h: 4, w: 8, x: (i % 3) * 8, y: Math.floor(i / 3) * 4 },
    targets: [{ refId: 'A', expr: p.expr, datasource: { type: 'prometheus', uid: '${datasource}' } }],
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value' },
  }));
  return JSON.stringify(
    {
      title: 'Platform overview',
      uid: 'talos-platform-overview',
      schemaVersion: 39,
      version: 1,
      editable: false,
      tags: ['talos-platform-cdk'],
      time: { from: 'now-6h', to: 'now' },
      templating: {
        list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Prometheus' }],
      },
      panels,
    },
    null,
    2,
  );
}

/**
 * Dashboards and extras (wave 3, after the monitoring stack): a "Platform overview" dashboard ConfigMap for Grafana's
 * sidecar and, with logging on, a Loki datasource. A manifests addon in `platform/dashboards/`.
 *
 * @example
 * import { AlloyAddon, DashboardsAddon, KubePrometheusStackAddon, LokiAddon } from 'talos-platform-cdk/gitops';
 *
 * apps.addAddon(new KubePrometheusStackAddon());
 * apps.addAddon(new LokiAddon());
 * apps.addAddon(new AlloyAddon());
 * apps.addAddon(new DashboardsAddon({ lokiDatasource: true })); // wave 3, needs kube-prometheus-stack and loki
 */
export class DashboardsAddon extends Addon {
  private readonly lokiDatasource: boolean;

  public constructor(props: DashboardsAddonProps = {}) {
    const loki = props.lokiDatasource ?? false;
    super({
      name: 'dashboards',
      syncWave: 3,
      namespace: MONITORING_NAMESPACE,
      needs: loki ? ['kube-prometheus-stack', 'loki'] : ['kube-prometheus-stack'],
    });
    this.lokiDatasource = loki;
  }

  public override renderManifests(scope: Construct, folder: string): void {
    const dashboards = new GitOpsChart(scope, 'Dashboards', { outputPath: `${folder}/platform-overview.yaml` });
    new ApiObject(dashboards, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'platform-overview-dashboard',
        namespace: this.namespace,
        labels: { [GRAFANA_DASHBOARD_LABEL]: '1' },
      },
      data: { 'platform-overview.json': platformOverviewDashboard() },
    });
    if (this.lokiDatasource) {
      const datasource = new GitOpsChart(scope, 'LokiDatasource', { outputPath: `${folder}/loki-datasource.yaml` });
      new ApiObject(datasource, 'Resource', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'loki-datasource',
          namespace: this.namespace,
          labels: { [GRAFANA_DATASOURCE_LABEL]: '1' },
        },
        data: {
          'loki-datasource.yaml': [
            'apiVersion: 1',
            'datasources:',
            '  - name: Loki',
            '    type: loki',
            '    access: proxy',
            `    url: ${LOKI_QUERY_URL}`,
            '',
          ].join('\n'),
        },
      });
    }
  }
}
