/** The addons Argo CD (or Flux) installs, and their options. */

import type { Dns1123Label, IPv4Address } from './values';

/** One optional addon. */
export interface AddonToggle {
  /** Install the addon. */
  readonly enabled: boolean;
}

/** Cilium options. */
export interface CiliumAddonSpec extends AddonToggle {
  /**
   * Announce LoadBalancer IPs over L2 (ARP) from this pool (`CiliumLoadBalancerIPPool` + `CiliumL2AnnouncementPolicy`).
   * @default - no L2 announcements
   */
  readonly l2Announcements?: LoadBalancerPoolSpec | undefined;
}

/** A LoadBalancer address range. */
export interface LoadBalancerPoolSpec {
  /** First address. */
  readonly start: IPv4Address;
  /** Last address (inclusive). */
  readonly end: IPv4Address;
}

/** ExternalDNS options. */
export interface ExternalDnsAddonSpec extends AddonToggle {
  /**
   * ExternalDNS provider name (e.g. `cloudflare`, `rfc2136`).
   * @default {@fact DEFAULT_EXTERNAL_DNS_PROVIDER}
   */
  readonly provider?: string | undefined;
  /**
   * Domains ExternalDNS manages.
   * @default []
   */
  readonly domainFilters?: string[] | undefined;
}

/** Addons and their switches. */
export interface AddonsSpec {
  /**
   * Cilium CNI (wave 0). Talos runs with CNI none and kube-proxy disabled, so turning it off leaves nodes NotReady.
   * @default { "enabled": {@fact DEFAULT_ADDONS_ENABLED.cilium} }
   */
  readonly cilium?: CiliumAddonSpec | undefined;
  /**
   * cert-manager (wave 1).
   * @default { "enabled": {@fact DEFAULT_ADDONS_ENABLED.certManager} }
   */
  readonly certManager?: AddonToggle | undefined;
  /**
   * ExternalDNS (wave 2).
   * @default { "enabled": {@fact DEFAULT_ADDONS_ENABLED.externalDns} }
   */
  readonly externalDns?: ExternalDnsAddonSpec | undefined;
  /**
   * Longhorn storage (wave 2).
   * @default { "enabled": {@fact DEFAULT_ADDONS_ENABLED.longhorn} }
   */
  readonly longhorn?: AddonToggle | undefined;
  /**
   * kube-prometheus-stack (wave 2).
   * @default { "enabled": {@fact DEFAULT_ADDONS_ENABLED.monitoring} }
   */
  readonly monitoring?: AddonToggle | undefined;
  /**
   * Grafana dashboards and extras (wave 3).
   * @default { "enabled": {@fact DEFAULT_ADDONS_ENABLED.dashboards} }
   */
  readonly dashboards?: AddonToggle | undefined;
  /**
   * External Secrets Operator (wave 1); when on, SOPS secrets are delivered as ExternalSecrets instead of KSOPS.
   * @default { "enabled": {@fact DEFAULT_ADDONS_ENABLED.externalSecrets} }
   */
  readonly externalSecrets?: AddonToggle | undefined;
  /**
   * Velero backups (wave 2).
   * @default { "enabled": {@fact DEFAULT_ADDONS_ENABLED.velero} }
   */
  readonly velero?: AddonToggle | undefined;
  /**
   * Loki and Grafana Alloy (wave 2; Alloy replaces Promtail, which reached end of life on 2026-03-02).
   * @default { "enabled": {@fact DEFAULT_ADDONS_ENABLED.logging} }
   */
  readonly logging?: AddonToggle | undefined;
  /**
   * etcd snapshots with Sidero's talos-backup (a CronJob using the Talos API role `os:etcd:backup`), age-encrypted
   * and uploaded to S3-compatible storage: on the management cluster and, with `workloadClusters`, on every workload
   * cluster. The S3 credentials come only from the SOPS file `platform/secrets/talos-backup-s3.sops.yaml`.
   * @default { "enabled": {@fact DEFAULT_ADDONS_ENABLED.etcdBackup} }
   */
  readonly etcdBackup?: EtcdBackupAddonSpec | undefined;
  /**
   * Proxmox CSI plugin (sergelogvinov/proxmox-csi-plugin, wave 2) on the management cluster: PersistentVolumes as
   * Proxmox VM disks, one StorageClass per entry of `storageClasses`. Its Proxmox token comes only from the SOPS file
   * `platform/secrets/proxmox-csi-plugin.sops.yaml`; the nodes get the topology labels it needs from their
   * placement (docs/addons.md).
   * @default { "enabled": {@fact DEFAULT_ADDONS_ENABLED.proxmoxCsi} }
   */
  readonly proxmoxCsi?: ProxmoxCsiAddonSpec | undefined;
}

/** The Proxmox CSI plugin (docs/addons.md). */
export interface ProxmoxCsiAddonSpec extends AddonToggle {
  /**
   * Region name: the `region` of the plugin's cluster config and every node's `topology.kubernetes.io/region` label.
   * @default {@fact DEFAULT_PROXMOX_CSI.region}
   */
  readonly region?: Dns1123Label | undefined;
  /**
   * StorageClasses, one per Proxmox datastore volumes are created on; at least one when enabled.
   * @default []
   */
  readonly storageClasses?: ProxmoxCsiStorageClassSpec[] | undefined;
}

/** A StorageClass of the Proxmox CSI plugin. */
export interface ProxmoxCsiStorageClassSpec {
  /** Proxmox datastore the volumes are created on; must be one of `proxmox.datastores`. */
  readonly datastore: string;
  /**
   * StorageClass name.
   * @default - `proxmox-<datastore>`, lower-cased, with `_` and `.` as `-`
   */
  readonly name?: Dns1123Label | undefined;
  /**
   * Filesystem of the volumes.
   * @default {@fact DEFAULT_PROXMOX_CSI.fsType}
   */
  readonly fsType?: 'ext4' | 'xfs' | undefined;
  /**
   * What happens to a volume when its claim goes.
   * @default {@fact DEFAULT_PROXMOX_CSI.reclaimPolicy}
   */
  readonly reclaimPolicy?: 'Delete' | 'Retain' | undefined;
  /**
   * Make it the cluster's default StorageClass (at most one may be).
   * @default false
   */
  readonly default?: boolean | undefined;
}

/** etcd backups with talos-backup (docs/runbooks/disaster-recovery.md). */
export interface EtcdBackupAddonSpec extends AddonToggle {
  /**
   * S3 bucket the encrypted snapshots go to; required when enabled.
   * @pattern ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$
   * @default - none (an error when enabled)
   */
  readonly bucket?: string | undefined;
  /**
   * S3 region (`AWS_REGION`; S3-compatible stores usually accept any).
   * @default {@fact DEFAULT_ETCD_BACKUP.region}
   */
  readonly region?: string | undefined;
  /**
   * S3-compatible endpoint (`CUSTOM_S3_ENDPOINT`), e.g. a MinIO URL.
   * @pattern ^https?://[^\s]+$
   * @default - AWS S3
   */
  readonly endpoint?: string | undefined;
  /**
   * age public key the snapshots are encrypted to (`AGE_X25519_PUBLIC_KEY`); keep its private key outside the
   * platform, it is what a restore needs. Required when enabled.
   * @pattern {@fact AGE_RECIPIENT_PATTERN}
   * @default - none (an error when enabled)
   */
  readonly ageRecipient?: string | undefined;
  /**
   * Cron schedule of the snapshots (UTC).
   * @default {@fact DEFAULT_ETCD_BACKUP.schedule}
   */
  readonly schedule?: string | undefined;
  /**
   * Days a snapshot is kept. talos-backup only uploads; the expiry is an S3 lifecycle rule on the bucket, which the
   * disaster-recovery runbook sets from this value.
   * @asType integer
   * @minimum 1
   * @maximum 3650
   * @default {@fact DEFAULT_ETCD_BACKUP.retentionDays}
   */
  readonly retentionDays?: number | undefined;
  /**
   * Back up every workload cluster too (same bucket, one prefix per cluster).
   * @default {@fact DEFAULT_ETCD_BACKUP.workloadClusters}
   */
  readonly workloadClusters?: boolean | undefined;
}
