import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { Addon } from './addon';
import { GRAFANA_HELM_REPOSITORY, LOGGING_NAMESPACE, LOKI_PUSH_URL } from './loki';

/**
 * Alloy configuration that ships every container's log to Loki: pods discovered through the API server, labelled
 * with namespace, pod, container and node, read with `loki.source.kubernetes` (through the API server, so no host
 * path and no privileged pod). Follows Alloy's "Collect Kubernetes logs" guide.
 */
export function alloyLogsConfig(pushUrl: string = LOKI_PUSH_URL): string {
  return [
    'discovery.kubernetes "pods" {',
    '  role = "pod"',
    '}',
    '',
    'discovery.relabel "pods" {',
    '  targets = discovery.kubernetes.pods.targets',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_namespace"]',
    '    target_label  = "namespace"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_name"]',
    '    target_label  = "pod"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_container_name"]',
    '    target_label  = "container"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_node_name"]',
    '    target_label  = "node"',
    '  }',
    '}',
    '',
    'loki.source.kubernetes "pods" {',
    '  targets    = discovery.relabel.pods.output',
    '  forward_to = [loki.write.default.receiver]',
    '}',
    '',
    'loki.write "default" {',
    '  endpoint {',
    `    url = "${pushUrl}"`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Props of {@link AlloyAddon}. */
export interface AlloyAddonProps {
  /**
   * Loki push URL.
   * @default - the Loki of {@link LokiAddon}
   */
  readonly lokiPushUrl?: string | undefined;
  /**
   * Chart version.
   * @default - CHART_VERSIONS.alloy
   */
  readonly version?: string | undefined;
  /**
   * Further values.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Grafana Alloy (wave 2) as the log shipper for Loki, one replica (a Deployment: logs are read through the API server,
 * so one instance sees every node). It replaces Promtail, which reached end of life on 2026-03-02.
 *
 * @example
 * import { AlloyAddon, LokiAddon } from 'talos-platform-cdk/gitops';
 *
 * apps.addAddon(new LokiAddon());
 * apps.addAddon(new AlloyAddon()); // pushes to that Loki (LOKI_PUSH_URL)
 * // Or to a Loki elsewhere:
 * new AlloyAddon({ lokiPushUrl: 'https://loki.example.com/loki/api/v1/push' });
 */
export class AlloyAddon extends Addon {
  public constructor(props: AlloyAddonProps = {}) {
    super({
      name: 'alloy',
      syncWave: 2,
      namespace: LOGGING_NAMESPACE,
      chart: {
        repoUrl: GRAFANA_HELM_REPOSITORY,
        chart: 'alloy',
        version: props.version ?? CHART_VERSIONS.alloy,
        releaseName: 'alloy',
        values: mergeValues(
          {
            controller: { type: 'deployment', replicas: 1 },
            alloy: { configMap: { create: true, content: alloyLogsConfig(props.lokiPushUrl) } },
          },
          props.extraValues ?? {},
        ),
      },
    });
  }
}
