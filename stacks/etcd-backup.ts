/**
 * etcd backups in the GitOps tree (`addons.etcdBackup`): talos-backup on the management cluster (wave 2, after the
 * app that delivers its SOPS-encrypted S3 Secret) and, with `workloadClusters`, on each workload cluster (after the
 * cluster apps). Composition only; the objects are `TalosBackupAddon`'s. The Talos API access patch the CronJob
 * needs is added by stage 10 (management) and `workloadClusterProps` (workload clusters).
 */
import { Construct } from 'constructs';
import type { PlatformConfig } from '../lib/core/spec/resolved';
import type { IPlatformDelivery } from '../lib/gitops/delivery';
import { SopsSecretsAddon } from '../lib/gitops/addons/sops-secrets';
import { TALOS_BACKUP_NAMESPACE, TALOS_BACKUP_S3_SECRET, TalosBackupAddon } from '../lib/gitops/addons/talos-backup';
import { SecretTodos } from '../lib/secrets/secret-todos';

/** Whether the cluster's control planes need the talos-backup Talos API access patch. */
export function backsUpEtcd(config: PlatformConfig, cluster: 'management' | 'workload'): boolean {
  const backup = config.platform.addons.etcdBackup;
  return backup.enabled && (cluster === 'management' || backup.workloadClusters);
}

/** Adds the backup apps to `appOfApps`; `workloadWave` is the wave of the workload cluster apps. */
export function addEtcdBackups(appOfApps: IPlatformDelivery, config: PlatformConfig, workloadWave: number): void {
  const backup = config.platform.addons.etcdBackup;
  if (!backup.enabled || backup.bucket === undefined || backup.ageRecipient === undefined) return;
  const secrets = new SopsSecretsAddon({
    name: 'talos-backup-secrets',
    namespace: TALOS_BACKUP_NAMESPACE,
    secrets: [{ name: TALOS_BACKUP_S3_SECRET.name }],
  });
  appOfApps.addAddon(secrets);
  if (!secrets.allPresent) {
    SecretTodos.of(appOfApps).add({
      title:
        'etcd backups are not deployed: their S3 credentials ' +
        `(Secret ${TALOS_BACKUP_NAMESPACE}/${TALOS_BACKUP_S3_SECRET.name}) are not in the repository yet`,
      fix:
        `AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... talos-platform-cdk secrets new ${TALOS_BACKUP_S3_SECRET.name} ` +
        `-n ${TALOS_BACKUP_NAMESPACE} ${TALOS_BACKUP_S3_SECRET.keys.map((k) => `--from-env ${k}=${k}`).join(' ')}, then synth again`,
      constructPath: appOfApps.node.path,
      file: `platform/secrets/${TALOS_BACKUP_S3_SECRET.name}.sops.yaml`,
    });
    return;
  }
  const common = {
    bucket: backup.bucket,
    ageRecipient: backup.ageRecipient,
    region: backup.region,
    endpoint: backup.endpoint,
    schedule: backup.schedule,
    retentionDays: backup.retentionDays,
  };
  appOfApps.addAddon(
    new TalosBackupAddon({ ...common, clusterName: config.platform.management.name, needs: [secrets.name] }),
  );
  if (!backup.workloadClusters || config.platform.gitops.clusterDelivery !== 'gitops') return;
  for (const cluster of config.clusters) {
    // The same encrypted Secret, and the CronJob with this cluster's name, on the cluster Argo CD registered for it.
    const secretsApp = `talos-backup-secrets-${cluster.name}`;
    appOfApps.addFolder({
      name: secretsApp,
      syncWave: workloadWave + 1,
      folder: appOfApps.layout.addonFolder(secrets.name),
      namespace: TALOS_BACKUP_NAMESPACE,
      workloadCluster: cluster.name,
    });
    const addon = new TalosBackupAddon({ ...common, clusterName: cluster.name, name: `talos-backup-${cluster.name}` });
    const folder = appOfApps.layout.addonFolder(`talos-backup-clusters/${cluster.name}`);
    addon.renderManifests(new Construct(appOfApps, `${addon.name}-manifests`), folder);
    appOfApps.addFolder({
      name: addon.name,
      syncWave: workloadWave + 2,
      needs: [secretsApp],
      folder,
      namespace: TALOS_BACKUP_NAMESPACE,
      workloadCluster: cluster.name,
    });
  }
}
