// Stage 50 (50-argo): the synthesized Terraform JSON (`tofu validate` with the real providers is in
// stage-50.tools.test.ts).
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA } from '../../lib/gitops/health';
import { ROOT_RELEASE_NAME } from '../../stacks/50-argo';
import { CATALOG_HELM_REPOSITORIES, PLATFORM_PROJECT, ROOT_APP_NAME } from '../../stacks/gitops-platform';
import type { Json } from '../gitops/helpers';
import { synthStage } from './stage-50-fixtures';

function releases(json: Json): Record<string, Json> {
  return json.resource.helm_release;
}

function releaseNamed(json: Json, name: string): Json {
  const found = Object.values(releases(json)).find((r: Json) => r.name === name);
  if (!found) throw new Error(`no helm_release ${name}`);
  return found;
}

describe('stage 50 (https repository)', () => {
  const { json, dir } = synthStage();

  test('pins the helm and kubernetes providers', () => {
    expect(json.terraform.required_providers.helm).toEqual({ source: 'hashicorp/helm', version: '3.2.0' });
    expect(json.terraform.required_providers.kubernetes).toEqual({ source: 'hashicorp/kubernetes', version: '3.2.1' });
  });

  test('installs the pinned argo-cd chart with wait and atomic', () => {
    const argocd = releaseNamed(json, 'argocd');
    expect(argocd).toMatchObject({
      repository: 'https://argoproj.github.io/argo-helm',
      chart: 'argo-cd',
      version: '10.3.3',
      namespace: 'argocd',
      create_namespace: true,
      wait: true,
      atomic: true,
      timeout: 600,
    });
  });

  test('the values carry the Application health check, verbatim', () => {
    const values = parse(releaseNamed(json, 'argocd').values[0]);
    expect(values.configs.cm[APPLICATION_HEALTH_KEY]).toBe(APPLICATION_HEALTH_LUA);
    expect(values.configs.cm['kustomize.buildOptions']).toBe('--enable-alpha-plugins --enable-exec');
  });

  test('repository credentials: a non-sensitive switch and sensitive user/password, no values in the JSON', () => {
    expect(json.variable.gitops_repo_private).toEqual(expect.objectContaining({ type: 'bool', default: false }));
    for (const name of ['gitops_repo_username', 'gitops_repo_password']) {
      expect(json.variable[name]).toEqual(expect.objectContaining({ type: 'string', sensitive: true, default: '' }));
    }
    const secret: Json = Object.values(json.resource.kubernetes_secret_v1)[0];
    expect(secret.count).toBe('${var.gitops_repo_private ? 1 : 0}');
    expect(secret.metadata).toEqual({
      name: 'gitops-repository',
      namespace: 'argocd',
      labels: { 'argocd.argoproj.io/secret-type': 'repository' },
    });
    expect(secret.data).toEqual({
      type: 'git',
      url: 'https://git.example.com/platform/gitops.git',
      username: '${var.gitops_repo_username}',
      password: '${var.gitops_repo_password}',
    });
  });

  test('the root chart (AppProject + root Application) goes through ChartRelease after Argo CD', () => {
    const root = releaseNamed(json, ROOT_RELEASE_NAME);
    expect(root.chart).toMatch(/^\.\/assets\//);
    expect(root.namespace).toBe('argocd');
    expect(root.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^helm_release\./),
        expect.stringMatching(/^kubernetes_secret_v1\./),
      ]),
    );
    const files = path.join(dir, root.chart);
    const objects = fs
      .readdirSync(path.join(files, 'files'))
      .sort()
      .map((f) => parse(fs.readFileSync(path.join(files, 'files', f), 'utf8')));
    const project = objects.find((o) => o.kind === 'AppProject');
    expect(project.metadata).toEqual({ name: PLATFORM_PROJECT, namespace: 'argocd' });
    expect(project.spec.sourceRepos).toEqual(
      ['https://git.example.com/platform/gitops.git', ...CATALOG_HELM_REPOSITORIES].sort(),
    );
    expect(project.spec.destinations).toEqual([{ server: '*', namespace: '*' }]);
    const rootApp = objects.find((o) => o.kind === 'Application');
    expect(rootApp.metadata.name).toBe(ROOT_APP_NAME);
    expect(rootApp.metadata.finalizers).toBeUndefined();
    expect(rootApp.spec).toMatchObject({
      project: PLATFORM_PROJECT,
      source: {
        repoURL: 'https://git.example.com/platform/gitops.git',
        path: 'dist/platform/apps',
        targetRevision: 'main',
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
  });

  test('outputs say where Argo CD is and how to read the admin password, without printing it', () => {
    expect(json.output.argocd_namespace.value).toBe('argocd');
    expect(json.output.root_application.value).toBe(ROOT_APP_NAME);
    expect(json.output.argocd_url.value).toMatch(/^no ingress: kubectl -n argocd port-forward/);
    expect(json.output.argocd_admin_password_command.value).toContain('argocd-initial-admin-secret');
  });
});

describe('stage 50 (ssh repository, domain)', () => {
  const { json } = synthStage({
    repoUrl: 'git@git.example.com:platform/gitops.git',
    argocdDomain: 'argocd.example.com',
  });

  test('an ssh URL takes a required, sensitive private key and always creates the Secret', () => {
    expect(json.variable.gitops_repo_ssh_private_key).toEqual(
      expect.objectContaining({ type: 'string', sensitive: true }),
    );
    expect(json.variable.gitops_repo_ssh_private_key.default).toBeUndefined();
    expect(json.variable.gitops_repo_private).toBeUndefined();
    const secret: Json = Object.values(json.resource.kubernetes_secret_v1)[0];
    expect(secret.count).toBeUndefined();
    expect(secret.data).toEqual({
      type: 'git',
      url: 'git@git.example.com:platform/gitops.git',
      sshPrivateKey: '${var.gitops_repo_ssh_private_key}',
    });
  });

  test('a domain adds the Ingress and the URL output', () => {
    const values = parse(releaseNamed(json, 'argocd').values[0]);
    expect(values.global.domain).toBe('argocd.example.com');
    expect(values.server.ingress).toEqual({ enabled: true, tls: true });
    expect(values.configs.params['server.insecure']).toBe(true);
    expect(json.output.argocd_url.value).toBe('https://argocd.example.com');
  });
});
