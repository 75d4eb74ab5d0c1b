import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { build, exampleConfig, withDelivery } from './stage-20-40-fixtures';
import type { Json } from './stage-20-40-fixtures';

const docs = (text: string | undefined): Json[] => parseAllDocuments(text ?? '').map((d) => d.toJSON());

describe('the example platform (prod: 3 + 3, staging: 1 + 2), GitOps delivery', () => {
  const config = exampleConfig();
  const built = build(config);

  test('no validation errors', () => {
    expect(built.errors).toEqual([]);
    expect(config.platform.gitops.clusterDelivery).toBe('gitops');
  });

  test("the GitOps tree: one folder per cluster (the providers are stage 30's alone)", () => {
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
    ]);
  });

  test('stage 30 applies the six pinned providers', () => {
    const release = Object.values(built.stack('30-capmox').resource.helm_release)[0] as Json;
    const dir = path.join(built.outdir, 'stacks', '30-capmox', release.chart, 'files');
    const providers = fs
      .readdirSync(dir)
      .sort()
      .flatMap((f) => docs(fs.readFileSync(path.join(dir, f), 'utf8')));
    expect(providers.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'CoreProvider/cluster-api',
      'BootstrapProvider/talos',
      'ControlPlaneProvider/talos',
      'InfrastructureProvider/proxmox',
      'IPAMProvider/in-cluster',
      'AddonProvider/helm',
    ]);
    const v = config.platform.versions;
    expect(providers.map((d) => d.spec.version)).toEqual([
      `v${v.clusterApi}`,
      `v${v.cabpt}`,
      `v${v.cacppt}`,
      `v${v.capmox}`,
      `v${v.ipamInCluster}`,
      'v0.6.4',
    ]);
    expect(providers[3].spec.configSecret).toEqual({
      name: 'capmox-credentials-dbf32d5373',
      namespace: 'capmox-system',
    });
  });

  test.each([
    ['prod', 'prod', 3, 3, '10.30.0.10', '10.30.0.20-10.30.0.49', 30, { team: 'platform', tier: 'production' }],
    ['staging', 'staging', 1, 2, '10.40.0.10', '10.40.0.20-10.40.0.39', 40, { tier: 'staging' }],
  ])(
    '%s/%s: %i control planes, %i workers, endpoint, pool, VLAN, labels',
    (env, name, cps, workers, vip, pool, vlan, labels) => {
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
      expect(cluster.spec.controlPlaneRef).toEqual({
        apiGroup: 'controlplane.cluster.x-k8s.io',
        kind: 'TalosControlPlane',
        name: `${name}-control-plane`,
      });
      expect(proxmoxCluster.spec.controlPlaneEndpoint).toEqual({ host: vip, port: 6443 });
      expect(proxmoxCluster.spec.ipv4Config.addresses).toEqual([pool]);
      const [cpTemplate, tcp] = docs(built.tree.get(`${dir}/control-plane.yaml`));
      expect(tcp.spec.replicas).toBe(cps);
      expect(tcp.spec.version).toBe(`v${config.platform.versions.kubernetes}`);
      expect(tcp.spec.controlPlaneConfig.controlplane.talosVersion).toBe(`v${config.platform.versions.talos}`);
      expect(tcp.spec.infrastructureTemplate.name).toBe(cpTemplate.metadata.name);
      expect(cpTemplate.spec.template.spec.network.networkDevices[0]).toMatchObject({
        bridge: 'vmbr0',
        vlan,
        defaultIPv4: true,
      });
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
    },
  );

  test('stage 20: cert-manager then the operator', () => {
    const releases = Object.values(built.stack('20-capi-operator').resource.helm_release) as Json[];
    expect(releases.map((r) => `${r.name}@${r.version}`).sort()).toEqual([
      'capi-operator@0.28.0',
      'cert-manager@v1.21.1',
    ]);
    const json = built.stack('20-capi-operator');
    expect(json.provider.helm[0].kubernetes.host).toMatch(
      /terraform_remote_state\.cross-stack-reference-input-10-mgmt-talos/,
    );
  });

  test('stage 30: namespaces and credentials by Terraform, providers through the bridge; no secret in the JSON', () => {
    const json = built.stack('30-capmox');
    expect(
      Object.values(json.resource.kubernetes_namespace_v1)
        .map((n: Json) => n.metadata.name)
        .sort(),
    ).toEqual([
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
      PROXMOX_TOKEN: '${var.capmox_token_id}',
      PROXMOX_SECRET: '${var.capmox_token_secret}',
    });
    const release = Object.values(json.resource.helm_release)[0] as Json;
    expect(release).toMatchObject({
      name: 'capi-providers',
      namespace: 'capi-operator-system',
      create_namespace: false,
    });
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
    expect([...built.tree.keys()]).toEqual([]);
  });
});

describe('ClusterClass mode in the spec', () => {
  test('reports that CACPPT has no control-plane template, in the GitOps tree and in stage 40', () => {
    const base = exampleConfig();
    const config = {
      ...base,
      clusters: base.clusters.map((c) => (c.name === 'staging' ? { ...c, clusterClass: true } : c)),
    };
    const gitops = build(config);
    expect(gitops.errors).toEqual([
      expect.stringMatching(
        /^capi\/staging\.staging\/Cluster: cluster "staging" asks for the ClusterClass mode \(clusterClass: true\) without a control-plane template\./,
      ),
    ]);
    const terraform = build(withDelivery(config, 'terraform'));
    expect(terraform.errors).toEqual([
      expect.stringMatching(
        /^40-clusters\/staging: staging\/Cluster: cluster "staging" asks for the ClusterClass mode/,
      ),
    ]);
  });
});
