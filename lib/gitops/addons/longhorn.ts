import { ADDON_PREREQUISITES, LONGHORN_DATA_PATH } from '../../core/addon-prerequisites';
import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { Addon } from './addon';

/** Longhorn's Helm repository. */
export const LONGHORN_HELM_REPOSITORY = 'https://charts.longhorn.io';

/** What Longhorn needs on Talos (extensions, kubelet mount, privileged namespace): `ADDON_PREREQUISITES.longhorn`. */
const PREREQUISITES = ADDON_PREREQUISITES.longhorn!;

/** Talos system extensions Longhorn needs on every node (Longhorn docs, "Talos Linux Support"). */
export const LONGHORN_TALOS_EXTENSIONS: readonly string[] = PREREQUISITES.talosExtensions;

/**
 * The kubelet mount Longhorn needs on Talos (Longhorn docs, "Talos Linux Support"): `/var/lib/longhorn` bind-mounted
 * `rshared` into the kubelet, as a Talos machine config patch. The platform applies it to every node the addon
 * reaches; construct users composing their own clusters add it themselves.
 */
export const LONGHORN_TALOS_KUBELET_MOUNT = { machine: { kubelet: { extraMounts: PREREQUISITES.kubeletExtraMounts } } };

/**
 * Replicas of each volume of the default StorageClass: Longhorn's default (3), one per node. A cluster with fewer
 * nodes needs fewer, or volumes stay degraded.
 */
export const DEFAULT_LONGHORN_REPLICAS = 3;

/** Props of {@link LonghornAddon}. */
export interface LonghornAddonProps {
  /**
   * Replicas of the default StorageClass (`persistence.defaultClassReplicaCount`); at most the number of nodes.
   * @default 3
   */
  readonly replicaCount?: number | undefined;
  /**
   * Chart version.
   * @default - CHART_VERSIONS.longhorn
   */
  readonly version?: string | undefined;
  /**
   * Further values.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Longhorn block storage (wave 2) in `longhorn-system`, labelled `pod-security.kubernetes.io/enforce: privileged`
 * (its manager and CSI pods use host paths and privileged containers). `preUpgradeChecker.jobEnabled: false`: the
 * chart's pre-upgrade hook Job cannot run under Argo CD, which renders charts with `helm template` (Longhorn docs,
 * "Install with Argo CD").
 *
 * `defaultSettings.defaultDataPath` is the path the kubelet mount binds (`LONGHORN_DATA_PATH`).
 *
 * On Talos every node also needs the {@link LONGHORN_TALOS_EXTENSIONS} in its Image Factory schematic and the
 * {@link LONGHORN_TALOS_KUBELET_MOUNT} patch (`prerequisites`); the reference platform applies both to every cluster
 * the addon reaches (docs/addons.md).
 *
 * @example
 * import { LonghornAddon } from 'talos-platform-cdk/gitops';
 *
 * // Nodes also need LONGHORN_TALOS_EXTENSIONS in their schematic and the LONGHORN_TALOS_KUBELET_MOUNT patch.
 * apps.addAddon(new LonghornAddon({ replicaCount: 2 })); // at most the number of nodes
 */
export class LonghornAddon extends Addon {
  public constructor(props: LonghornAddonProps = {}) {
    const replicas = props.replicaCount ?? DEFAULT_LONGHORN_REPLICAS;
    if (!Number.isInteger(replicas) || replicas < 1) {
      throw new Error(`longhorn: replicaCount is ${replicas}; expected a whole number of at least 1`);
    }
    super({
      name: 'longhorn',
      syncWave: 2,
      namespace: 'longhorn-system',
      prerequisites: PREREQUISITES,
      fleet: true,
      chart: {
        repoUrl: LONGHORN_HELM_REPOSITORY,
        chart: 'longhorn',
        version: props.version ?? CHART_VERSIONS.longhorn,
        releaseName: 'longhorn',
        values: mergeValues(
          {
            preUpgradeChecker: { jobEnabled: false },
            persistence: { defaultClassReplicaCount: replicas },
            defaultSettings: { defaultDataPath: LONGHORN_DATA_PATH },
          },
          props.extraValues ?? {},
        ),
      },
    });
  }
}
