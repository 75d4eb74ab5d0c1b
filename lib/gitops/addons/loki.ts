import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { Addon } from './addon';

/** Grafana's Helm repository (Loki and Alloy charts). */
export const GRAFANA_HELM_REPOSITORY = 'https://grafana.github.io/helm-charts';

/** Namespace of the logging addons. */
export const LOGGING_NAMESPACE = 'logging';

/** Push endpoint of the Loki this addon installs (release `loki`: the chart's gateway Service is `loki-gateway`). */
export const LOKI_PUSH_URL = `http://loki-gateway.${LOGGING_NAMESPACE}.svc.cluster.local/loki/api/v1/push`;
/** Query endpoint of that Loki, for a Grafana datasource. */
export const LOKI_QUERY_URL = `http://loki-gateway.${LOGGING_NAMESPACE}.svc.cluster.local`;

/** Props of {@link LokiAddon}. */
export interface LokiAddonProps {
  /**
   * Size of Loki's volume, in GiB (default StorageClass).
   * @default 10
   */
  readonly storageGiB?: number | undefined;
  /**
   * Chart version.
   * @default - CHART_VERSIONS.loki
   */
  readonly version?: string | undefined;
  /**
   * Further values.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/** Loki's volume when none is given: 10 GiB, a couple of weeks of logs of a small platform. */
export const DEFAULT_LOKI_STORAGE_GIB = 10;

/**
 * Loki (wave 2) in monolithic mode on a filesystem volume, as Loki's "Install the monolithic Helm chart" guide
 * configures it: `deploymentMode: SingleBinary`, one replica, TSDB schema v13, the simple-scalable targets scaled to
 * 0, and the memcached caches off (their default requests reserve gigabytes of memory). Needs a default
 * StorageClass (Longhorn, or your own), or its volume stays Pending.
 *
 * @example
 * import { AlloyAddon, LokiAddon } from 'talos-platform-cdk/gitops';
 *
 * apps.addAddon(new LokiAddon({ storageGiB: 20 })); // needs a default StorageClass
 * apps.addAddon(new AlloyAddon()); // ships every container's log to it
 */
export class LokiAddon extends Addon {
  public constructor(props: LokiAddonProps = {}) {
    const storage = props.storageGiB ?? DEFAULT_LOKI_STORAGE_GIB;
    if (!Number.isInteger(storage) || storage < 1) {
      throw new Error(`loki: storageGiB is ${storage}; expected a whole number of at least 1`);
    }
    super({
      name: 'loki',
      syncWave: 2,
      namespace: LOGGING_NAMESPACE,
      chart: {
        repoUrl: GRAFANA_HELM_REPOSITORY,
        chart: 'loki',
        version: props.version ?? CHART_VERSIONS.loki,
        releaseName: 'loki',
        values: mergeValues(
          {
            deploymentMode: 'SingleBinary',
            loki: {
              auth_enabled: false,
              commonConfig: { replication_factor: 1 },
              storage: { type: 'filesystem' },
              schemaConfig: {
                configs: [
                  {
                    from: '2024-04-01',
                    store: 'tsdb',
                    object_store: 'filesystem',
                    schema: 'v13',
                    index: { prefix: 'loki_index_', period: '24h' },
                  },
                ],
              },
            },
            singleBinary: { replicas: 1, persistence: { enabled: true, size: `${storage}Gi` } },
            read: { replicas: 0 },
            write: { replicas: 0 },
            backend: { replicas: 0 },
            chunksCache: { enabled: false },
            resultsCache: { enabled: false },
            lokiCanary: { enabled: false },
            test: { enabled: false },
          },
          props.extraValues ?? {},
        ),
      },
    });
  }
}
