// Conformance of stages 20, 30 and 40 with the real tools (npm run test:tools): tofu validate of the stacks,
// kubectl-validate and kubeconform -strict over every emitted object, helm template of the bridge charts.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { App as K8sApp, Chart, Yaml } from 'cdk8s';
import { WorkloadCluster } from '../../lib/capi/workload-cluster';
import { WorkloadClusterMode } from '../../lib/capi/workload-cluster-mode';
import { workloadClusterProps } from '../../stacks/gitops-capi';
import { describeWithTools } from '../conformance/tools';
import { REPO, build, exampleConfig, withDelivery } from './stage-20-40-fixtures';

describeWithTools(
  ['tofu', 'tofurc', 'kubeconform', 'helm', 'kustomize', 'sops', 'age-keygen', 'kubectl-validate'],
  'conformance (real tofu, kubeconform -strict, helm)',
  () => {
    test('stacks 20, 30, 40 validate; every emitted object passes kubeconform -strict; the bridge charts render', () => {
      const gitops = build(exampleConfig());
      const terraform = build(withDelivery(exampleConfig(), 'terraform'));
      const tfDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-20-40-tf-'));
      for (const [from, id, as] of [
        [gitops, '20-capi-operator', '20-capi-operator'],
        [gitops, '30-capmox', '30-capmox'],
        [gitops, '40-clusters', '40-clusters'],
        [terraform, '40-clusters', '40-clusters-terraform'],
      ] as const) {
        fs.cpSync(path.join(from.outdir, 'stacks', id), path.join(tfDir, 'stacks', as), { recursive: true });
      }
      const k8sDir = path.join(tfDir, 'dist');
      for (const [rel, content] of gitops.tree) {
        fs.mkdirSync(path.dirname(path.join(k8sDir, rel)), { recursive: true });
        fs.writeFileSync(path.join(k8sDir, rel), content);
      }
      // The ClusterClass mode, with a control-plane template of another provider.
      const config = exampleConfig();
      const classChart = new Chart(new K8sApp(), 'class');
      new WorkloadCluster(classChart, 'Prod', {
        ...workloadClusterProps(config, config.clusters[0]),
        mode: WorkloadClusterMode.clusterClass({
          apiVersion: 'controlplane.cluster.x-k8s.io/v1beta2',
          kind: 'KubeadmControlPlaneTemplate',
          name: 'cp',
        }),
      });
      fs.mkdirSync(path.join(k8sDir, 'extra'));
      fs.writeFileSync(path.join(k8sDir, 'extra', 'cluster-class.yaml'), Yaml.stringify(...classChart.toJson()));
      const report = path.join(tfDir, 'report.json');
      const r = spawnSync(
        'node',
        ['scripts/conformance.mjs', '--tf-dir', tfDir, '--k8s-dir', k8sDir, '--no-plan', '--report', report],
        {
          cwd: REPO,
          encoding: 'utf8',
          timeout: 600_000,
        },
      );
      const rows: Array<{ check: string; target: string; result: string; detail: string }> = JSON.parse(
        fs.readFileSync(report, 'utf8'),
      ).rows;
      const failed = rows.filter((row) => row.result === 'FAIL');
      expect(failed).toEqual([]);
      expect(r.status).toBe(0);
      const passed = (check: string) => rows.filter((row) => row.check === check && row.result === 'PASS').length;
      expect(passed('tofu validate')).toBe(4);
      expect(passed('helm template')).toBe(3);
      // 10 GitOps files (5 per cluster, cni.yaml included; the providers are stage 30's, not in the tree) + the
      // ClusterClass-mode file + 3 bridge charts.
      expect(passed('kubeconform')).toBe(14);
    });
  },
);
