import type { Chart } from 'cdk8s';
import { Testing } from 'cdk8s';
import { Application } from '../../lib/gitops/application';
import { ApplicationDestination } from '../../lib/gitops/destination';
import { ApplicationSource } from '../../lib/gitops/source';
import { DEFAULT_SYNC_RETRY, SyncPolicy } from '../../lib/gitops/sync-policy';
import type { Json } from './helpers';

const git = (targetRevision = 'main') =>
  ApplicationSource.git({ repoUrl: 'https://git.example.com/gitops.git', path: 'dist/platform/demo', targetRevision });

function synth(build: (chart: Chart) => void): Json[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
}

function errorsOf(build: (chart: Chart) => void): string[] {
  const chart = Testing.chart();
  build(chart);
  return chart.node.findAll().flatMap((c) => c.node.validate());
}

describe('Application defaults', () => {
  const [app] = synth((chart) => {
    new Application(chart, 'demo', { source: git(), destination: ApplicationDestination.inCluster('demo') });
  });

  test('apiVersion and kind', () => {
    expect(app.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(app.kind).toBe('Application');
  });

  test('name from the construct id, in namespace argocd, project default', () => {
    expect(app.metadata.name).toBe('demo');
    expect(app.metadata.namespace).toBe('argocd');
    expect(app.spec.project).toBe('default');
  });

  test('sync wave "0" as a string, the resources finalizer and the app label', () => {
    expect(app.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '0' });
    expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    expect(app.metadata.labels).toEqual({ 'talos-platform-cdk.dev/app': 'demo' });
  });

  test('source and destination', () => {
    expect(app.spec.source).toEqual({
      repoURL: 'https://git.example.com/gitops.git',
      path: 'dist/platform/demo',
      targetRevision: 'main',
    });
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'demo' });
  });

  test('automated sync with prune, self-heal, retries and CreateNamespace', () => {
    expect(app.spec.syncPolicy).toEqual({
      automated: { prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true'],
      retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '180s' } },
    });
    expect(DEFAULT_SYNC_RETRY).toEqual({ limit: 5, backoffSeconds: 10, backoffFactor: 2, maxBackoffSeconds: 180 });
  });
});

describe('Application options', () => {
  test('a Helm chart source with values as valuesObject and a release name', () => {
    const [app] = synth((chart) => {
      new Application(chart, 'cilium', {
        source: ApplicationSource.helmChart({
          repoUrl: 'https://helm.cilium.io',
          chart: 'cilium',
          targetRevision: '1.20.2',
          releaseName: 'cilium',
          values: { ipam: { mode: 'kubernetes' } },
        }),
        destination: ApplicationDestination.inCluster('kube-system'),
      });
    });
    expect(app.spec.source).toEqual({
      repoURL: 'https://helm.cilium.io',
      chart: 'cilium',
      targetRevision: '1.20.2',
      helm: { releaseName: 'cilium', valuesObject: { ipam: { mode: 'kubernetes' } } },
    });
  });

  test('wave, project, server-side apply, extra options, namespace labels, no cascade, by cluster name', () => {
    const [app] = synth((chart) => {
      const a = new Application(chart, 'longhorn', {
        name: 'storage',
        namespace: 'gitops',
        project: 'platform',
        source: git(),
        destination: ApplicationDestination.clusterName('dev', 'longhorn-system'),
        syncWave: 2,
        serverSideApply: true,
        syncOptions: ['SkipDryRunOnMissingResource=true'],
        namespaceLabels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
        cascadeDelete: false,
        labels: { team: 'platform' },
        annotations: { note: 'x' },
      });
      a.addSyncOption('ServerSideApply=true');
      a.addSyncOption('PruneLast=true');
    });
    expect(app.metadata).toEqual({
      name: 'storage',
      namespace: 'gitops',
      labels: { 'talos-platform-cdk.dev/app': 'storage', team: 'platform' },
      annotations: { note: 'x', 'argocd.argoproj.io/sync-wave': '2' },
    });
    expect(app.spec.project).toBe('platform');
    expect(app.spec.destination).toEqual({ name: 'dev', namespace: 'longhorn-system' });
    expect(app.spec.syncPolicy.syncOptions).toEqual([
      'CreateNamespace=true',
      'ServerSideApply=true',
      'SkipDryRunOnMissingResource=true',
      'PruneLast=true',
    ]);
    expect(app.spec.syncPolicy.managedNamespaceMetadata).toEqual({
      labels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
    });
  });

  test('SyncPolicy.manual() drops automated; createNamespace: false drops the option', () => {
    const [app] = synth((chart) => {
      new Application(chart, 'demo', {
        source: git(),
        destination: ApplicationDestination.server('https://10.30.0.10:6443', 'demo'),
        syncPolicy: SyncPolicy.manual({ limit: 2 }),
        createNamespace: false,
      });
    });
    expect(app.spec.syncPolicy).toEqual({
      retry: { limit: 2, backoff: { duration: '10s', factor: 2, maxDuration: '180s' } },
    });
    expect(app.spec.destination.server).toBe('https://10.30.0.10:6443');
  });

  test('SyncPolicy.automated keeps given prune/selfHeal', () => {
    const policy = SyncPolicy.automated({ prune: false, selfHeal: false });
    expect([policy.isAutomated, policy.prune, policy.selfHeal]).toEqual([true, false, false]);
    expect(policy.retryOptions).toEqual(DEFAULT_SYNC_RETRY);
  });
});

describe('Application validation', () => {
  test('an empty targetRevision is an error naming the app', () => {
    const errors = errorsOf((chart) => {
      new Application(chart, 'cert-manager', { source: git(''), destination: ApplicationDestination.inCluster('x') });
    });
    expect(errors).toEqual([
      'Application "cert-manager": source.targetRevision is empty; expected a branch, tag or commit (Git) or a ' +
        'chart version (Helm). Fix: set targetRevision, e.g. "main" or the pinned chart version; Argo CD would ' +
        'otherwise follow HEAD.',
    ]);
  });

  test('name, repoURL, path, wave, namespace and namespace labels without CreateNamespace', () => {
    const errors = errorsOf((chart) => {
      new Application(chart, 'x', {
        name: 'Bad_Name',
        source: ApplicationSource.git({ repoUrl: '', path: '', targetRevision: 'main' }),
        destination: ApplicationDestination.inCluster(''),
        syncWave: 1.5,
        createNamespace: false,
        namespaceLabels: { a: 'b' },
      });
    });
    expect(errors).toEqual([
      'Application "Bad_Name": name "Bad_Name" is not a DNS-1123 label; expected lower-case letters, digits and ' +
        '"-", at most 63 characters. Fix: pass a valid name (or construct id).',
      'Application "Bad_Name": source.repoUrl is empty; expected a Git or Helm repository URL. Fix: set repoUrl.',
      'Application "Bad_Name": source.path is empty; expected a folder in the repository. Fix: set path.',
      'Application "Bad_Name": syncWave 1.5 is not a whole number; expected an integer such as 0, 1 or -1.',
      'Application "Bad_Name": destination.namespace is empty; expected the namespace to deploy into.',
      'Application "Bad_Name": namespaceLabels are set but createNamespace is false; Argo CD only labels ' +
        'namespaces it creates. Fix: set createNamespace: true or drop namespaceLabels.',
    ]);
  });

  test('a path with a leading slash', () => {
    const errors = errorsOf((chart) => {
      new Application(chart, 'x', {
        source: ApplicationSource.git({ repoUrl: 'https://g/r.git', path: '/dist', targetRevision: 'main' }),
        destination: ApplicationDestination.inCluster('x'),
      });
    });
    expect(errors).toEqual([
      'Application "x": source.path "/dist" starts with "/"; expected a path relative to the repository root.',
    ]);
  });

  test('a malformed sync option throws with the app name', () => {
    const chart = Testing.chart();
    const app = new Application(chart, 'x', { source: git(), destination: ApplicationDestination.inCluster('x') });
    expect(() => app.addSyncOption('CreateNamespace')).toThrow(
      'test/x: sync option "CreateNamespace" of Application "x" is not of the form Key=value ' +
        '(e.g. "SkipDryRunOnMissingResource=true")',
    );
  });

  test('a retry below its minimum throws', () => {
    expect(() => SyncPolicy.automated({}, { backoffSeconds: 0 })).toThrow(
      'SyncPolicy retry backoffSeconds is 0; expected a whole number of at least 1',
    );
  });
});
