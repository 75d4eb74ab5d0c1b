import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { Addon, PRIVILEGED_NAMESPACE_LABELS } from './addon';

/** Longhorn's Helm repository. */
export const LONGHORN_HELM_REPOSITORY = 'https://charts.longhorn.io';

/** Talos system extensions Longhorn needs on every node (Longhorn docs, "Talos Linux Support"). */
export const LONGHORN_TALOS_EXTENSIONS = ['siderolabs/iscsi-tools', 'siderolabs/util-linux-tools'] as const;

/**
 * The kubelet mount Longhorn needs on Talos (Longhorn docs, "Talos Linux Support"): `/var/lib/longhorn` bind-mounted
 * `rshared` into the kubelet, as a Talos machine config patch.
 */
export const LONGHORN_TALOS_KUBELET_MOUNT = {
  machine: {
    kubelet: {
      extraMounts: [
        {
          destination: '/var/lib/longhorn',
          type: 'bind',
          source: '/var/lib/longhorn',
          options: ['bind', 'rshared', 'rw'],
        },
      ],
    },
  },
} as const;

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
  readonly replicaCount?: number;
  /**
   * Chart version.
   * @default - CHART_VERSIONS.longhorn
   */
  readonly version?: string;
  /**
   * Further values.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>>;
}

/**
 * Longhorn block storage (wave 2) in `longhorn-system`, labelled `pod-security.kubernetes.io/enforce: privileged`
 * (its manager and CSI pods use host paths and privileged containers). `preUpgradeChecker.jobEnabled: false`: the
 * chart's pre-upgrade hook Job cannot run under Argo CD, which renders charts with `helm template` (Longhorn docs,
 * "Install with Argo CD").
 *
 * On Talos every node also needs the {@link LONGHORN_TALOS_EXTENSIONS} in its Image Factory schematic and the
 * {@link LONGHORN_TALOS_KUBELET_MOUNT} patch; both are machine settings, outside this addon (docs/gitops.md).
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
      namespaceLabels: PRIVILEGED_NAMESPACE_LABELS,
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
          },
          props.extraValues ?? {},
        ),
      },
    });
  }
}
