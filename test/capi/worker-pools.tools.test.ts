// Conformance of the two-pool fixture (test/fixtures/worker-pools) and of a three-pool cluster in the ClusterClass
// mode with the real tools (npm run test:tools): kubeconform -strict and kubectl-validate (the pinned CRDs with their
// CEL rules, the ClusterClass and Cluster topology ones included) over every file.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { WorkloadCluster } from '../../lib/capi/workload-cluster';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import { renderGitOpsTree } from '../../lib/core/synth/gitops-writer';
import { addCapiCharts } from '../../stacks/gitops-capi';
import { REPO_ROOT, describeWithTools } from '../conformance/tools';
import { CLASS_POOLS } from './pool-props';

describeWithTools(
  ['kubeconform', 'kubectl-validate', 'kustomize', 'sops', 'age-keygen', 'tofu', 'tofurc', 'helm'],
  'worker pools: conformance (kubeconform -strict, kubectl-validate)',
  () => {
    test('the two-pool cluster objects pass', () => {
      const result = loadPlatformConfig(path.join(REPO_ROOT, 'test', 'fixtures', 'worker-pools'));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      const app = new App();
      addCapiCharts(app, result.config);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-pools-'));
      const k8sDir = path.join(dir, 'dist');
      for (const [rel, content] of renderGitOpsTree(app)) {
        fs.mkdirSync(path.dirname(path.join(k8sDir, rel)), { recursive: true });
        fs.writeFileSync(path.join(k8sDir, rel), content);
      }
      expect(
        fs.readFileSync(path.join(k8sDir, 'clusters/prod/prod/workers.yaml'), 'utf8').match(/kind: MachineDeployment/g),
      ).toHaveLength(2);
      const classChart = new Chart(new App(), 'class');
      new WorkloadCluster(classChart, 'Prod', CLASS_POOLS);
      fs.mkdirSync(path.join(k8sDir, 'extra'));
      const classFile = path.join(k8sDir, 'extra', 'cluster-class-pools.yaml');
      fs.writeFileSync(classFile, Yaml.stringify(...classChart.toJson()));
      expect(fs.readFileSync(classFile, 'utf8')).toContain('name: infra');
      const report = path.join(dir, 'report.json');
      const r = spawnSync(
        'node',
        ['scripts/conformance.mjs', '--k8s-dir', k8sDir, '--no-plan', '--verbose', '--report', report],
        {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          timeout: 600_000,
        },
      );
      const rows: Array<{ check: string; target: string; result: string }> = JSON.parse(
        fs.readFileSync(report, 'utf8'),
      ).rows;
      expect(rows.filter((row) => row.result === 'FAIL')).toEqual([]);
      expect(r.status).toBe(0);
      expect(rows.some((row) => row.check === 'kubeconform' && row.result === 'PASS')).toBe(true);
      expect(rows.some((row) => row.check === 'kubectl-validate' && row.result === 'PASS')).toBe(true);
      expect(rows.some((row) => row.target.includes('clusters/prod/prod/workers.yaml'))).toBe(true);
      const classRows = rows.filter((row) => row.target.includes('cluster-class-pools.yaml'));
      // --verbose: a row per file and check, so the ClusterClass file shows it was read by both validators.
      expect(classRows.map((row) => `${row.check} ${row.result}`)).toEqual(
        expect.arrayContaining(['kubeconform PASS', 'kubectl-validate PASS']),
      );
    });

    test('the four-pool upgrade fixture passes before and after the upgrade', () => {
      for (const side of ['current', 'target']) {
        const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'worker-pools-upgrade', side);
        const result = loadPlatformConfig(dir, { waiveRules: ['provider-version-known-defect'] });
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const app = new App();
        addCapiCharts(app, result.config);
        const k8sDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `pool-upgrade-${side}-`)), 'dist');
        for (const [rel, content] of renderGitOpsTree(app)) {
          fs.mkdirSync(path.dirname(path.join(k8sDir, rel)), { recursive: true });
          fs.writeFileSync(path.join(k8sDir, rel), content);
        }
        const workers = fs.readFileSync(path.join(k8sDir, 'clusters/prod/prod/workers.yaml'), 'utf8');
        expect(workers.match(/kind: MachineDeployment/g)).toHaveLength(4);
        expect(workers).toContain(side === 'current' ? 'version: v1.34.4' : 'version: v1.35.6');
        // The GPU pool's own rolling update is in its MachineDeployment, so the validators read it too.
        expect(workers).toMatch(/maxSurge: 0\n\s+maxUnavailable: 1/);
        const report = path.join(path.dirname(k8sDir), 'report.json');
        const r = spawnSync('node', ['scripts/conformance.mjs', '--k8s-dir', k8sDir, '--no-plan', '--report', report], {
          cwd: REPO_ROOT,
          encoding: 'utf8',
          timeout: 600_000,
        });
        const rows: Array<{ check: string; result: string }> = JSON.parse(fs.readFileSync(report, 'utf8')).rows;
        expect(rows.filter((row) => row.result === 'FAIL')).toEqual([]);
        expect(r.status).toBe(0);
        expect(rows.filter((row) => row.result === 'PASS').map((row) => row.check)).toEqual(
          expect.arrayContaining(['kubeconform', 'kubectl-validate']),
        );
      }
    });
  },
);
