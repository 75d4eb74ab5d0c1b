import { Testing } from 'cdktf';
import { parse } from 'yaml';
import type { Chart } from 'cdk8s';
import { Testing as K8sTesting } from 'cdk8s';
import { AppProject } from '../../lib/gitops/app-project';
import {
  ARGO_HELM_REPOSITORY,
  ArgoCdInstall,
  DEFAULT_ARGOCD_INSTALL_TIMEOUT_SECONDS,
} from '../../lib/gitops/argocd-install';
import { argoCdChartValues } from '../../lib/gitops/argocd-values';
import { APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA } from '../../lib/gitops/health';
import { mergeValues } from '../../lib/gitops/merge-values';
import { RepositoryAuth, RepositoryCredentials } from '../../lib/gitops/repository-credentials';
import { RootApplication } from '../../lib/gitops/root-app';
import { KSOPS_IMAGE } from '../../lib/secrets/ksops';
import type { Json } from './helpers';

describe('the Application health check', () => {
  test('is the Lua script of the Argo CD docs (health.md, "Argo CD App"), verbatim', () => {
    expect(APPLICATION_HEALTH_KEY).toBe('resource.customizations.health.argoproj.io_Application');
    expect(APPLICATION_HEALTH_LUA).toBe(
      'hs = {}\n' +
        'hs.status = "Progressing"\n' +
        'hs.message = ""\n' +
        'if obj.status ~= nil then\n' +
        '  if obj.status.health ~= nil then\n' +
        '    hs.status = obj.status.health.status\n' +
        '    if obj.status.health.message ~= nil then\n' +
        '      hs.message = obj.status.health.message\n' +
        '    end\n' +
        '  end\n' +
        'end\n' +
        'return hs\n',
    );
  });

  test('is in the argo-cd chart values, under configs.cm', () => {
    expect((argoCdChartValues() as Json).configs.cm[APPLICATION_HEALTH_KEY]).toBe(APPLICATION_HEALTH_LUA);
    expect((argoCdChartValues({ ksops: false }) as Json).configs.cm).toEqual({
      [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA,
      'resource.compareoptions': 'ignoreAggregatedRoles: true\nignoreResourceStatusField: all\n',
    });
  });
});

describe('argoCdChartValues', () => {
  test('KSOPS in the repo-server by default', () => {
    const values = argoCdChartValues() as Json;
    expect(values.configs.cm['kustomize.buildOptions']).toBe('--enable-alpha-plugins --enable-exec');
    expect(values.repoServer.initContainers[0].image).toBe(KSOPS_IMAGE);
    expect(values.repoServer.volumes).toContainEqual({
      name: 'sops-age',
      secret: { secretName: 'sops-age', optional: true },
    });
    expect(values.repoServer.env).toContainEqual({ name: 'SOPS_AGE_KEY_FILE', value: '/.config/sops/age/keys.txt' });
    expect(values.server).toBeUndefined();
    expect(values.global).toBeUndefined();
  });

  test('a domain: global.domain, a TLS Ingress, server.insecure behind it', () => {
    const values = argoCdChartValues({
      domain: 'argocd.example.com',
      ingressClassName: 'cilium',
      ingressAnnotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
    }) as Json;
    expect(values.global).toEqual({ domain: 'argocd.example.com' });
    expect(values.configs.params).toEqual({ 'server.insecure': true });
    expect(values.server.ingress).toEqual({
      enabled: true,
      ingressClassName: 'cilium',
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
      tls: true,
    });
  });

  test('extraValues merge last', () => {
    const values = argoCdChartValues({
      extraValues: { dex: { enabled: false }, configs: { cm: { 'ui.bannercontent': 'x' } } },
    }) as Json;
    expect(values.dex).toEqual({ enabled: false });
    expect(values.configs.cm['ui.bannercontent']).toBe('x');
    expect(values.configs.cm[APPLICATION_HEALTH_KEY]).toBe(APPLICATION_HEALTH_LUA);
  });

  test('mergeValues merges objects, replaces lists, leaves inputs alone', () => {
    const base = { a: { b: 1, l: [1] }, c: 1 };
    expect(mergeValues(base, { a: { l: [2], d: 2 } })).toEqual({ a: { b: 1, l: [2], d: 2 }, c: 1 });
    expect(base).toEqual({ a: { b: 1, l: [1] }, c: 1 });
  });
});

describe('ArgoCdInstall', () => {
  test('a pinned helm_release of argo-cd from argo-helm', () => {
    const json = JSON.parse(Testing.synthScope((scope) => new ArgoCdInstall(scope, 'ArgoCd')));
    const release: Json = Object.values(json.resource.helm_release)[0];
    expect(release).toMatchObject({
      name: 'argocd',
      namespace: 'argocd',
      create_namespace: true,
      repository: ARGO_HELM_REPOSITORY,
      chart: 'argo-cd',
      version: '10.3.3',
      wait: true,
      atomic: true,
      timeout: DEFAULT_ARGOCD_INSTALL_TIMEOUT_SECONDS,
    });
    expect(DEFAULT_ARGOCD_INSTALL_TIMEOUT_SECONDS).toBe(600);
    expect(parse(release.values[0])).toEqual(argoCdChartValues());
  });

  test('a timeout under a minute is an error', () => {
    expect(() => Testing.synthScope((scope) => new ArgoCdInstall(scope, 'ArgoCd', { timeoutSeconds: 10 }))).toThrow(
      'ArgoCd: timeoutSeconds is 10; expected a whole number of at least 60',
    );
  });
});

describe('RepositoryCredentials', () => {
  test('https credentials, labelled as an Argo CD repository', () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        new RepositoryCredentials(scope, 'Repo', {
          repoUrl: 'https://git.example.com/gitops.git',
          auth: RepositoryAuth.https('${var.u}', '${var.p}'),
        });
      }),
    );
    const secret: Json = Object.values(json.resource.kubernetes_secret_v1)[0];
    expect(secret.metadata).toEqual({
      name: 'gitops-repository',
      namespace: 'argocd',
      labels: { 'argocd.argoproj.io/secret-type': 'repository' },
    });
    expect(secret.data).toEqual({
      type: 'git',
      url: 'https://git.example.com/gitops.git',
      username: '${var.u}',
      password: '${var.p}',
    });
    expect(secret.count).toBeUndefined();
  });

  test('credentials that do not match the URL scheme are an error', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new RepositoryCredentials(scope, 'Repo', {
          repoUrl: 'git@git.example.com:gitops.git',
          auth: RepositoryAuth.https('u', 'p'),
        });
      }),
    ).toThrow(
      'Repo: repository git@git.example.com:gitops.git is an ssh URL but the credentials are https; expected ' +
        'RepositoryAuth.sshPrivateKey. Fix: use credentials that match the URL scheme.',
    );
  });
});

describe('RootApplication and AppProject', () => {
  test('the root app syncs the apps folder into argocd, without CreateNamespace or finalizer', () => {
    const chart = K8sTesting.chart();
    new RootApplication(chart, 'Root', {
      repoUrl: 'https://g/r.git',
      targetRevision: 'main',
      appsPath: 'dist/platform/apps',
    });
    const [app] = K8sTesting.synth(chart);
    expect(app.metadata.name).toBe('platform');
    expect(app.metadata.finalizers).toBeUndefined();
    expect(app.spec).toEqual({
      project: 'default',
      source: { repoURL: 'https://g/r.git', path: 'dist/platform/apps', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '180s' } },
      },
    });
  });

  test('the project: sorted unique source repos, any destination, cluster resources allowed', () => {
    const chart: Chart = K8sTesting.chart();
    const project = new AppProject(chart, 'platform', { sourceRepos: ['https://b', 'https://a'] });
    project.addSourceRepo('https://a');
    project.addSourceRepo('https://c');
    const [obj] = K8sTesting.synth(chart);
    expect(obj.metadata).toEqual({ name: 'platform', namespace: 'argocd' });
    expect(obj.spec).toEqual({
      sourceRepos: ['https://a', 'https://b', 'https://c'],
      destinations: [{ server: '*', namespace: '*' }],
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      namespaceResourceWhitelist: [{ group: '*', kind: '*' }],
    });
  });

  test('a project without repositories is invalid', () => {
    const chart = K8sTesting.chart();
    new AppProject(chart, 'empty', { sourceRepos: [] });
    expect(chart.node.findAll().flatMap((c) => c.node.validate())).toEqual([
      'AppProject "empty": sourceRepos is empty; expected the repositories its apps use.',
    ]);
  });
});
