// Conformance of the GitOps output with the real tools: kubeconform -strict over every Argo CD object
// (Application, ApplicationSet, AppProject) and every Cilium object, with strict schemas derived from the pinned
// CRDs (imports/crds via scripts/lib/crd-schemas.mjs); and `kustomize build` of every kustomization.yaml the tree
// holds. Runs under `npm run test:tools` with the pinned tools of $TOOLS_DIR/bin.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { writeFiles } from '../../lib/core/synth/output-dir';
import { AppProject } from '../../lib/gitops/app-project';
import { RootApplication } from '../../lib/gitops/root-app';
import { REPO_ROOT_CONTEXT } from '../../lib/secrets/sops-secret';
import { CATALOG_HELM_REPOSITORIES, addPlatformCharts } from '../../stacks/gitops-platform';
import { callEsm } from '../conformance/esm';
import { describeWithTools, toolPath } from '../conformance/tools';
import { platformConfig, renderTree, workloadSpec } from './helpers';

const KUBECONFORM = toolPath('kubeconform');
const KUSTOMIZE = toolPath('kustomize');

const ALL_ON = {
  cilium: { enabled: true, l2Announcements: { start: '10.20.0.200', end: '10.20.0.220' } },
  externalSecrets: { enabled: true },
  longhorn: { enabled: true },
  monitoring: { enabled: true },
  dashboards: { enabled: true },
  velero: { enabled: true },
  logging: { enabled: true },
  externalDns: { enabled: true },
};

/** The whole tree, plus the stage 50 root chart, written to a folder. */
function writeTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-conformance-'));
  const app = new App({ outdir: Testing.app().outdir });
  app.node.setContext(REPO_ROOT_CONTEXT, fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-repo-')));
  addPlatformCharts(app, platformConfig({ addons: ALL_ON }, [workloadSpec('dev')]));
  const { files, errors } = renderTree(app);
  expect(errors).toEqual([]);
  writeFiles(dir, files);
  const root = new Chart(new App({ outdir: Testing.app().outdir }), 'root');
  new AppProject(root, 'Project', { name: 'platform', sourceRepos: ['https://g/r.git', ...CATALOG_HELM_REPOSITORIES] });
  new RootApplication(root, 'Root', {
    repoUrl: 'https://g/r.git',
    targetRevision: 'main',
    appsPath: 'dist/platform/apps',
    project: 'platform',
  });
  writeFiles(
    dir,
    new Map([
      [
        'stage-50/root.yaml',
        root
          .toJson()
          .map((o) => JSON.stringify(o))
          .join('\n---\n'),
      ],
    ]),
  );
  return dir;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

const CHECKED_GROUPS = /^(argoproj\.io|cilium\.io)\//;

describeWithTools(['kubeconform'], 'kubeconform -strict', () => {
  test('every Argo CD and Cilium object passes, with its CRD schema', () => {
    const dir = writeTree();
    const schemas = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-schemas-'));
    const written = callEsm<{ count: number }>('scripts/lib/crd-schemas.mjs', 'writeSchemaDir', undefined, schemas, {
      groups: ['argoproj.io', 'cilium.io'],
    });
    expect(written.count).toBe(5); // Application, ApplicationSet, AppProject, the two Cilium kinds at their pinned versions
    // Only the Argo CD and Cilium documents: core kinds (ConfigMaps) are checked by the project's conformance run.
    const docsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-docs-'));
    const kinds = new Map<string, number>();
    let n = 0;
    for (const file of yamlFiles(dir)) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const obj = doc.toJS();
        if (!obj || !CHECKED_GROUPS.test(String(obj.apiVersion))) continue;
        kinds.set(obj.kind, (kinds.get(obj.kind) ?? 0) + 1);
        fs.writeFileSync(path.join(docsDir, `${String(n++).padStart(3, '0')}.json`), JSON.stringify(obj));
      }
    }
    // Kyverno and the cluster-registration app are Applications; Cilium left the fleet (CAAPH owns it on workloads).
    expect(Object.fromEntries(kinds)).toEqual({
      Application: 16,
      ApplicationSet: 4,
      AppProject: 1,
      CiliumLoadBalancerIPPool: 1,
      CiliumL2AnnouncementPolicy: 1,
    });
    const r = spawnSync(
      KUBECONFORM,
      [
        '-strict',
        '-summary',
        '-output',
        'json',
        '-schema-location',
        `${schemas}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
        docsDir,
      ],
      { encoding: 'utf8' },
    );
    const report = JSON.parse(r.stdout);
    const problems = (report.resources ?? []).filter((x: { status: string }) => x.status !== 'statusValid');
    expect(problems).toEqual([]);
    expect(report.summary).toEqual({ valid: n, invalid: 0, errors: 0, skipped: 0 });
    expect(r.status).toBe(0);
  });

  test('an unknown field in an Application is caught (the schemas are really strict)', () => {
    const schemas = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-schemas-'));
    callEsm('scripts/lib/crd-schemas.mjs', 'writeSchemaDir', undefined, schemas, { groups: ['argoproj.io'] });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bad-')), 'bad.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'x', namespace: 'argocd' },
        spec: {
          project: 'default',
          destination: { server: 'https://kubernetes.default.svc', namespace: 'x' },
          source: { repoURL: 'https://g/r.git', path: 'x', targetRevision: 'main', valuesObject: {} },
        },
      }),
    );
    const r = spawnSync(
      KUBECONFORM,
      [
        '-strict',
        '-schema-location',
        `${schemas}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toContain('valuesObject');
  });
});

describeWithTools(['kustomize'], 'kustomize', () => {
  test('every kustomization.yaml in the tree builds', () => {
    const dir = writeTree();
    const kustomizations = yamlFiles(dir).filter((f) => path.basename(f) === 'kustomization.yaml');
    expect(kustomizations.map((f) => path.relative(dir, f))).toEqual([
      'platform/external-dns-secrets/kustomization.yaml',
      'platform/monitoring-secrets/kustomization.yaml',
    ]);
    for (const file of kustomizations) {
      const r = spawnSync(KUSTOMIZE, ['build', path.dirname(file)], { encoding: 'utf8' });
      expect({ file: path.relative(dir, file), status: r.status, stderr: r.stderr }).toEqual({
        file: path.relative(dir, file),
        status: 0,
        stderr: '',
      });
    }
  });
});
