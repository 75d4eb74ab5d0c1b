import type { Construct } from 'constructs';
import { ApiObject } from '../../core/api-object';
import { AGE_RECIPIENT_PATTERN } from '../../core/rules/facts';
import { DEFAULT_ETCD_BACKUP } from '../../core/spec/defaults';
import { TALOS_BACKUP_VERSION } from '../../core/versions';
import { GitOpsChart } from '../../core/synth/gitops-chart';
import { kubernetesTalosApiAccessPatch } from '../../talos/patches/talos-api-access';
import type { TalosPatch } from '../../talos/patches/talos-patch';
import type { V1Alpha1ConfigPatch } from '../../talos/patches/types';
import { Addon } from './addon';

/** The talos-backup image at {@link TALOS_BACKUP_VERSION}. */
export const TALOS_BACKUP_IMAGE = `ghcr.io/siderolabs/talos-backup:${TALOS_BACKUP_VERSION}`;
/** Namespace talos-backup runs in; the Talos API access patch allows exactly this one. */
export const TALOS_BACKUP_NAMESPACE = 'talos-backup';
/** The Talos API role an etcd snapshot needs (talos-backup README). */
export const TALOS_BACKUP_TALOS_API_ROLES: readonly string[] = ['os:etcd:backup'];
/** The SOPS-encrypted Secret with the S3 credentials: `platform/secrets/talos-backup-s3.sops.yaml`. */
export const TALOS_BACKUP_S3_SECRET = {
  name: 'talos-backup-s3',
  /** Keys the AWS SDK reads from the environment (talos-backup's sample CronJob). */
  keys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
} as const;

/**
 * Talos API access for talos-backup (`machine.features.kubernetesTalosAPIAccess`, control planes only): pods in
 * {@link TALOS_BACKUP_NAMESPACE} may hold a Talos ServiceAccount with `os:etcd:backup`. Talos appends the lists of
 * several such patches (no `merge:"replace"` on them), so it sits next to the Talos CCM's `os:reader` patch.
 */
export function talosBackupApiAccessPatch(): TalosPatch<V1Alpha1ConfigPatch> {
  return kubernetesTalosApiAccessPatch({
    allowedRoles: TALOS_BACKUP_TALOS_API_ROLES,
    allowedKubernetesNamespaces: [TALOS_BACKUP_NAMESPACE],
  });
}

/** Props of {@link TalosBackupAddon}. */
export interface TalosBackupAddonProps {
  /** Cluster name: the snapshot file prefix and, unless `s3Prefix` is set, the S3 prefix (`CLUSTER_NAME`). */
  readonly clusterName: string;
  /** S3 bucket (`BUCKET`). */
  readonly bucket: string;
  /** age public key the snapshots are encrypted to (`AGE_X25519_PUBLIC_KEY`). */
  readonly ageRecipient: string;
  /**
   * S3 region (`AWS_REGION`).
   * @default "us-east-1"
   */
  readonly region?: string | undefined;
  /**
   * S3-compatible endpoint (`CUSTOM_S3_ENDPOINT`).
   * @default - AWS S3
   */
  readonly endpoint?: string | undefined;
  /**
   * Cron schedule.
   * @default "0 *\/6 * * *"
   */
  readonly schedule?: string | undefined;
  /**
   * Object key prefix (`S3_PREFIX`).
   * @default - the cluster name
   */
  readonly s3Prefix?: string | undefined;
  /**
   * Addons that must be Healthy first (the app delivering the S3 Secret).
   * @default []
   */
  readonly needs?: readonly string[] | undefined;
  /**
   * Sync wave.
   * @default 2
   */
  readonly syncWave?: number | undefined;
  /**
   * Image.
   * @default TALOS_BACKUP_IMAGE
   */
  readonly image?: string | undefined;
  /**
   * Days the bucket keeps a snapshot. talos-backup never deletes; this is recorded on the CronJob (annotation
   * {@link RETENTION_ANNOTATION}) for the bucket's lifecycle rule (docs/runbooks/disaster-recovery.md).
   * @default 14
   */
  readonly retentionDays?: number | undefined;
  /**
   * Application name (one per cluster when several are rendered).
   * @default "talos-backup"
   */
  readonly name?: string | undefined;
}

/** Annotation on the CronJob with the retention the bucket's lifecycle rule must enforce. */
export const RETENTION_ANNOTATION = 'talos-platform-cdk.dev/retention-days';

/**
 * etcd snapshots with Sidero's talos-backup, as its `cronjob.sample.yaml` wires it: a Talos `ServiceAccount`
 * (`talos.dev/v1alpha1`, role `os:etcd:backup`) for which Talos writes a Secret of the same name holding a
 * talosconfig (key `config`, endpoint `talos.default`), mounted at `/var/run/secrets/talos.dev`; and a CronJob that
 * streams a snapshot, encrypts it with age and uploads it to S3. The S3 keys come from the Secret
 * {@link TALOS_BACKUP_S3_SECRET} (SOPS-encrypted, delivered by another app). Needs {@link talosBackupApiAccessPatch}
 * on the cluster's control planes; without it Talos serves no `talos.dev` kind.
 */
export class TalosBackupAddon extends Addon {
  private readonly props: Required<
    Omit<TalosBackupAddonProps, 'endpoint' | 's3Prefix' | 'needs' | 'syncWave' | 'name'>
  > &
    Pick<TalosBackupAddonProps, 'endpoint' | 's3Prefix'>;

  public constructor(props: TalosBackupAddonProps) {
    const name = props.name ?? 'talos-backup';
    super({ name, syncWave: props.syncWave ?? 2, namespace: TALOS_BACKUP_NAMESPACE, needs: props.needs });
    const retentionDays = props.retentionDays ?? DEFAULT_ETCD_BACKUP.retentionDays;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      throw new Error(`${name}: retentionDays ${props.retentionDays} is not a whole number of days >= 1`);
    }
    if (!AGE_RECIPIENT_PATTERN.test(props.ageRecipient)) {
      throw new Error(
        `${name}: ageRecipient "${props.ageRecipient}" is not an age X25519 public key (age1 followed by 58 ` +
          'bech32 characters). Fix: use the public key age-keygen prints.',
      );
    }
    this.props = {
      clusterName: props.clusterName,
      bucket: props.bucket,
      ageRecipient: props.ageRecipient,
      region: props.region ?? DEFAULT_ETCD_BACKUP.region,
      endpoint: props.endpoint,
      schedule: props.schedule ?? DEFAULT_ETCD_BACKUP.schedule,
      s3Prefix: props.s3Prefix,
      image: props.image ?? TALOS_BACKUP_IMAGE,
      retentionDays,
    };
  }

  public override renderManifests(scope: Construct, folder: string): void {
    const chart = new GitOpsChart(scope, 'TalosBackup', { outputPath: `${folder}/talos-backup.yaml` });
    const namespace = TALOS_BACKUP_NAMESPACE;
    const p = this.props;
    new ApiObject(chart, 'ServiceAccount', {
      apiVersion: 'talos.dev/v1alpha1',
      kind: 'ServiceAccount',
      metadata: { name: 'talos-backup', namespace },
      spec: { roles: [...TALOS_BACKUP_TALOS_API_ROLES] },
    });
    const env: { name: string; value?: string | undefined; valueFrom?: unknown }[] = [
      { name: 'BUCKET', value: p.bucket },
      { name: 'AWS_REGION', value: p.region },
      ...(p.endpoint ? [{ name: 'CUSTOM_S3_ENDPOINT', value: p.endpoint }] : []),
      // The talosconfig Talos writes names its context "default": without this, every cluster would upload there.
      { name: 'CLUSTER_NAME', value: p.clusterName },
      ...(p.s3Prefix ? [{ name: 'S3_PREFIX', value: p.s3Prefix }] : []),
      { name: 'AGE_X25519_PUBLIC_KEY', value: p.ageRecipient },
      ...TALOS_BACKUP_S3_SECRET.keys.map((key) => ({
        name: key,
        valueFrom: { secretKeyRef: { name: TALOS_BACKUP_S3_SECRET.name, key } },
      })),
    ];
    new ApiObject(chart, 'CronJob', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: {
        name: 'talos-backup',
        namespace,
        annotations: { [RETENTION_ANNOTATION]: String(p.retentionDays) },
      },
      spec: {
        schedule: p.schedule,
        timeZone: 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 3,
            template: {
              spec: {
                restartPolicy: 'OnFailure',
                containers: [
                  {
                    name: 'talos-backup',
                    image: p.image,
                    imagePullPolicy: 'IfNotPresent',
                    command: ['/talos-backup'],
                    workingDir: '/tmp',
                    env,
                    securityContext: {
                      runAsUser: 1000,
                      runAsGroup: 1000,
                      runAsNonRoot: true,
                      allowPrivilegeEscalation: false,
                      capabilities: { drop: ['ALL'] },
                      seccompProfile: { type: 'RuntimeDefault' },
                    },
                    volumeMounts: [
                      { name: 'tmp', mountPath: '/tmp' },
                      { name: 'talos-secrets', mountPath: '/var/run/secrets/talos.dev' },
                    ],
                  },
                ],
                volumes: [
                  { name: 'tmp', emptyDir: {} },
                  { name: 'talos-secrets', secret: { secretName: 'talos-backup' } },
                ],
              },
            },
          },
        },
      },
    });
  }
}
