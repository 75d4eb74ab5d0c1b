// Conformance of the two-pool fixture (test/fixtures/worker-pools) with the real tools (npm run test:tools):
// kubeconform -strict and kubectl-validate (the pinned CRDs with their CEL rules) over every file of its GitOps tree.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import { renderGitOpsTree } from '../../lib/core/synth/gitops-writer';
import { addCapiCharts } from '../../stacks/gitops-capi';
import { REPO_ROOT, describeWithTools } from '../conformance/tools';

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
      const report = path.join(dir, 'report.json');
      const r = spawnSync('node', ['scripts/conformance.mjs', '--k8s-dir', k8sDir, '--no-plan', '--report', report], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 600_000,
      });
      const rows: Array<{ check: string; result: string }> = JSON.parse(fs.readFileSync(report, 'utf8')).rows;
      expect(rows.filter((row) => row.result === 'FAIL')).toEqual([]);
      expect(r.status).toBe(0);
      expect(rows.some((row) => row.check === 'kubeconform' && row.result === 'PASS')).toBe(true);
      expect(rows.some((row) => row.check === 'kubectl-validate' && row.result === 'PASS')).toBe(true);
    });
  },
);
