// issue 18: with addons.etcdBackup on, the synthesized objects pass conformance (the talos.dev ServiceAccount against
// the CRD Talos serves, imports/crds/talos.dev.yaml), carry no plaintext S3 credential, and the control planes of
// every cluster that backs up grant os:etcd:backup; a tree without that patch fails. Synthesizes the fixture
// test/fixtures/conformance/etcd-backup (the example with backups on and a SOPS-encrypted S3 Secret, encrypted to a
// deleted throwaway key) with the built CLI, then runs scripts/conformance.mjs on stage 10 and the GitOps tree.
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, REPO_ROOT, runConformance } from './esm';
import { describeWithTools } from './tools';

const FIXTURE = path.join(FIXTURES, 'etcd-backup');

describeWithTools(
  ['tofu', 'tofurc', 'kubeconform', 'helm', 'kustomize', 'sops', 'age-keygen', 'kubectl-validate'],
  'etcd backups in conformance',
  () => {
    let tmp: string;
    let tfDir: string;
    let k8sDir: string;
    beforeAll(() => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'conformance-etcd-'));
      const out = path.join(tmp, 'synth');
      const cli = path.join(REPO_ROOT, 'build', 'stacks', 'main.js');
      const s = spawnSync(
        process.execPath,
        [
          cli,
          'synth',
          '--config',
          path.join(FIXTURE, 'clusters'),
          '--tf-out',
          path.join(out, 'tf'),
          '--k8s-out',
          path.join(out, 'k8s'),
        ],
        {
          cwd: FIXTURE,
          encoding: 'utf8',
        },
      );
      expect(s.stderr).toBe('');
      // Stage 10 only: it holds the management control-plane patches; the other stacks are the example's.
      tfDir = path.join(tmp, 'tf');
      mkdirSync(path.join(tfDir, 'stacks'), { recursive: true });
      cpSync(path.join(out, 'tf', 'stacks', '10-mgmt-talos'), path.join(tfDir, 'stacks', '10-mgmt-talos'), {
        recursive: true,
      });
      k8sDir = path.join(out, 'k8s');
    });
    afterAll(() => {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    test('the backup objects are strict-valid, encrypted, and every cluster that backs up is patched', () => {
      const r = runConformance(['--tf-dir', tfDir, '--k8s-dir', k8sDir, '--no-plan'], path.join(tmp, 'ok.json'));
      expect(r.rows.filter((row) => row.result === 'FAIL')).toEqual([]);
      const row = (check: string, file: string) => r.rows.find((x) => x.check === check && x.target.includes(file));
      expect(row('kubeconform', 'platform/talos-backup/talos-backup.yaml')).toMatchObject({
        result: 'PASS',
        detail: expect.stringContaining('1 by kubeconform -strict'),
      });
      expect(r.rows.find((x) => x.check === 'kubectl-validate')?.result).toBe('PASS');
      expect(row('sops', 'talos-backup-s3.sops.yaml')?.result).not.toBe('FAIL');
      const backups = r.rows.filter((x) => x.check === 'etcd backup');
      expect(backups.map((x) => [x.target.replace(/^.*?\/platform\//, 'platform/'), x.result]).sort()).toEqual([
        ['platform/talos-backup-clusters/staging/talos-backup.yaml (staging)', 'PASS'],
        ['platform/talos-backup/talos-backup.yaml (mgmt)', 'PASS'],
      ]);
      expect(
        readFileSync(path.join(k8sDir, 'platform', 'talos-backup-secrets', 'talos-backup-s3.sops.yaml'), 'utf8'),
      ).not.toMatch(/conformance-[0-9a-f]{12}/);
    });

    test('a workload cluster whose control planes lack the access patch fails, naming the cluster', () => {
      const broken = path.join(tmp, 'broken-k8s');
      cpSync(k8sDir, broken, { recursive: true });
      const file = path.join(broken, 'clusters', 'staging', 'staging', 'control-plane.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/- os:etcd:backup/g, '- os:reader'));
      const r = runConformance(['--tf-dir', tfDir, '--k8s-dir', broken, '--no-plan'], path.join(tmp, 'broken.json'));
      expect(r.code).toBe(1);
      expect(r.rows.filter((x) => x.check === 'etcd backup' && x.result === 'FAIL').map((x) => x.detail)).toEqual([
        'TalosControlPlane of staging does not grant os:etcd:backup to namespace talos-backup',
      ]);
    });
  },
);
