// Stage 50 with gitops.engine: flux (stacks/50-flux.ts): the Flux Operator, the FluxInstance and the root chart.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import type { GitOpsSpec } from '../../lib/core/spec/types';
import { CHART_VERSIONS, FLUX_DISTRIBUTION_VERSION } from '../../lib/core/versions';
import { FluxStack } from '../../stacks/50-flux';
import { platformConfig } from '../gitops/helpers';
import type { Json } from '../gitops/helpers';
import { managementCluster } from './stage-50-fixtures';

function synth(gitops: Partial<GitOpsSpec> = {}): { json: Json; docs: Json[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-50-flux-'));
  const app = new App({ outdir });
  new FluxStack(app, '50-argo', {
    config: platformConfig({ gitops: { engine: 'flux', ...gitops } }),
    managementCluster,
  });
  app.synth();
  const dir = path.join(outdir, 'stacks', '50-argo');
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.includes(`${path.sep}files${path.sep}`)) files.push(p);
    }
  };
  walk(dir);
  const docs = files.flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS() as Json));
  return { json: JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')), docs };
}

describe('stage 50 with Flux', () => {
  const { json, docs } = synth();
  const releases = json.resource.helm_release as Record<string, Json>;
  const byName = (name: string) => Object.values(releases).find((r) => r.name === name);

  test('installs the Flux Operator, then the FluxInstance pinned to the Flux release of the CRDs', () => {
    expect(byName('flux-operator')).toMatchObject({
      chart: 'flux-operator',
      repository: 'oci://ghcr.io/controlplaneio-fluxcd/charts',
      version: CHART_VERSIONS.fluxOperator,
      namespace: 'flux-system',
      create_namespace: true,
    });
    const instance = byName('flux');
    expect(instance).toMatchObject({ chart: 'flux-instance', version: CHART_VERSIONS.fluxOperator });
    expect(instance.values[0]).toContain(`version: ${FLUX_DISTRIBUTION_VERSION}`);
    expect(instance.values[0]).toContain('enabled: true'); // the health check that makes the release wait
    expect(instance.depends_on).toEqual([expect.stringContaining('helm_release.')]);
    expect(releases).not.toHaveProperty('ArgoCd');
    expect(Object.values(releases).map((r) => r.name)).not.toContain('argocd');
  });

  test('the root chart: the GitRepository and the root Kustomization over the apps folder', () => {
    const repo = docs.find((d) => d.kind === 'GitRepository');
    expect(repo.spec).toEqual({
      interval: '1m',
      url: 'https://git.example.com/platform/gitops.git',
      ref: { branch: 'main' },
      secretRef: { name: 'gitops-repository' },
    });
    const root = docs.find((d) => d.kind === 'Kustomization');
    expect(root.metadata).toMatchObject({ name: 'platform', namespace: 'flux-system' });
    expect(root.spec).toMatchObject({
      path: './dist/platform/apps',
      prune: true,
      wait: false,
      deletionPolicy: 'Orphan',
    });
  });

  test('the root follows the layout', () => {
    const root = synth({ layout: { apps: 'cluster/kubernetes/flux' } }).docs.find((d) => d.kind === 'Kustomization');
    expect(root.spec.path).toBe('./dist/cluster/kubernetes/flux');
  });

  test('repository credentials come from sensitive variables, never from the JSON', () => {
    expect(json.variable.gitops_repo_password).toMatchObject({ sensitive: true, default: '' });
    const secret = Object.values(json.resource.kubernetes_secret_v1 as Record<string, Json>)[0];
    expect(secret.metadata).toEqual({ name: 'gitops-repository', namespace: 'flux-system' });
    expect(JSON.stringify(secret.data)).toContain('var.gitops_repo_password');
  });
});
