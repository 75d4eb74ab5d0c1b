// The dist/ tree of the reference platform (stacks/gitops-platform.ts): layout, waves and the rules over it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { collectSecretTodos } from '../../lib/secrets/secret-todos';
import { REPO_ROOT_CONTEXT } from '../../lib/secrets/sops-secret';
import { APPS_FOLDER, AppOfApps, waveFilePrefix } from '../../lib/gitops/app-of-apps';
import { CiliumAddon } from '../../lib/gitops/addons/cilium';
import { ApplicationSource } from '../../lib/gitops/source';
import { WORKLOAD_CLUSTERS_SYNC_WAVE, addPlatformCharts } from '../../stacks/gitops-platform';
import { platformConfig as resolvedPlatformConfig } from '../../lib/core/spec/resolve';
import { buildResolvedPlatform } from '../../lib/core/spec/resolve-platform';
import { platformConfig, platformSpec, renderTree, workloadSpec } from './helpers';

const ALL_ON = {
  cilium: { enabled: true, l2Announcements: { start: '10.20.0.200', end: '10.20.0.220' } },
  certManager: { enabled: true },
  externalSecrets: { enabled: true },
  longhorn: { enabled: true },
  monitoring: { enabled: true },
  dashboards: { enabled: true },
  velero: { enabled: true },
  logging: { enabled: true },
  externalDns: { enabled: true, domainFilters: ['example.com'] },
};

/** An empty repository (no .sops.yaml, no encrypted files), so results do not depend on the working directory. */
const EMPTY_REPO = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-repo-'));

function tree(config = platformConfig()): { files: Map<string, string>; errors: string[]; app: App } {
  const app = new App({ outdir: Testing.app().outdir });
  app.node.setContext(REPO_ROOT_CONTEXT, EMPTY_REPO);
  addPlatformCharts(app, config);
  return { ...renderTree(app), app };
}

/** Sync wave of each Application file: name -> wave. */
function waves(files: Map<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, text] of files) {
    if (!file.startsWith(`${APPS_FOLDER}/`)) continue;
    const app = parse(text);
    out[app.metadata.name] = app.metadata.annotations['argocd.argoproj.io/sync-wave'];
  }
  return out;
}

describe('default addons (Cilium and cert-manager on)', () => {
  const { files, errors } = tree();

  test('no rule is broken', () => {
    expect(errors).toEqual([]);
  });

  test('Cilium is the only Application on the management cluster, in wave "0"', () => {
    expect(waves(files)).toEqual({ cilium: '0', fleet: '4' });
    expect([...files.keys()]).toContain('platform/apps/00-cilium.yaml');
  });

  test('cert-manager is not an Application on the management cluster (stage 20 installs it), but is in the fleet', () => {
    expect([...files.keys()].filter((f) => f.includes('cert-manager'))).toEqual(['platform/fleet/cert-manager.yaml']);
  });

  test('every Application has destination, repoURL, path or chart, targetRevision and project "platform"', () => {
    for (const [file, text] of files) {
      if (!file.startsWith(`${APPS_FOLDER}/`)) continue;
      const app = parse(text);
      expect(app.kind).toBe('Application');
      expect(app.spec.destination.namespace).toBeTruthy();
      expect(app.spec.source.repoURL).toBeTruthy();
      expect(app.spec.source.path ?? app.spec.source.chart).toBeTruthy();
      expect(app.spec.source.targetRevision).toBeTruthy();
      expect(app.spec.project).toBe('platform');
    }
  });
});

describe('every addon on, one workload cluster', () => {
  const { files, errors, app } = tree(platformConfig({ addons: ALL_ON }, [workloadSpec('dev')]));

  test('no rule is broken', () => {
    expect(errors).toEqual([]);
  });

  test('the waves: Cilium 0; LB pool, secrets, ESO, Kyverno 1; storage, monitoring, backups, logs 2; dashboards 3; clusters 4', () => {
    expect(waves(files)).toEqual({
      cilium: '0',
      'cilium-lb': '1',
      'external-dns-secrets': '1',
      'external-secrets': '1',
      kyverno: '1',
      'monitoring-secrets': '1',
      longhorn: '2',
      'kube-prometheus-stack': '2',
      velero: '2',
      loki: '2',
      alloy: '2',
      dashboards: '3',
      'cluster-dev': '4',
      'cluster-registration': '4',
      fleet: '4',
    });
    expect(WORKLOAD_CLUSTERS_SYNC_WAVE).toBe(4);
  });

  test('ExternalDNS waits for its SOPS secret: not deployed, and a TODO(secrets) says why', () => {
    expect(waves(files)).not.toHaveProperty('external-dns');
    const todo = collectSecretTodos(app).find((t) => t.title.startsWith('ExternalDNS is not deployed'));
    expect(todo).toEqual(
      expect.objectContaining({
        title:
          'ExternalDNS is not deployed: its Cloudflare token (Secret external-dns/cloudflare-api-token) is not in the ' +
          'repository yet',
        file: 'platform/secrets/cloudflare-api-token.sops.yaml',
      }),
    );
  });

  test('Grafana without its admin Secret: a TODO(secrets), the chart default stays', () => {
    const kps = parse(files.get('platform/apps/02-kube-prometheus-stack.yaml')!);
    expect(kps.spec.source.helm.valuesObject.grafana).toBeUndefined();
    expect(collectSecretTodos(app).map((t) => t.title)).toContain(
      "Grafana keeps the chart's default admin password until Secret monitoring/grafana-admin exists",
    );
  });

  test('the tree layout', () => {
    expect([...files.keys()]).toEqual([
      'platform/apps/00-cilium.yaml',
      'platform/apps/01-cilium-lb.yaml',
      'platform/apps/01-external-dns-secrets.yaml',
      'platform/apps/01-external-secrets.yaml',
      'platform/apps/01-kyverno.yaml',
      'platform/apps/01-monitoring-secrets.yaml',
      'platform/apps/02-alloy.yaml',
      'platform/apps/02-kube-prometheus-stack.yaml',
      'platform/apps/02-loki.yaml',
      'platform/apps/02-longhorn.yaml',
      'platform/apps/02-velero.yaml',
      'platform/apps/03-dashboards.yaml',
      'platform/apps/04-cluster-dev.yaml',
      'platform/apps/04-cluster-registration.yaml',
      'platform/apps/04-fleet.yaml',
      'platform/cilium-lb/ip-pool.yaml',
      'platform/cilium-lb/l2-announcement-policy.yaml',
      'platform/dashboards/loki-datasource.yaml',
      'platform/dashboards/platform-overview.yaml',
      'platform/external-dns-secrets/kustomization.yaml',
      'platform/fleet/cert-manager.yaml',
      'platform/fleet/external-secrets.yaml',
      'platform/fleet/kube-prometheus-stack.yaml',
      'platform/fleet/longhorn.yaml',
      'platform/monitoring-secrets/kustomization.yaml',
      'platform/registration/staging-dev.yaml',
    ]);
  });

  test('no Cilium in the fleet: CAAPH owns the CNI of workload clusters', () => {
    expect([...files.keys()].filter((f) => f.startsWith('platform/fleet/') && f.includes('cilium'))).toEqual([]);
  });

  test('the registration: a Kyverno ClusterPolicy from the kubeconfig Secret to an Argo CD cluster Secret with the labels', () => {
    const policy = parse(files.get('platform/registration/staging-dev.yaml')!);
    expect(policy).toMatchObject({
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'argocd-cluster-dev' },
    });
    expect(policy.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
    const [rule] = policy.spec.rules;
    expect(rule.match.any[0].resources).toEqual({ kinds: ['Secret'], names: ['dev-kubeconfig'], namespaces: ['dev'] });
    expect(rule.generate).toMatchObject({
      synchronize: true,
      generateExisting: true,
      kind: 'Secret',
      name: 'cluster-dev',
      namespace: 'argocd',
    });
    expect(rule.generate.data.metadata.labels).toEqual({
      'argocd.argoproj.io/secret-type': 'cluster',
      'talos-platform-cdk.dev/addon-cert-manager': 'true',
      'talos-platform-cdk.dev/addon-external-secrets': 'true',
      'talos-platform-cdk.dev/addon-kube-prometheus-stack': 'true',
      'talos-platform-cdk.dev/addon-longhorn': 'true',
      'talos-platform-cdk.dev/environment': 'staging',
    });
    const app = parse(files.get('platform/apps/04-cluster-registration.yaml')!);
    expect(app.metadata.finalizers).toBeUndefined();
    expect(app.spec.source.path).toBe('dist/platform/registration');
  });

  test('Kyverno: chart 3.9.0 (Kyverno v1.19.0), CRDs, server-side apply, Secret rights for the background controller', () => {
    const kyverno = parse(files.get('platform/apps/01-kyverno.yaml')!);
    expect(kyverno.spec.source).toMatchObject({
      repoURL: 'https://kyverno.github.io/kyverno/',
      chart: 'kyverno',
      targetRevision: '3.9.0',
    });
    expect(kyverno.spec.source.helm.valuesObject.crds).toEqual({ install: true });
    expect(kyverno.spec.source.helm.valuesObject.backgroundController.rbac.clusterRole.extraResources).toEqual([
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
    ]);
    expect(kyverno.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect(kyverno.metadata.finalizers).toBeUndefined();
  });

  test('a workload cluster gets an Application of its Cluster API folder', () => {
    const cluster = parse(files.get('platform/apps/04-cluster-dev.yaml')!);
    expect(cluster.spec.source).toEqual({
      repoURL: 'https://git.example.com/platform/gitops.git',
      path: 'dist/clusters/staging/dev',
      targetRevision: 'main',
    });
    expect(cluster.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'dev' });
    expect(cluster.spec.syncPolicy.syncOptions).toBeUndefined();
    // No resources finalizer: a cluster file that goes missing orphans the cluster, it does not delete it.
    expect(cluster.metadata.finalizers).toBeUndefined();
  });

  test('the fleet app syncs platform/fleet into Argo CD', () => {
    const fleet = parse(files.get('platform/apps/04-fleet.yaml')!);
    expect(fleet.spec.source.path).toBe('dist/platform/fleet');
    expect(fleet.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
  });

  test('the management Cilium operator and Longhorn replicas follow the node count (3 control planes)', () => {
    const cilium = parse(files.get('platform/apps/00-cilium.yaml')!);
    expect(cilium.spec.source.helm.valuesObject.operator).toEqual({ replicas: 2 });
    const longhorn = parse(files.get('platform/apps/02-longhorn.yaml')!);
    expect(longhorn.spec.source.helm.valuesObject.persistence).toEqual({ defaultClassReplicaCount: 3 });
  });

  test('the output is the same on every run', () => {
    const again = tree(platformConfig({ addons: ALL_ON }, [workloadSpec('dev')])).files;
    expect([...again.entries()]).toEqual([...files.entries()]);
  });
});

test('gitops clusterDelivery "terraform": no cluster Applications', () => {
  const { files } = tree(platformConfig({ gitops: { clusterDelivery: 'terraform' } }, [workloadSpec('dev')]));
  expect([...files.keys()].filter((f) => f.includes('cluster-dev'))).toEqual([]);
});

test('dashboards without monitoring break a rule naming both apps', () => {
  // validate refuses this spec (addon-dependency); the construct rule still guards configs built in code
  const spec = platformSpec({ addons: { dashboards: { enabled: true } } });
  const { errors } = tree(resolvedPlatformConfig(buildResolvedPlatform(spec, '<platform>'), []));
  expect(errors).toEqual([
    'app "dashboards" needs "kube-prometheus-stack", which is not in the app-of-apps. Fix: enable ' +
      '"kube-prometheus-stack" or disable "dashboards".',
  ]);
});

describe('AppOfApps', () => {
  test('file names sort in wave order; negative waves get an "m" prefix', () => {
    expect([waveFilePrefix(0), waveFilePrefix(3), waveFilePrefix(12), waveFilePrefix(-1)]).toEqual([
      '00',
      '03',
      '12',
      'm1',
    ]);
  });

  test('appsPath and repoPath follow basePath', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const a = new AppOfApps(app, 'A', {
      repoUrl: 'https://g/r.git',
      targetRevision: 'main',
      basePath: '/gitops/dist/',
    });
    expect(a.appsPath).toBe('gitops/dist/platform/apps');
    const b = new AppOfApps(app, 'B', { repoUrl: 'https://g/r.git', targetRevision: 'main', basePath: '' });
    expect(b.appsPath).toBe('platform/apps');
    expect([a.basePath, a.argocdNamespace, a.project]).toEqual(['gitops/dist', 'argocd', 'default']);
  });

  test('adding one name twice throws', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const apps = new AppOfApps(app, 'Platform', { repoUrl: 'https://g/r.git', targetRevision: 'main' });
    apps.addAddon(new CiliumAddon());
    expect(() =>
      apps.addApplication({
        name: 'cilium',
        syncWave: 1,
        namespace: 'x',
        source: ApplicationSource.git({ repoUrl: 'https://g/r.git', path: 'x', targetRevision: 'main' }),
      }),
    ).toThrow(
      'Platform: app "cilium" is added twice; expected one Application per name. Fix: give the second one another ' +
        'name, or add it once.',
    );
  });
});
