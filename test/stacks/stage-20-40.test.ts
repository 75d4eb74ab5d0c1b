import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { App as K8sApp, Chart, Yaml } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import type { PlatformConfig } from '../../lib/core/spec/resolved';
import { renderGitOpsTree } from '../../lib/core/synth/gitops-writer';
import { collectValidationErrors } from '../../lib/core/synth/validate-tree';
import { ProxmoxFoundationStack } from '../../stacks/00-proxmox-foundation';
import { MgmtTalosStack } from '../../stacks/10-mgmt-talos';
import { CapiOperatorStack } from '../../stacks/20-capi-operator';
import { CapmoxStack } from '../../stacks/30-capmox';
import { ClustersStack } from '../../stacks/40-clusters';
import { WorkloadCluster } from '../../lib/capi/workload-cluster';
import { WorkloadClusterMode } from '../../lib/capi/workload-cluster-mode';
import { addCapiCharts, workloadClusterProps } from '../../stacks/gitops-capi';

// Synthesized JSON is untyped; tests read it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const REPO = path.resolve(__dirname, '../..');

function exampleConfig(): PlatformConfig {
  const result = loadPlatformConfig(path.join(REPO, 'clusters'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

function withDelivery(config: PlatformConfig, clusterDelivery: 'gitops' | 'terraform'): PlatformConfig {
  return { ...config, platform: { ...config.platform, gitops: { ...config.platform.gitops, clusterDelivery } } };
}

interface Built {
  readonly outdir: string;
  readonly tree: Map<string, string>;
  readonly errors: string[];
  stack(id: string): Json;
}

function build(config: PlatformConfig): Built {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-20-40-'));
  const tf = new TfApp({ outdir });
  const k8s = new K8sApp({ outdir: path.join(outdir, 'dist') });
  const s00 = new ProxmoxFoundationStack(tf, '00-proxmox-foundation', { config });
  const s10 = new MgmtTalosStack(tf, '10-mgmt-talos', { config, foundation: s00 });
  const s20 = new CapiOperatorStack(tf, '20-capi-operator', { config, managementCluster: s10.cluster });
  const s30 = new CapmoxStack(tf, '30-capmox', { config, managementCluster: s10.cluster, operator: s20 });
  new ClustersStack(tf, '40-clusters', { config, managementCluster: s10.cluster, providers: s30 });
  addCapiCharts(k8s, config);
  const errors = collectValidationErrors(tf, k8s).map((e) => `${e.path}: ${e.message}`);
  if (errors.length === 0) tf.synth();
  return {
    outdir,
    tree: errors.length === 0 ? renderGitOpsTree(k8s) : new Map(),
    errors,
    stack: (id) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')),
  };
}

const docs = (text: string | undefined): Json[] => parseAllDocuments(text ?? '').map((d) => d.toJSON());

describe('the example platform (prod: 3 + 3, staging: 1 + 2), GitOps delivery', () => {
  const config = exampleConfig();
  const built = build(config);

  test('no validation errors', () => {
    expect(built.errors).toEqual([]);
    expect(config.platform.gitops.clusterDelivery).toBe('gitops');
  });

  test('the GitOps tree: providers and one folder per cluster', () => {
    expect([...built.tree.keys()]).toEqual([
      'clusters/prod/prod/cluster.yaml',
      'clusters/prod/prod/cni.yaml',
      'clusters/prod/prod/control-plane.yaml',
      'clusters/prod/prod/health-checks.yaml',
      'clusters/prod/prod/workers.yaml',
      'clusters/staging/staging/cluster.yaml',
      'clusters/staging/staging/cni.yaml',
      'clusters/staging/staging/control-plane.yaml',
      'clusters/staging/staging/health-checks.yaml',
      'clusters/staging/staging/workers.yaml',
      'platform/capi/providers.yaml',
    ]);
  });

  test('providers.yaml: namespaces and the six pinned providers', () => {
    const providers = docs(built.tree.get('platform/capi/providers.yaml'));
    expect(providers.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Namespace/capi-system',
      'Namespace/cabpt-system',
      'Namespace/cacppt-system',
      'Namespace/capmox-system',
      'Namespace/capi-ipam-in-cluster-system',
      'Namespace/caaph-system',
      'CoreProvider/cluster-api',
      'BootstrapProvider/talos',
      'ControlPlaneProvider/talos',
      'InfrastructureProvider/proxmox',
      'IPAMProvider/in-cluster',
      'AddonProvider/helm',
    ]);
    const v = config.platform.versions;
    expect(providers.slice(6).map((d) => d.spec.version)).toEqual([
      `v${v.clusterApi}`,
      `v${v.cabpt}`,
      `v${v.cacppt}`,
      `v${v.capmox}`,
      `v${v.ipamInCluster}`,
      'v0.6.4',
    ]);
    expect(providers[9].spec.configSecret).toEqual({ name: 'capmox-credentials', namespace: 'capmox-system' });
  });

  test.each([
    ['prod', 'prod', 3, 3, '10.30.0.10', '10.30.0.20-10.30.0.49', 30, { team: 'platform', tier: 'production' }],
    ['staging', 'staging', 1, 2, '10.40.0.10', '10.40.0.20-10.40.0.39', 40, { tier: 'staging' }],
  ])('%s/%s: %i control planes, %i workers, endpoint, pool, VLAN, labels', (env, name, cps, workers, vip, pool, vlan, labels) => {
    const dir = `clusters/${env}/${name}`;
    const [ns, cluster, proxmoxCluster] = docs(built.tree.get(`${dir}/cluster.yaml`));
    // Argo CD never deletes the Namespace or the Cluster by itself (decommission is explicit, docs/clusters.md).
    const retain = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' };
    expect(ns).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations: retain } });
    expect(cluster.metadata).toEqual({
      name,
      namespace: name,
      labels: { ...labels, 'talos-platform-cdk.dev/workload-cluster': name },
      annotations: retain,
    });
    expect(cluster.spec.controlPlaneRef).toEqual({ apiGroup: 'controlplane.cluster.x-k8s.io', kind: 'TalosControlPlane', name: `${name}-control-plane` });
    expect(proxmoxCluster.spec.controlPlaneEndpoint).toEqual({ host: vip, port: 6443 });
    expect(proxmoxCluster.spec.ipv4Config.addresses).toEqual([pool]);
    const [cpTemplate, tcp] = docs(built.tree.get(`${dir}/control-plane.yaml`));
    expect(tcp.spec.replicas).toBe(cps);
    expect(tcp.spec.version).toBe(`v${config.platform.versions.kubernetes}`);
    expect(tcp.spec.controlPlaneConfig.controlplane.talosVersion).toBe(`v${config.platform.versions.talos}`);
    expect(tcp.spec.infrastructureTemplate.name).toBe(cpTemplate.metadata.name);
    expect(cpTemplate.spec.template.spec.network.networkDevices[0]).toMatchObject({ bridge: 'vmbr0', vlan, defaultIPv4: true });
    const [workerTemplate, talosConfig, md] = docs(built.tree.get(`${dir}/workers.yaml`));
    expect(md.spec.replicas).toBe(workers);
    expect(md.spec.template.spec.version).toBe(`v${config.platform.versions.kubernetes}`);
    expect(md.spec.template.spec.infrastructureRef.name).toBe(workerTemplate.metadata.name);
    expect(md.spec.template.spec.bootstrap.configRef.name).toBe(talosConfig.metadata.name);
    const mhcs = docs(built.tree.get(`${dir}/health-checks.yaml`));
    expect(mhcs.map((m) => m.metadata.name)).toEqual([`${name}-workers`]);
    // 40% of 3 or of 2 workers rounds down to 1 or 0: the threshold is a count of at least 1.
    expect(mhcs[0].spec.remediation.triggerIf.unhealthyLessThanOrEqualTo).toBe(1);
    const [cilium] = docs(built.tree.get(`${dir}/cni.yaml`));
    expect(cilium).toMatchObject({
      apiVersion: 'addons.cluster.x-k8s.io/v1alpha1',
      kind: 'HelmChartProxy',
      metadata: { name: `${name}-cilium`, namespace: name },
      spec: {
        clusterSelector: { matchLabels: { 'talos-platform-cdk.dev/workload-cluster': name } },
        chartName: 'cilium',
        releaseName: 'cilium',
        namespace: 'kube-system',
        reconcileStrategy: 'Continuous',
      },
    });
  });

  test('stage 20: cert-manager then the operator', () => {
    const releases = Object.values(built.stack('20-capi-operator').resource.helm_release) as Json[];
    expect(releases.map((r) => `${r.name}@${r.version}`).sort()).toEqual(['capi-operator@0.28.0', 'cert-manager@v1.21.1']);
    const json = built.stack('20-capi-operator');
    expect(json.provider.helm[0].kubernetes.host).toMatch(/terraform_remote_state\.cross-stack-reference-input-10-mgmt-talos/);
  });

  test('stage 30: namespaces and credentials by Terraform, providers through the bridge; no secret in the JSON', () => {
    const json = built.stack('30-capmox');
    expect(Object.values(json.resource.kubernetes_namespace_v1).map((n: Json) => n.metadata.name).sort()).toEqual([
      'caaph-system',
      'cabpt-system',
      'cacppt-system',
      'capi-ipam-in-cluster-system',
      'capi-system',
      'capmox-system',
    ]);
    const secret = Object.values(json.resource.kubernetes_secret_v1)[0] as Json;
    expect(secret.data).toEqual({
      PROXMOX_URL: 'https://pve1.example.internal:8006',
      PROXMOX_TOKEN: '${var.proxmox_api_token_id}',
      PROXMOX_SECRET: '${var.proxmox_api_token_secret}',
    });
    const release = Object.values(json.resource.helm_release)[0] as Json;
    expect(release).toMatchObject({ name: 'capi-providers', namespace: 'capi-operator-system', create_namespace: false });
    expect(release.depends_on).toContain('kubernetes_secret_v1.ProxmoxCredentials_34ED88FB');
    const files = fs.readdirSync(path.join(built.outdir, 'stacks', '30-capmox', release.chart, 'files'));
    expect(files).toEqual([
      '000-coreprovider-cluster-api.yaml',
      '001-bootstrapprovider-talos.yaml',
      '002-controlplaneprovider-talos.yaml',
      '003-infrastructureprovider-proxmox.yaml',
      '004-ipamprovider-in-cluster.yaml',
      '005-addonprovider-helm.yaml',
    ]);
  });

  test('stage 40 with GitOps delivery manages nothing and says so', () => {
    const json = built.stack('40-clusters');
    expect(json.resource).toBeUndefined();
    expect(json.output.cluster_delivery.value).toBe(
      'gitops: workload clusters are committed under dist/clusters/<env>/<name>/ and applied by Argo CD; this stage manages nothing',
    );
  });
});

describe('Terraform delivery of the workload clusters', () => {
  const built = build(withDelivery(exampleConfig(), 'terraform'));

  test('stage 40 installs one release per cluster; the GitOps tree has no clusters/', () => {
    expect(built.errors).toEqual([]);
    const releases = Object.values(built.stack('40-clusters').resource.helm_release) as Json[];
    expect(releases.map((r) => [r.name, r.namespace, r.create_namespace])).toEqual([
      ['cluster-prod', 'prod', true],
      ['cluster-staging', 'staging', true],
    ]);
    const files = fs.readdirSync(path.join(built.outdir, 'stacks', '40-clusters', releases[0].chart, 'files'));
    expect(files.map((f) => f.replace(/-[0-9a-f]{8}\.yaml$/, '.yaml'))).toEqual([
      '000-cluster-prod.yaml',
      '001-proxmoxcluster-prod.yaml',
      '002-proxmoxmachinetemplate-prod-control-plane.yaml',
      '003-taloscontrolplane-prod-control-plane.yaml',
      '004-proxmoxmachinetemplate-prod-workers.yaml',
      '005-talosconfigtemplate-prod-workers.yaml',
      '006-machinedeployment-prod-workers.yaml',
      '007-machinehealthcheck-prod-workers.yaml',
      '008-helmchartproxy-prod-cilium.yaml',
    ]);
    expect([...built.tree.keys()]).toEqual(['platform/capi/providers.yaml']);
  });
});

describe('ClusterClass mode in the spec', () => {
  test('reports that CACPPT has no control-plane template, in the GitOps tree and in stage 40', () => {
    const base = exampleConfig();
    const config = { ...base, clusters: base.clusters.map((c) => (c.name === 'staging' ? { ...c, clusterClass: true } : c)) };
    const gitops = build(config);
    expect(gitops.errors).toEqual([
      expect.stringMatching(/^capi\/staging\.staging\/Cluster: cluster "staging" asks for the ClusterClass mode \(clusterClass: true\) without a control-plane template\./),
    ]);
    const terraform = build(withDelivery(config, 'terraform'));
    expect(terraform.errors).toEqual([
      expect.stringMatching(/^40-clusters\/staging: staging\/Cluster: cluster "staging" asks for the ClusterClass mode/),
    ]);
  });
});

const tools = ['tofu', 'kubeconform', 'helm'].map((t) => path.join(REPO, '.tools', 'bin', t));
const haveTools = tools.every((t) => fs.existsSync(t));
(haveTools ? describe : describe.skip)('conformance (real tofu, kubeconform -strict, helm)', () => {
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
      mode: WorkloadClusterMode.clusterClass({ apiVersion: 'controlplane.cluster.x-k8s.io/v1beta2', kind: 'KubeadmControlPlaneTemplate', name: 'cp' }),
    });
    fs.mkdirSync(path.join(k8sDir, 'extra'));
    fs.writeFileSync(path.join(k8sDir, 'extra', 'cluster-class.yaml'), Yaml.stringify(...classChart.toJson()));
    const report = path.join(tfDir, 'report.json');
    const r = spawnSync('node', ['scripts/conformance.mjs', '--tf-dir', tfDir, '--k8s-dir', k8sDir, '--no-plan', '--report', report], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 600_000,
    });
    const rows: Array<{ check: string; target: string; result: string; detail: string }> = JSON.parse(fs.readFileSync(report, 'utf8')).rows;
    const failed = rows.filter((row) => row.result === 'FAIL');
    expect(failed).toEqual([]);
    expect(r.status).toBe(0);
    const passed = (check: string) => rows.filter((row) => row.check === check && row.result === 'PASS').length;
    expect(passed('tofu validate')).toBe(4);
    expect(passed('helm template')).toBe(3);
    // 9 GitOps files + the ClusterClass-mode file + 3 bridge charts.
    expect(passed('kubeconform')).toBe(13);
  });
});
