// The GitOps tree with gitops.engine: flux (test/fixtures/valid-flux), and the contract smoke checks of both engines.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import type { PlatformConfig } from '../../lib/core/spec/resolved';
import { talosCiliumValues, CiliumAddon } from '../../lib/gitops/addons/cilium';
import { SopsSecretsAddon } from '../../lib/gitops/addons/sops-secrets';
import { fluxDependsOn } from '../../lib/gitops/flux/depends-on';
import { FluxPlatform } from '../../lib/gitops/flux/flux-platform';
import { gitRef } from '../../lib/gitops/flux/flux-root';
import { REPO_ROOT_CONTEXT } from '../../lib/secrets/sops-secret';
import { addCapiCharts } from '../../stacks/gitops-capi';
import { addPlatformCharts, managementCiliumOptions } from '../../stacks/gitops-platform';
import type { Json } from './helpers';
import { renderTree } from './helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const EMPTY_REPO = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-repo-'));

function load(fixture: string, engine?: 'argocd' | 'flux'): PlatformConfig {
  const result = loadPlatformConfig(path.join(FIXTURES, fixture));
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  if (engine === undefined) return result.config;
  const c = result.config;
  return { ...c, platform: { ...c.platform, gitops: { ...c.platform.gitops, engine } } };
}

/** Every document of the tree, with the file it is in. */
function tree(config: PlatformConfig): { files: Map<string, string>; docs: Array<{ file: string; obj: Json }> } {
  const app = new App({ outdir: Testing.app().outdir });
  app.node.setContext(REPO_ROOT_CONTEXT, EMPTY_REPO);
  addCapiCharts(app, config);
  addPlatformCharts(app, config);
  const { files, errors } = renderTree(app);
  expect(errors).toEqual([]);
  const docs = [...files].flatMap(([file, text]) =>
    parseAllDocuments(text)
      .map((d) => d.toJS() as Json)
      .filter((obj) => obj && typeof obj === 'object' && 'kind' in obj)
      .map((obj) => ({ file, obj })),
  );
  return { files, docs };
}

const kinds = (docs: Array<{ obj: Json }>, kind: string) => docs.map((d) => d.obj).filter((o) => o.kind === kind);
const byName = (objs: Json[]) => new Map<string, Json>(objs.map((o) => [o.metadata.name, o]));

describe('engine flux (test/fixtures/valid-flux)', () => {
  const config = load('valid-flux');
  const { files, docs } = tree(config);
  const kustomizations = byName(
    kinds(docs, 'Kustomization').filter((k) => k.apiVersion.startsWith('kustomize.toolkit')),
  );
  const releases = kinds(docs, 'HelmRelease');

  test('no Argo CD object in the tree', () => {
    expect(docs.filter((d) => d.obj.apiVersion.startsWith('argoproj.io'))).toEqual([]);
  });

  test('one Kustomization per addon and workload cluster, in the apps folder', () => {
    expect([...kustomizations.keys()].sort()).toEqual([
      'cilium',
      'cilium-lb',
      'cluster-prod',
      'cluster-staging',
      'fleet-prod',
      'fleet-staging',
      'kube-prometheus-stack',
      'longhorn',
      'monitoring-secrets',
    ]);
    for (const d of docs.filter(
      (x) => x.obj.kind === 'Kustomization' && x.obj.apiVersion.startsWith('kustomize.toolkit'),
    )) {
      expect(d.file.startsWith('platform/apps/')).toBe(true);
    }
  });

  test('dependsOn encodes the waves: Cilium first, then wave 1, then the rest', () => {
    const deps = (name: string) => (kustomizations.get(name).spec.dependsOn ?? []).map((d: Json) => d.name);
    expect(deps('cilium')).toEqual([]);
    expect(deps('cilium-lb')).toEqual(['cilium']);
    expect(deps('monitoring-secrets')).toEqual(['cilium']);
    expect(deps('longhorn')).toEqual(['cilium-lb', 'monitoring-secrets']);
    expect(deps('kube-prometheus-stack')).toEqual(['cilium-lb', 'monitoring-secrets']);
    expect(deps('cluster-prod')).toEqual(['kube-prometheus-stack', 'longhorn']);
    // every chain of dependsOn reaches cilium, and only through lower waves
    const wave = (file: string) => Number(path.basename(file).slice(0, 2));
    const waveOf = new Map(
      docs
        .filter((d) => d.obj.kind === 'Kustomization' && d.obj.metadata)
        .map((d) => [d.obj.metadata.name, wave(d.file)]),
    );
    for (const [name] of kustomizations)
      for (const dep of deps(name)) expect(waveOf.get(dep)!).toBeLessThan(waveOf.get(name)!);
  });

  test('every Kustomization has sourceRef, path and interval, waits (addons) and points at a folder of the tree', () => {
    for (const k of kustomizations.values()) {
      expect(k.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'platform' });
      expect(k.spec.interval).toBe('10m');
      const folder = k.spec.path.replace(/^\.\/dist\//, '');
      expect(k.spec.path.startsWith('./dist/')).toBe(true);
      expect([...files.keys()].some((f) => f.startsWith(`${folder}/`))).toBe(true);
    }
    for (const name of ['cilium', 'cilium-lb', 'longhorn', 'kube-prometheus-stack']) {
      expect(kustomizations.get(name).spec.wait).toBe(true);
    }
    expect(kustomizations.get('cluster-prod').spec.wait).toBe(false);
    expect(kustomizations.get('cluster-prod').spec.prune).toBe(false);
    expect(kustomizations.get('cilium').spec.prune).toBe(false);
  });

  test('SOPS decryption is wired where encrypted files are, with the out-of-band flux-system/sops-age Secret', () => {
    expect(kustomizations.get('monitoring-secrets').spec.decryption).toEqual({
      provider: 'sops',
      secretRef: { name: 'sops-age' },
    });
    expect(kustomizations.get('longhorn').spec.decryption).toBeUndefined();
    // no KSOPS generator for Flux: kustomize-controller cannot run exec plugins
    expect(files.get('platform/monitoring-secrets/kustomization.yaml')).not.toContain('ksops');
  });

  test('no Secret in plaintext anywhere in the tree', () => {
    for (const s of kinds(docs, 'Secret')) expect(s.sops).toBeDefined();
    expect(kinds(docs, 'Secret').filter((s) => s.metadata.name === 'sops-age')).toEqual([]);
  });

  test("Cilium's HelmRelease adopts stage 10's release: same name, namespace, storage and values", () => {
    const cilium = releases.find((r) => r.metadata.name === 'cilium');
    expect(cilium.spec).toMatchObject({
      releaseName: 'cilium',
      targetNamespace: 'kube-system',
      storageNamespace: 'kube-system',
    });
    expect(cilium.spec.values).toEqual(JSON.parse(JSON.stringify(talosCiliumValues(managementCiliumOptions(config)))));
  });

  test('namespaces of the addons carry their labels and are never pruned', () => {
    const ns = byName(
      kinds(docs, 'Namespace').filter((n) => files.get('platform/apps/namespaces.yaml')?.includes(n.metadata.name)),
    );
    expect(ns.get('longhorn-system').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns.get('longhorn-system').metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    expect(ns.has('kube-system')).toBe(false);
  });

  test("fleet: each workload cluster's releases go through its CAPI kubeconfig Secret, selected by the labels", () => {
    const fleet = releases.filter((r) => r.spec.kubeConfig);
    expect(fleet.length).toBeGreaterThan(0);
    for (const r of fleet) {
      const cluster = r.metadata.namespace;
      expect(r.spec.kubeConfig).toEqual({ secretRef: { name: `${cluster}-kubeconfig`, key: 'value' } });
      expect(r.metadata.name.startsWith(`${cluster}-`)).toBe(true);
    }
    expect(fleet.map((r) => r.metadata.name).sort()).toContain('prod-cert-manager');
    const prom = fleet.find((r) => r.metadata.name === 'prod-kube-prometheus-stack');
    expect(prom?.spec.dependsOn ?? []).toEqual([]);
  });

  test('a cluster that opts out of an addon by label gets no release of it', () => {
    const c = load('valid-flux');
    const clusters = c.clusters.map((w) =>
      w.name === 'prod' ? { ...w, labels: { ...w.labels, 'talos-platform-cdk.dev/addon-longhorn': 'false' } } : w,
    );
    const names = kinds(tree({ ...c, clusters }).docs, 'HelmRelease').map((r) => r.metadata.name);
    expect(names).not.toContain('prod-longhorn');
    expect(names).toContain('staging-longhorn');
  });
});

describe('FluxPlatform with an encrypted file', () => {
  test('the encrypted copy is a plain resource of the folder, decrypted by kustomize-controller', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'flux-sops-'));
    fs.writeFileSync(
      path.join(root, '.sops.yaml'),
      'creation_rules:\n  - path_regex: (^|/)platform/secrets/.*\\.ya?ml$\n    encrypted_regex: ^(data|stringData)$\n' +
        '    age: age1ka2qcqec7k28z7yjnmrqe2qapzshwf4f3as7d47urhevce5zu9eqerz7qd\n',
    );
    fs.mkdirSync(path.join(root, 'platform', 'secrets'), { recursive: true });
    fs.copyFileSync(
      path.join(__dirname, 'fixtures', 'cloudflare-api-token.sops.yaml'),
      path.join(root, 'platform', 'secrets', 'cloudflare-api-token.sops.yaml'),
    );
    const app = new App({ outdir: Testing.app().outdir });
    const flux = new FluxPlatform(app, 'Platform', { repoUrl: 'https://g/r.git', targetRevision: 'main' });
    flux.addAddon(new CiliumAddon());
    const secrets = new SopsSecretsAddon({
      name: 'external-dns-secrets',
      namespace: 'external-dns',
      secrets: [{ name: 'cloudflare-api-token' }],
      repoRoot: root,
    });
    flux.addAddon(secrets);
    expect(secrets.allPresent).toBe(true);
    const { files, errors } = renderTree(app);
    expect(errors).toEqual([]);
    expect([...files.keys()].filter((f) => f.startsWith('platform/external-dns-secrets/')).sort()).toEqual([
      'platform/external-dns-secrets/cloudflare-api-token.sops.yaml',
      'platform/external-dns-secrets/kustomization.yaml',
    ]);
    const k = parseAllDocuments(files.get('platform/external-dns-secrets/kustomization.yaml')!)[0].toJS();
    expect(k.resources).toEqual(['./cloudflare-api-token.sops.yaml']);
    expect(k.generators).toEqual([]);
  });

  test('the wave rules run for Flux too: nothing before the CNI', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const flux = new FluxPlatform(app, 'Platform', { repoUrl: 'https://g/r.git', targetRevision: 'main' });
    flux.addAddon(new CiliumAddon());
    flux.addFolder({ name: 'early', syncWave: -1, folder: 'platform/early', namespace: 'early' });
    expect(renderTree(app).errors.join('\n')).toContain('"early"');
  });

  test('folders for workload clusters are refused with the fix', () => {
    const flux = new FluxPlatform(new App(), 'Platform', { repoUrl: 'https://g/r.git', targetRevision: 'main' });
    expect(() =>
      flux.addFolder({ name: 'x', syncWave: 5, folder: 'platform/x', namespace: 'x', workloadCluster: 'web' }),
    ).toThrow('targets workload cluster "web"');
  });
});

describe('fluxDependsOn', () => {
  const node = (name: string, syncWave: number, needs: string[] = [], rendered = true) => ({
    name,
    syncWave,
    needs,
    isCni: false,
    namespace: 'flux-system',
    rendered,
  });
  test('an external addon is skipped to the wave below; explicit needs are kept', () => {
    const nodes = [node('cilium', 0), node('cert-manager', 1, [], false), node('a', 2), node('b', 3, ['cilium'])];
    expect(fluxDependsOn(nodes, nodes[2]).map((d) => d.name)).toEqual(['cilium']);
    expect(fluxDependsOn(nodes, nodes[3]).map((d) => d.name)).toEqual(['a', 'cilium']);
    expect(fluxDependsOn(nodes, nodes[0])).toEqual([]);
  });
});

describe('gitRef', () => {
  test('branch, full ref and commit', () => {
    expect(gitRef('main')).toEqual({ branch: 'main' });
    expect(gitRef('refs/tags/v1.2.0')).toEqual({ name: 'refs/tags/v1.2.0' });
    expect(gitRef('0123456789abcdef0123456789abcdef01234567')).toEqual({
      commit: '0123456789abcdef0123456789abcdef01234567',
    });
  });
});

describe('both engines: the contract smoke checks', () => {
  test.each([
    ['valid', 'argocd'],
    ['valid', 'flux'],
    ['valid-flux', 'argocd'],
    ['valid-seed-layout', 'argocd'],
    ['valid-seed-layout', 'flux'],
  ] as const)('%s with engine %s synthesizes, and every unit names its source', (fixture, engine) => {
    const { docs, files } = tree(load(fixture, engine));
    const apps = kinds(docs, 'Application');
    const kusts = kinds(docs, 'Kustomization').filter((k) => k.apiVersion.startsWith('kustomize.toolkit'));
    if (engine === 'argocd') {
      expect(apps.length).toBeGreaterThan(0);
      for (const a of apps) {
        expect(a.spec.destination.namespace).toBeTruthy();
        expect(a.spec.source.repoURL).toBeTruthy();
        expect(a.spec.source.path ?? a.spec.source.chart).toBeTruthy();
        expect(a.spec.source.targetRevision).toBeTruthy();
        if (a.spec.source.path) {
          const folder = a.spec.source.path.replace(/^dist\//, '');
          expect([...files.keys()].some((f) => f.startsWith(`${folder}/`))).toBe(true);
        }
      }
      expect(apps.find((a) => a.metadata.name === 'cilium').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(
        '0',
      );
    } else {
      expect(apps).toEqual([]);
      for (const k of kusts) {
        expect(k.spec.sourceRef.name).toBeTruthy();
        expect(k.spec.path).toBeTruthy();
        expect(k.spec.interval).toBeTruthy();
      }
      expect(kusts.find((k) => k.metadata.name === 'cilium').spec.dependsOn).toBeUndefined();
    }
  });

  test('the seed contract layout: Applications in argo/apps/, addons in platform/, clusters in clusters/<env>/', () => {
    const { files, docs } = tree(load('valid-seed-layout'));
    const appFiles = [...files.keys()].filter((f) =>
      parseAllDocuments(files.get(f)!).some((d) => d.toJS()?.kind === 'Application'),
    );
    expect(appFiles.length).toBeGreaterThan(0);
    for (const f of appFiles) expect(f.startsWith('argo/apps/')).toBe(true);
    expect(files.has('platform/cilium-lb/ip-pool.yaml')).toBe(true);
    expect(files.has('clusters/prod/prod/cluster.yaml')).toBe(true);
    expect(kinds(docs, 'Application').find((a) => a.metadata.name === 'cluster-prod').spec.source.path).toBe(
      'dist/clusters/prod/prod',
    );
  });
});
