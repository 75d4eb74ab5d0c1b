import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { ADDON_PREREQUISITES } from '../../core/addon-prerequisites';
import { Addon } from './addon';

/** The VMware Tanzu Helm repository (Velero's chart). */
export const VMWARE_TANZU_HELM_REPOSITORY = 'https://vmware-tanzu.github.io/helm-charts';

/** Props of {@link VeleroAddon}. */
export interface VeleroAddonProps {
  /**
   * Chart version.
   * @default - CHART_VERSIONS.velero
   */
  readonly version?: string | undefined;
  /**
   * Further values: the backup storage location, its plugin (`initContainers`) and credentials
   * (`credentials.existingSecret`) go here; they depend on your object store.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Velero (wave 2) in `velero`, with the node agent for file-system backups of pod volumes (Proxmox offers no volume
 * snapshot API to Velero, so `snapshotsEnabled: false`). The node agent mounts `/var/lib/kubelet/pods` from the host,
 * hence the privileged namespace. No backup location or credentials are set (`credentials.useSecret: false`): Velero
 * runs, and backups start once `extraValues` names a location (docs/gitops.md).
 *
 * @example
 * import { VeleroAddon } from 'talos-platform-cdk/gitops';
 *
 * apps.addAddon(new VeleroAddon({
 *   extraValues: {
 *     configuration: { backupStorageLocation: [{ name: 'default', provider: 'aws', bucket: 'velero' }] },
 *     credentials: { existingSecret: 'velero-credentials' },
 *   },
 * }));
 */
export class VeleroAddon extends Addon {
  public constructor(props: VeleroAddonProps = {}) {
    super({
      name: 'velero',
      syncWave: 2,
      namespace: 'velero',
      prerequisites: ADDON_PREREQUISITES.velero,
      chart: {
        repoUrl: VMWARE_TANZU_HELM_REPOSITORY,
        chart: 'velero',
        version: props.version ?? CHART_VERSIONS.velero,
        releaseName: 'velero',
        values: mergeValues(
          { snapshotsEnabled: false, deployNodeAgent: true, credentials: { useSecret: false } },
          props.extraValues ?? {},
        ),
      },
    });
  }
}
