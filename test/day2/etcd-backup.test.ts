import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { Testing as TfTesting } from 'cdktf';
import type { App as TfApp } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { resolvePlatformConfig } from '../../lib/core/spec/resolve';
import type { SpecValidationError } from '../../lib/core/spec-validation-error';
import type { AddonsSpec } from '../../lib/core/spec/types';
import { writeFiles } from '../../lib/core/synth/output-dir';
import { TALOS_BACKUP_IMAGE, TalosBackupAddon } from '../../lib/gitops/addons/talos-backup';
import { collectSecretTodos } from '../../lib/secrets/secret-todos';
import { REPO_ROOT_CONTEXT } from '../../lib/secrets/sops-secret';
import { scanForPlaintextSecrets } from '../../lib/secrets/plaintext-guard';
import { ProxmoxFoundationStack } from '../../stacks/00-proxmox-foundation';
import { MgmtTalosStack } from '../../stacks/10-mgmt-talos';
import { workloadClusterProps } from '../../stacks/gitops-capi';
import { addPlatformCharts } from '../../stacks/gitops-platform';
import { platformSpec, renderTree, workloadSpec } from '../gitops/helpers';
import type { Json } from '../gitops/helpers';
import { RECIPIENT_A, encryptedSecretText, tempRepo } from '../secrets/helpers';

const AGE = 'age1ka2qcqec7k28z7yjnmrqe2qapzshwf4f3as7d47urhevce5zu9eqerz7qd';
const BACKUP: AddonsSpec['etcdBackup'] = {
  enabled: true,
  bucket: 'etcd-snapshots',
  endpoint: 'https://s3.example.internal:9000',
  ageRecipient: AGE,
  retentionDays: 30,
};

function config(etcdBackup: AddonsSpec['etcdBackup'] = BACKUP, workers = 0) {
  const spec = platformSpec({ addons: { etcdBackup } });
  return resolvePlatformConfig({
    platform: {
      ...spec,
      management: { ...spec.management, workers: { count: workers, ips: workers ? ['10.20.0.21'] : [] } },
    },
    clusters: [{ environment: 'staging', spec: workloadSpec('dev') }],
  });
}

function tree(withSecret: boolean) {
  const repo = tempRepo(
    RECIPIENT_A,
    withSecret
      ? {
          'platform/secrets/talos-backup-s3.sops.yaml': encryptedSecretText({
            name: 'talos-backup-s3',
            namespace: 'talos-backup',
            data: {
              AWS_ACCESS_KEY_ID: 'ENC[AES256_GCM,data:a2V5,iv:aXY=,tag:dGFn,type:str]',
              AWS_SECRET_ACCESS_KEY: 'ENC[AES256_GCM,data:c2VjcmV0,iv:aXY=,tag:dGFn,type:str]',
            },
          }),
        }
      : {},
  );
  const app = new App({ outdir: Testing.app().outdir });
  app.node.setContext(REPO_ROOT_CONTEXT, repo);
  addPlatformCharts(app, config());
  const { files, errors } = renderTree(app);
  expect(errors).toEqual([]);
  return { app, files };
}

const docs = (text: string): Json[] => parseAllDocuments(text).map((d) => d.toJSON());

describe('addons.etcdBackup in the spec', () => {
  test('a backup flag without a bucket or an age recipient is an error naming the field and the fix', () => {
    const errors = (etcdBackup: AddonsSpec['etcdBackup']) => {
      try {
        config(etcdBackup);
      } catch (err) {
        return (err as SpecValidationError).errors.map((e) => `${e.path}: ${e.message} [${e.rule}]`);
      }
      return [];
    };
    expect(errors({ enabled: true })).toEqual([
      'addons.etcdBackup: etcd backups are enabled but no age recipient is set; talos-backup encrypts every snapshot [etcd-backup-without-age-recipient]',
      'addons.etcdBackup: etcd backups are enabled but no bucket is set [etcd-backup-without-bucket]',
    ]);
    expect(errors({ ...BACKUP, schedule: '@daily now' })).toEqual([
      'addons.etcdBackup.schedule: schedule "@daily now" is not a five-field cron expression [etcd-backup-schedule]',
    ]);
  });

  test('defaults: every 6 hours, 14 days, workload clusters included', () => {
    expect(config({ enabled: true, bucket: 'backups', ageRecipient: AGE }).platform.addons.etcdBackup).toEqual({
      enabled: true,
      bucket: 'backups',
      region: 'us-east-1',
      endpoint: undefined,
      ageRecipient: AGE,
      schedule: '0 */6 * * *',
      retentionDays: 14,
      workloadClusters: true,
    });
    expect(config({ enabled: false }).platform.addons.etcdBackup.enabled).toBe(false);
  });
});

describe('talos-backup in the GitOps tree', () => {
  test('management cluster: a talos.dev ServiceAccount with os:etcd:backup and the CronJob as upstream wires it', () => {
    const { files } = tree(true);
    const [sa, cronJob] = docs(files.get('platform/talos-backup/talos-backup.yaml')!);
    expect(sa).toEqual({
      apiVersion: 'talos.dev/v1alpha1',
      kind: 'ServiceAccount',
      metadata: { name: 'talos-backup', namespace: 'talos-backup' },
      spec: { roles: ['os:etcd:backup'] },
    });
    expect(cronJob).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      spec: { schedule: '0 */6 * * *', concurrencyPolicy: 'Forbid' },
    });
    expect(cronJob.metadata.annotations).toEqual({ 'talos-platform-cdk.dev/retention-days': '30' });
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    const container = pod.containers[0];
    expect(container.image).toBe(TALOS_BACKUP_IMAGE);
    expect(TALOS_BACKUP_IMAGE).toBe('ghcr.io/siderolabs/talos-backup:v0.1.0-beta.3');
    expect(container.env).toEqual([
      { name: 'BUCKET', value: 'etcd-snapshots' },
      { name: 'AWS_REGION', value: 'us-east-1' },
      { name: 'CUSTOM_S3_ENDPOINT', value: 'https://s3.example.internal:9000' },
      { name: 'CLUSTER_NAME', value: 'mgmt' },
      { name: 'AGE_X25519_PUBLIC_KEY', value: AGE },
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'talos-backup-s3', key: 'AWS_ACCESS_KEY_ID' } } },
      {
        name: 'AWS_SECRET_ACCESS_KEY',
        valueFrom: { secretKeyRef: { name: 'talos-backup-s3', key: 'AWS_SECRET_ACCESS_KEY' } },
      },
    ]);
    expect(container.volumeMounts).toContainEqual({ name: 'talos-secrets', mountPath: '/var/run/secrets/talos.dev' });
    // Talos writes the talosconfig into a Secret named after the ServiceAccount.
    expect(pod.volumes).toContainEqual({ name: 'talos-secrets', secret: { secretName: sa.metadata.name } });
    expect(files.has('platform/talos-backup-secrets/talos-backup-s3.sops.yaml')).toBe(true);
    const app = docs(files.get('platform/apps/02-talos-backup.yaml')!)[0];
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'talos-backup' });
  });

  test('workload clusters: the same Secret and a CronJob with their own name, on their own cluster, after the cluster apps', () => {
    const { files } = tree(true);
    const [, cronJob] = docs(files.get('platform/talos-backup-clusters/dev/talos-backup.yaml')!);
    const env = cronJob.spec.jobTemplate.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'CLUSTER_NAME', value: 'dev' });
    const secretsApp = docs(files.get('platform/apps/05-talos-backup-secrets-dev.yaml')!)[0];
    const backupApp = docs(files.get('platform/apps/06-talos-backup-dev.yaml')!)[0];
    expect(secretsApp.spec.destination).toEqual({ name: 'dev', namespace: 'talos-backup' });
    expect(secretsApp.spec.source.path).toBe('dist/platform/talos-backup-secrets');
    expect(backupApp.spec.destination).toEqual({ name: 'dev', namespace: 'talos-backup' });
    expect(backupApp.spec.source.path).toBe('dist/platform/talos-backup-clusters/dev');
  });

  test('no plaintext credential in the written tree', () => {
    const { files } = tree(true);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'etcd-backup-tree-'));
    const tf = fs.mkdtempSync(path.join(os.tmpdir(), 'etcd-backup-tf-'));
    writeFiles(out, files);
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    expect(
      scanForPlaintextSecrets({ tfOutdir: tf, k8sOutdir: out }, { env: { AWS_SECRET_ACCESS_KEY: secret } }),
    ).toEqual([]);
    const all = [...files.values()].join('\n');
    expect(all).not.toContain(secret);
    expect(all).not.toMatch(/AWS_SECRET_ACCESS_KEY\s*\n?\s*value:/);
  });

  test('without the SOPS file: nothing of talos-backup is deployed, and a TODO(secrets) says how to create it', () => {
    const { app, files } = tree(false);
    expect([...files.keys()].filter((f) => f.includes('talos-backup.yaml'))).toEqual([]);
    const todo = collectSecretTodos(app).find((t) => t.file === 'platform/secrets/talos-backup-s3.sops.yaml');
    expect(todo?.fix).toContain(
      'talos-platform-cdk secrets new talos-backup-s3 -n talos-backup --from-env AWS_ACCESS_KEY_ID=AWS_ACCESS_KEY_ID',
    );
  });

  test('a malformed age recipient is refused by the construct', () => {
    expect(() => new TalosBackupAddon({ clusterName: 'c', bucket: 'b', ageRecipient: 'age1short' })).toThrow(
      'talos-backup: ageRecipient "age1short" is not an age X25519 public key',
    );
  });
});

describe('the Talos API access patch is on the control planes of the clusters that back up', () => {
  const ACCESS = 'os:etcd:backup';

  test("workload clusters: the control planes' strategic patches, not the workers'", () => {
    const cfg = config();
    const props = workloadClusterProps(cfg, cfg.clusters[0]);
    expect(props.extraControlPlanePatches?.join('\n')).toContain(ACCESS);
    expect(props.extraControlPlanePatches?.join('\n')).toContain('talos-backup');
    expect(props.extraWorkerPatches).toBeUndefined();
    const off = config({ ...BACKUP, workloadClusters: false });
    expect(workloadClusterProps(off, off.clusters[0]).extraControlPlanePatches).toBeUndefined();
  });

  test('management cluster (stage 10): the control-plane machine config only', () => {
    const synth = (cfg: ReturnType<typeof config>) => {
      const app = TfTesting.app() as TfApp;
      const foundation = new ProxmoxFoundationStack(app, '00-proxmox-foundation', { config: cfg });
      const mgmt = new MgmtTalosStack(app, '10-mgmt-talos', { config: cfg, image: foundation.image });
      foundation.prepareStack();
      mgmt.prepareStack();
      return JSON.parse(TfTesting.synth(mgmt, true)) as {
        data: { talos_machine_configuration: Record<string, { machine_type: string; config_patches: string[] }> };
      };
    };
    const configs = Object.values(synth(config(BACKUP, 1)).data.talos_machine_configuration);
    const cp = configs.find((c) => c.machine_type === 'controlplane')!;
    const worker = configs.find((c) => c.machine_type === 'worker')!;
    expect(cp.config_patches.join('\n')).toContain(ACCESS);
    expect(worker.config_patches.join('\n')).not.toContain(ACCESS);
    const off = Object.values(synth(config({ enabled: false }, 1)).data.talos_machine_configuration);
    expect(off.map((c) => c.config_patches.join('\n')).join('\n')).not.toContain(ACCESS);
  });
});
