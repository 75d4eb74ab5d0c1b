/**
 * etcd backups (`addons.etcdBackup`): when on, the snapshots need a bucket to go to and an age recipient to be
 * encrypted for (talos-backup fails every run without them), and the schedule must be a five-field cron expression
 * (what a Kubernetes CronJob accepts).
 */
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

const PATH = ['addons', 'etcdBackup'];

export function checkEtcdBackup(config: PlatformConfig): Issue[] {
  const backup = config.platform.addons.etcdBackup;
  if (!backup.enabled) return [];
  const file = config.platform.sourceFile;
  const issues: Issue[] = [];
  if (backup.bucket === undefined) {
    issues.push({
      file,
      path: PATH,
      rule: 'etcd-backup-without-bucket',
      message: 'etcd backups are enabled but no bucket is set',
      expected: 'addons.etcdBackup.bucket, an S3 bucket name',
      hint: 'add `bucket: <name>` (and `endpoint:` for an S3-compatible store), or set enabled: false',
    });
  }
  if (backup.ageRecipient === undefined) {
    issues.push({
      file,
      path: PATH,
      rule: 'etcd-backup-without-age-recipient',
      message: 'etcd backups are enabled but no age recipient is set; talos-backup encrypts every snapshot',
      expected: 'addons.etcdBackup.ageRecipient, an age public key (age1...)',
      hint: 'run `age-keygen -o etcd-backup.agekey`, keep that file outside the repository, and set the printed public key',
    });
  }
  if (backup.schedule.trim().split(/\s+/).length !== 5) {
    issues.push({
      file,
      path: [...PATH, 'schedule'],
      rule: 'etcd-backup-schedule',
      message: `schedule "${backup.schedule}" is not a five-field cron expression`,
      expected: 'minute hour day-of-month month day-of-week, e.g. "0 */6 * * *"',
      hint: 'write five fields separated by spaces, e.g. "0 */6 * * *" for every six hours (UTC)',
    });
  }
  return issues;
}
