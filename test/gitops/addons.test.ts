import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { CHART_VERSIONS } from '../../lib/core/versions';
import type { Addon } from '../../lib/gitops/addons/addon';
import { PRIVILEGED_NAMESPACE_LABELS } from '../../lib/gitops/addons/addon';
import { AlloyAddon, alloyLogsConfig } from '../../lib/gitops/addons/alloy';
import { CertManagerAddon } from '../../lib/gitops/addons/cert-manager';
import {
  CiliumAddon,
  DEFAULT_CILIUM_OPERATOR_REPLICAS,
  KUBEPRISM_PORT,
  talosCiliumValues,
} from '../../lib/gitops/addons/cilium';
import { CiliumLoadBalancerAddon } from '../../lib/gitops/addons/cilium-load-balancer';
import { DashboardsAddon, platformOverviewDashboard } from '../../lib/gitops/addons/dashboards';
import { ExternalAddon } from '../../lib/gitops/addons/external';
import { ExternalDnsAddon } from '../../lib/gitops/addons/external-dns';
import { ExternalSecretsAddon } from '../../lib/gitops/addons/external-secrets';
import { KubePrometheusStackAddon } from '../../lib/gitops/addons/kube-prometheus-stack';
import { KyvernoAddon } from '../../lib/gitops/addons/kyverno';
import { DEFAULT_LOKI_STORAGE_GIB, LOKI_PUSH_URL, LokiAddon } from '../../lib/gitops/addons/loki';
import {
  DEFAULT_LONGHORN_REPLICAS,
  LONGHORN_TALOS_EXTENSIONS,
  LONGHORN_TALOS_KUBELET_MOUNT,
  LonghornAddon,
} from '../../lib/gitops/addons/longhorn';
import { SopsSecretsAddon } from '../../lib/gitops/addons/sops-secrets';
import { VeleroAddon } from '../../lib/gitops/addons/velero';
import { AppOfApps } from '../../lib/gitops/app-of-apps';
import { collectSecretTodos } from '../../lib/secrets/secret-todos';
import { renderTree } from './helpers';
import type { Json } from './helpers';

/** name, wave, namespace, needs, isCni, fleet, cascadeDelete, serverSideApply */
function shape(a: Addon): unknown[] {
  return [a.name, a.syncWave, a.namespace, [...a.needs], a.isCni, a.fleet, a.cascadeDelete, a.serverSideApply];
}

describe('the catalog: waves, namespaces and flags', () => {
  test.each<[string, () => Addon, unknown[]]>([
    // fleet false: workload clusters get Cilium from CAAPH (WorkloadClusterCilium).
    ['cilium', () => new CiliumAddon(), ['cilium', 0, 'kube-system', [], true, false, false, true]],
    ['kyverno', () => new KyvernoAddon(), ['kyverno', 1, 'kyverno', [], false, false, false, true]],
    [
      'cilium-lb',
      () => new CiliumLoadBalancerAddon({ start: '10.0.0.1', stop: '10.0.0.2' }),
      ['cilium-lb', 1, 'kube-system', ['cilium'], false, false, true, false],
    ],
    ['cert-manager', () => new CertManagerAddon(), ['cert-manager', 1, 'cert-manager', [], false, true, true, false]],
    [
      'external-secrets',
      () => new ExternalSecretsAddon(),
      ['external-secrets', 1, 'external-secrets', [], false, true, true, false],
    ],
    [
      'external-dns',
      () =>
        new ExternalDnsAddon({ provider: 'cloudflare', txtOwnerId: 'mgmt', credentialsApp: 'external-dns-secrets' }),
      ['external-dns', 2, 'external-dns', ['external-dns-secrets'], false, false, true, false],
    ],
    ['longhorn', () => new LonghornAddon(), ['longhorn', 2, 'longhorn-system', [], false, true, true, false]],
    [
      'kube-prometheus-stack',
      () => new KubePrometheusStackAddon(),
      ['kube-prometheus-stack', 2, 'monitoring', [], false, true, true, true],
    ],
    ['velero', () => new VeleroAddon(), ['velero', 2, 'velero', [], false, false, true, false]],
    ['loki', () => new LokiAddon(), ['loki', 2, 'logging', [], false, false, true, false]],
    ['alloy', () => new AlloyAddon(), ['alloy', 2, 'logging', [], false, false, true, false]],
    [
      'dashboards',
      () => new DashboardsAddon(),
      ['dashboards', 3, 'monitoring', ['kube-prometheus-stack'], false, false, true, false],
    ],
  ])('%s', (_name, make, expected) => {
    expect(shape(make())).toEqual(expected);
  });

  test('chart versions are the pinned ones', () => {
    expect(new CiliumAddon().chart?.version).toBe(CHART_VERSIONS.cilium);
    expect(new CertManagerAddon().chart?.version).toBe(CHART_VERSIONS.certManager);
    expect(new ExternalSecretsAddon().chart?.version).toBe(CHART_VERSIONS.externalSecrets);
    expect(new LonghornAddon().chart?.version).toBe(CHART_VERSIONS.longhorn);
    expect(new KubePrometheusStackAddon().chart?.version).toBe(CHART_VERSIONS.kubePrometheusStack);
    expect(new VeleroAddon().chart?.version).toBe(CHART_VERSIONS.velero);
    expect(new LokiAddon().chart?.version).toBe(CHART_VERSIONS.loki);
    expect(new AlloyAddon().chart?.version).toBe(CHART_VERSIONS.alloy);
  });

  test('an external addon joins the rules but emits nothing', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const apps = new AppOfApps(app, 'Platform', { repoUrl: 'https://g/r.git', targetRevision: 'main' });
    const ext = new ExternalAddon({ name: 'cert-manager', syncWave: 1, installedBy: 'Terraform stage 20' });
    expect(apps.addAddon(ext)).toBeUndefined();
    expect([ext.isExternal, ext.installedBy, ext.namespace]).toEqual([true, 'Terraform stage 20', 'cert-manager']);
    expect([...renderTree(app).files.keys()]).toEqual([]);
  });
});

describe('Cilium on Talos', () => {
  test('every Talos value, exactly', () => {
    expect(talosCiliumValues()).toEqual({
      ipam: { mode: 'kubernetes' },
      kubeProxyReplacement: true,
      k8sServiceHost: 'localhost',
      k8sServicePort: 7445,
      cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
      securityContext: {
        capabilities: {
          ciliumAgent: [
            'CHOWN',
            'KILL',
            'NET_ADMIN',
            'NET_RAW',
            'IPC_LOCK',
            'SYS_ADMIN',
            'SYS_RESOURCE',
            'DAC_OVERRIDE',
            'FOWNER',
            'SETGID',
            'SETUID',
          ],
          cleanCiliumState: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_RESOURCE'],
        },
      },
      bpf: { hostLegacyRouting: true },
      operator: { replicas: 2 },
      hubble: { tls: { auto: { method: 'cronJob' } } },
    });
    expect(KUBEPRISM_PORT).toBe(7445);
    expect(DEFAULT_CILIUM_OPERATOR_REPLICAS).toBe(2);
  });

  test('L2 announcements turn on announcements, external IPs and higher client rate limits', () => {
    const values = talosCiliumValues({ l2Announcements: true, operatorReplicas: 1, hostLegacyRouting: false });
    expect(values).toMatchObject({
      l2announcements: { enabled: true },
      externalIPs: { enabled: true },
      k8sClientRateLimit: { qps: 20, burst: 40 },
      operator: { replicas: 1 },
      bpf: { hostLegacyRouting: false },
    });
  });

  test('the addon uses the Talos values, release cilium, chart from helm.cilium.io', () => {
    const chart = new CiliumAddon({ extraValues: { hubble: { relay: { enabled: true } } } }).chart!;
    expect([chart.repoUrl, chart.chart, chart.releaseName]).toEqual(['https://helm.cilium.io', 'cilium', 'cilium']);
    // extraValues merge deeply: Hubble relay joins the Talos values' Hubble TLS method, it does not replace it.
    expect(chart.values).toEqual({
      ...talosCiliumValues(),
      hubble: { tls: { auto: { method: 'cronJob' } }, relay: { enabled: true } },
    });
  });

  test('operatorReplicas below 1 is an error', () => {
    expect(() => talosCiliumValues({ operatorReplicas: 0 })).toThrow(
      'Cilium operatorReplicas is 0; expected a whole number of at least 1',
    );
  });

  test('the LB pool (cilium.io/v2, blocks start/stop) and the L2 policy (cilium.io/v2alpha1)', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const apps = new AppOfApps(app, 'Platform', { repoUrl: 'https://g/r.git', targetRevision: 'main' });
    apps.addAddon(new CiliumAddon({ l2Announcements: true }));
    apps.addAddon(new CiliumLoadBalancerAddon({ start: '10.20.0.200', stop: '10.20.0.220', interfaces: ['^eth0$'] }));
    const { files, errors } = renderTree(app);
    expect(errors).toEqual([]);
    expect(parse(files.get('platform/cilium-lb/ip-pool.yaml')!)).toEqual({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumLoadBalancerIPPool',
      metadata: { name: 'default' },
      spec: { blocks: [{ start: '10.20.0.200', stop: '10.20.0.220' }] },
    });
    expect(parse(files.get('platform/cilium-lb/l2-announcement-policy.yaml')!)).toEqual({
      apiVersion: 'cilium.io/v2alpha1',
      kind: 'CiliumL2AnnouncementPolicy',
      metadata: { name: 'default' },
      spec: { loadBalancerIPs: true, externalIPs: true, interfaces: ['^eth0$'] },
    });
    const lbApp = parse(files.get('platform/apps/01-cilium-lb.yaml')!);
    expect(lbApp.spec.source).toEqual({
      repoURL: 'https://g/r.git',
      path: 'dist/platform/cilium-lb',
      targetRevision: 'main',
    });
    expect(lbApp.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'SkipDryRunOnMissingResource=true']);
  });

  test('an inverted pool is an error', () => {
    expect(() => new CiliumLoadBalancerAddon({ start: '10.0.0.9', stop: '10.0.0.1' })).toThrow(
      'cilium-lb: pool 10.0.0.9-10.0.0.1 is not a valid IPv4 range; expected start <= stop, e.g. 10.20.0.200-10.20.0.220',
    );
  });
});

describe('chart values of the other addons', () => {
  test('cert-manager installs its CRDs', () => {
    const chart = new CertManagerAddon().chart!;
    expect([chart.repoUrl, chart.chart, chart.releaseName]).toEqual([
      'https://charts.jetstack.io',
      'cert-manager',
      'cert-manager',
    ]);
    expect(chart.values).toEqual({ crds: { enabled: true } });
  });

  test('ExternalDNS reads its Cloudflare token from the Secret, never from values', () => {
    const chart = new ExternalDnsAddon({ provider: 'cloudflare', txtOwnerId: 'mgmt', domainFilters: ['example.com'] })
      .chart!;
    expect(chart.values).toEqual({
      provider: { name: 'cloudflare' },
      txtOwnerId: 'mgmt',
      policy: 'upsert-only',
      sources: ['service', 'ingress'],
      domainFilters: ['example.com'],
      env: [{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: 'cloudflare-api-token', key: 'api-token' } } }],
    });
    expect(new ExternalDnsAddon({ provider: 'rfc2136', txtOwnerId: 'x' }).chart!.values).not.toHaveProperty('env');
  });

  test('Longhorn: privileged namespace, no pre-upgrade job, replica count', () => {
    const addon = new LonghornAddon();
    expect(addon.namespaceLabels).toEqual(PRIVILEGED_NAMESPACE_LABELS);
    expect(PRIVILEGED_NAMESPACE_LABELS['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(addon.chart!.values).toEqual({
      preUpgradeChecker: { jobEnabled: false },
      persistence: { defaultClassReplicaCount: DEFAULT_LONGHORN_REPLICAS },
      defaultSettings: { defaultDataPath: '/var/lib/longhorn' },
    });
    expect(DEFAULT_LONGHORN_REPLICAS).toBe(3);
    expect(new LonghornAddon({ replicaCount: 1 }).chart!.values).toMatchObject({
      persistence: { defaultClassReplicaCount: 1 },
    });
    expect(() => new LonghornAddon({ replicaCount: 0 })).toThrow(
      'longhorn: replicaCount is 0; expected a whole number of at least 1',
    );
    expect(LONGHORN_TALOS_EXTENSIONS).toEqual(['siderolabs/iscsi-tools', 'siderolabs/util-linux-tools']);
    expect(LONGHORN_TALOS_KUBELET_MOUNT.machine.kubelet.extraMounts[0]).toEqual({
      destination: '/var/lib/longhorn',
      type: 'bind',
      source: '/var/lib/longhorn',
      options: ['bind', 'rshared', 'rw'],
    });
  });

  test('kube-prometheus-stack: no kube-proxy, control plane scraping off, every monitor selected', () => {
    expect(new KubePrometheusStackAddon().chart!.values).toEqual({
      kubeProxy: { enabled: false },
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeEtcd: { enabled: false },
      prometheus: {
        prometheusSpec: {
          retention: '15d',
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
        },
      },
    });
    const withSecret = new KubePrometheusStackAddon({
      grafanaAdminSecretName: 'grafana-admin',
      scrapeControlPlane: true,
    });
    expect(withSecret.chart!.values).toMatchObject({
      kubeEtcd: { enabled: true },
      grafana: { admin: { existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' } },
    });
  });

  test('External Secrets Operator installs its CRDs', () => {
    expect(new ExternalSecretsAddon().chart!.values).toEqual({ installCRDs: true });
  });

  test('Velero: node agent, no snapshots, no credentials until configured, privileged namespace', () => {
    const addon = new VeleroAddon();
    expect(addon.chart!.values).toEqual({
      snapshotsEnabled: false,
      deployNodeAgent: true,
      credentials: { useSecret: false },
    });
    expect(addon.namespaceLabels).toEqual(PRIVILEGED_NAMESPACE_LABELS);
  });

  test('Loki: monolithic, filesystem, caches off', () => {
    const values = new LokiAddon().chart!.values as Json;
    expect(values.deploymentMode).toBe('SingleBinary');
    expect(values.loki.storage).toEqual({ type: 'filesystem' });
    expect(values.loki.commonConfig).toEqual({ replication_factor: 1 });
    expect(values.loki.schemaConfig.configs[0]).toMatchObject({
      store: 'tsdb',
      schema: 'v13',
      object_store: 'filesystem',
    });
    expect(values.singleBinary).toEqual({
      replicas: 1,
      persistence: { enabled: true, size: `${DEFAULT_LOKI_STORAGE_GIB}Gi` },
    });
    expect([values.read, values.write, values.backend]).toEqual([{ replicas: 0 }, { replicas: 0 }, { replicas: 0 }]);
    expect([values.chunksCache, values.resultsCache]).toEqual([{ enabled: false }, { enabled: false }]);
  });

  test('Alloy ships pod logs to that Loki', () => {
    const values = new AlloyAddon().chart!.values as Json;
    expect(values.controller).toEqual({ type: 'deployment', replicas: 1 });
    expect(values.alloy.configMap.content).toBe(alloyLogsConfig());
    expect(alloyLogsConfig()).toContain(`url = "${LOKI_PUSH_URL}"`);
    expect(alloyLogsConfig()).toContain('loki.source.kubernetes "pods"');
  });

  test('dashboards: the overview ConfigMap and, with logging, a Loki datasource', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const apps = new AppOfApps(app, 'Platform', { repoUrl: 'https://g/r.git', targetRevision: 'main' });
    apps.addAddon(new KubePrometheusStackAddon());
    apps.addAddon(new LokiAddon());
    const dashboards = new DashboardsAddon({ lokiDatasource: true });
    expect(dashboards.needs).toEqual(['kube-prometheus-stack', 'loki']);
    apps.addAddon(dashboards);
    const { files, errors } = renderTree(app);
    expect(errors).toEqual([]);
    const cm = parse(files.get('platform/dashboards/platform-overview.yaml')!);
    expect(cm.metadata).toEqual({
      name: 'platform-overview-dashboard',
      namespace: 'monitoring',
      labels: { grafana_dashboard: '1' },
    });
    expect(JSON.parse(cm.data['platform-overview.json'])).toMatchObject({ uid: 'talos-platform-overview' });
    expect(JSON.parse(platformOverviewDashboard()).panels).toHaveLength(6);
    const ds = parse(files.get('platform/dashboards/loki-datasource.yaml')!);
    expect(ds.metadata.labels).toEqual({ grafana_datasource: '1' });
    expect(ds.data['loki-datasource.yaml']).toContain('url: http://loki-gateway.logging.svc.cluster.local');
  });
});

describe('SopsSecretsAddon', () => {
  function repo(withFile: boolean): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sops-addon-'));
    fs.writeFileSync(
      path.join(root, '.sops.yaml'),
      'creation_rules:\n  - path_regex: (^|/)platform/secrets/.*\\.ya?ml$\n    encrypted_regex: ^(data|stringData)$\n' +
        '    age: age1ka2qcqec7k28z7yjnmrqe2qapzshwf4f3as7d47urhevce5zu9eqerz7qd\n',
    );
    if (withFile) {
      fs.mkdirSync(path.join(root, 'platform', 'secrets'), { recursive: true });
      fs.copyFileSync(
        path.join(__dirname, 'fixtures', 'cloudflare-api-token.sops.yaml'),
        path.join(root, 'platform', 'secrets', 'cloudflare-api-token.sops.yaml'),
      );
    }
    return root;
  }

  test('a missing file: the folder has an empty kustomization, allPresent is false, a TODO(secrets) is recorded', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const apps = new AppOfApps(app, 'Platform', { repoUrl: 'https://g/r.git', targetRevision: 'main' });
    const addon = new SopsSecretsAddon({
      name: 'external-dns-secrets',
      namespace: 'external-dns',
      secrets: [{ name: 'cloudflare-api-token' }],
      repoRoot: repo(false),
    });
    expect(addon.allPresent).toBe(false);
    apps.addAddon(addon);
    expect(addon.allPresent).toBe(false);
    const { files, errors } = renderTree(app);
    expect(errors).toEqual([]);
    expect(parse(files.get('platform/external-dns-secrets/kustomization.yaml')!)).toMatchObject({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
    });
    expect(collectSecretTodos(app).map((t) => t.file)).toContain('platform/secrets/cloudflare-api-token.sops.yaml');
  });

  test('a present file is copied next to its KSOPS generator', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const apps = new AppOfApps(app, 'Platform', { repoUrl: 'https://g/r.git', targetRevision: 'main' });
    const addon = new SopsSecretsAddon({
      name: 'external-dns-secrets',
      namespace: 'external-dns',
      secrets: [{ name: 'cloudflare-api-token' }],
      repoRoot: repo(true),
    });
    apps.addAddon(addon);
    expect(addon.allPresent).toBe(true);
    const { files, errors } = renderTree(app);
    expect(errors).toEqual([]);
    expect([...files.keys()].filter((f) => f.startsWith('platform/external-dns-secrets/')).sort()).toEqual([
      'platform/external-dns-secrets/cloudflare-api-token.ksops.yaml',
      'platform/external-dns-secrets/cloudflare-api-token.sops.yaml',
      'platform/external-dns-secrets/kustomization.yaml',
    ]);
    expect(parse(files.get('platform/external-dns-secrets/kustomization.yaml')!).generators).toEqual([
      './cloudflare-api-token.ksops.yaml',
    ]);
  });

  test('no secrets is an error', () => {
    expect(() => new SopsSecretsAddon({ name: 'x', namespace: 'x', secrets: [] })).toThrow(
      'x: a SopsSecretsAddon needs at least one secret',
    );
  });
});
