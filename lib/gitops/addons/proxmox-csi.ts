import { ADDON_PREREQUISITES } from '../../core/addon-prerequisites';
import { DEFAULT_PROXMOX_CSI } from '../../core/spec/defaults';
import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { Addon } from './addon';

/**
 * The plugin's chart registry (docs/install.md installs
 * `oci://ghcr.io/sergelogvinov/charts/proxmox-csi-plugin`).
 * Argo CD v3.1+ pulls an OCI Helm chart from `oci://<registry>/<repository>/<chart>` with `path: .`.
 */
export const PROXMOX_CSI_HELM_REPOSITORY = 'oci://ghcr.io/sergelogvinov/charts';
/** The chart's name in that registry (`charts/proxmox-csi-plugin/Chart.yaml`). */
export const PROXMOX_CSI_CHART = 'proxmox-csi-plugin';
/** Namespace of the plugin (docs/install.md creates `csi-proxmox`). */
export const PROXMOX_CSI_NAMESPACE = 'csi-proxmox';
/**
 * Secret (in {@link PROXMOX_CSI_NAMESPACE}) with key `config.yaml`: the plugin's cluster config, holding the Proxmox
 * API token. Only ever a SOPS-encrypted file, `platform/secrets/proxmox-csi-plugin.sops.yaml`.
 */
export const PROXMOX_CSI_CONFIG_SECRET = 'proxmox-csi-plugin';
/** Key of {@link PROXMOX_CSI_CONFIG_SECRET} the plugin reads (`existingConfigSecretKey`). */
export const PROXMOX_CSI_CONFIG_KEY = 'config.yaml';

/** One StorageClass: volumes on one Proxmox datastore. */
export interface ProxmoxCsiStorageClass {
  /** StorageClass name. */
  readonly name: string;
  /** Proxmox storage ID the disks are created on (`parameters.storage`). */
  readonly datastore: string;
  /**
   * Whether the datastore is shared (Ceph RBD, NFS...): its volumes bind at once (`volumeBindingMode: Immediate`, as
   * the chart's values advise for Ceph); node-local storage binds where the first pod is scheduled.
   * @default false
   */
  readonly shared?: boolean | undefined;
  /**
   * Filesystem (`csi.storage.k8s.io/fstype`).
   * @default - `DEFAULT_PROXMOX_CSI.fsType`
   */
  readonly fsType?: string | undefined;
  /**
   * Reclaim policy.
   * @default - `DEFAULT_PROXMOX_CSI.reclaimPolicy`
   */
  readonly reclaimPolicy?: string | undefined;
  /**
   * Mark it as the cluster's default StorageClass.
   * @default false
   */
  readonly isDefault?: boolean | undefined;
}

/** Props of {@link ProxmoxCsiAddon}. */
export interface ProxmoxCsiAddonProps {
  /** The StorageClasses; at least one. */
  readonly storageClasses: readonly ProxmoxCsiStorageClass[];
  /**
   * The app that delivers {@link PROXMOX_CSI_CONFIG_SECRET} (a `SopsSecretsAddon` in an earlier wave).
   * @default - none
   */
  readonly configSecretApp?: string | undefined;
  /**
   * Chart version.
   * @default - CHART_VERSIONS.proxmoxCsi
   */
  readonly version?: string | undefined;
  /**
   * Further values.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/** The control-plane role label and taint the controller is placed with (docs/install.md). */
const CONTROL_PLANE_ROLE = 'node-role.kubernetes.io/control-plane';

/**
 * The Proxmox CSI plugin (sergelogvinov/proxmox-csi-plugin, wave 2): PersistentVolumes as Proxmox VM disks attached
 * over VirtIO SCSI, one StorageClass per datastore. In `csi-proxmox`, labelled `pod-security.kubernetes.io/enforce:
 * privileged` (its node plugin is a privileged container that formats and mounts block devices); the chart's own
 * Namespace object is off (`createNamespace: false`) because Argo CD creates it.
 *
 * The Proxmox token never appears in values: the plugin reads its config from the Secret
 * {@link PROXMOX_CSI_CONFIG_SECRET} (`existingConfigSecret`), delivered SOPS-encrypted by `configSecretApp`.
 * Every node needs `topology.kubernetes.io/region` (the config's `region`) and `topology.kubernetes.io/zone` (the
 * Proxmox node of its VM), or the node plugin never registers: `prerequisites.nodeLabels`. The controller runs on
 * control planes, as the plugin's docs place it.
 *
 * @example
 * import { ProxmoxCsiAddon, SopsSecretsAddon } from 'talos-platform-cdk/gitops';
 *
 * const secrets = new SopsSecretsAddon({
 *   name: 'proxmox-csi-secrets', namespace: 'csi-proxmox', secrets: [{ name: 'proxmox-csi-plugin' }],
 * });
 * apps.addAddon(secrets);
 * apps.addAddon(new ProxmoxCsiAddon({
 *   storageClasses: [{ name: 'proxmox-ceph-vm', datastore: 'ceph-vm', shared: true, isDefault: true }],
 *   configSecretApp: secrets.name,
 * }));
 */
export class ProxmoxCsiAddon extends Addon {
  public constructor(props: ProxmoxCsiAddonProps) {
    if (props.storageClasses.length === 0) {
      throw new Error('proxmox-csi: storageClasses is empty; expected at least one. Fix: name a datastore.');
    }
    const defaults = props.storageClasses.filter((c) => c.isDefault);
    if (defaults.length > 1) {
      throw new Error(
        `proxmox-csi: ${defaults.map((c) => c.name).join(', ')} are all marked default; expected at most one. ` +
          'Fix: keep isDefault on one StorageClass.',
      );
    }
    super({
      name: 'proxmox-csi',
      syncWave: 2,
      namespace: PROXMOX_CSI_NAMESPACE,
      needs: props.configSecretApp ? [props.configSecretApp] : [],
      prerequisites: ADDON_PREREQUISITES.proxmoxCsi,
      chart: {
        repoUrl: PROXMOX_CSI_HELM_REPOSITORY,
        chart: PROXMOX_CSI_CHART,
        version: props.version ?? CHART_VERSIONS.proxmoxCsi,
        releaseName: 'proxmox-csi-plugin',
        values: mergeValues(
          {
            createNamespace: false,
            existingConfigSecret: PROXMOX_CSI_CONFIG_SECRET,
            existingConfigSecretKey: PROXMOX_CSI_CONFIG_KEY,
            nodeSelector: { [CONTROL_PLANE_ROLE]: '' },
            tolerations: [{ key: CONTROL_PLANE_ROLE, effect: 'NoSchedule' }],
            storageClass: props.storageClasses.map(storageClassValues),
          },
          props.extraValues ?? {},
        ),
      },
    });
  }
}

/** One entry of the chart's `storageClass` list (templates/storageclass.yaml, `_storage.tpl`). */
function storageClassValues(c: ProxmoxCsiStorageClass): Record<string, unknown> {
  return {
    name: c.name,
    storage: c.datastore,
    fstype: c.fsType ?? DEFAULT_PROXMOX_CSI.fsType,
    reclaimPolicy: c.reclaimPolicy ?? DEFAULT_PROXMOX_CSI.reclaimPolicy,
    volumeBindingMode: c.shared ? 'Immediate' : 'WaitForFirstConsumer',
    ...(c.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
  };
}
