/**
 * The folders of `gitops.layout`: each a clean relative folder of the tree (the same rule as `gitops.path`), made of
 * names the tree writer accepts, and no overlap that would make one engine object sync another's files. The apps
 * folder may sit inside the platform folder (the default `platform/apps`), but not the other way round: Flux builds a
 * folder without a `kustomization.yaml` recursively, so a root Kustomization over the platform folder would apply
 * every addon's manifests itself. The clusters folder is apart from both: each `<env>/<cluster>/` is synced on its own.
 *
 * With `engine: flux`, etcd backups of workload clusters are refused: their folders would be applied to each workload
 * cluster through its kubeconfig, and the Flux tree does not create their namespace there yet (docs/gitops.md).
 */
import { code } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig, ResolvedGitOpsLayout } from '../resolved';
import { repoPathProblem } from './gitops';

/** One folder name of the tree: what the GitOps writer accepts for a path segment. */
const SEGMENT = /^[a-z0-9][a-zA-Z0-9._-]*$/;

type LayoutKey = keyof ResolvedGitOpsLayout;

export function checkGitOpsLayout(config: PlatformConfig): Issue[] {
  const { gitops, sourceFile: file } = config.platform;
  const layout = gitops.layout;
  const issues: Issue[] = [];
  const clean: LayoutKey[] = [];
  for (const key of ['apps', 'platform', 'clusters'] as const) {
    const folder = layout[key];
    const problem = repoPathProblem(folder) ?? segmentProblem(folder);
    if (problem) {
      issues.push({
        file,
        path: ['gitops', 'layout', key],
        rule: 'gitops-layout-path',
        message: `${code(folder)} ${problem}`,
        expected: 'a folder relative to `gitops.path`, like `platform/apps`, `argo/apps` or `clusters`',
        hint: 'write lower-case folder names separated by `/`, without a leading `/`, `.` or `..`',
      });
    } else clean.push(key);
  }
  const pairs: Array<[LayoutKey, LayoutKey]> = [
    ['apps', 'platform'],
    ['apps', 'clusters'],
    ['platform', 'clusters'],
  ];
  for (const [a, b] of pairs) {
    if (!clean.includes(a) || !clean.includes(b)) continue;
    const problem = overlapProblem(a, layout[a], b, layout[b]);
    if (!problem) continue;
    issues.push({
      file,
      path: ['gitops', 'layout', b],
      rule: 'gitops-layout-overlap',
      message: problem,
      expected: 'three separate folders; only the apps folder may sit inside the platform folder',
      hint: 'give each folder its own path, e.g. `argo/apps`, `platform` and `clusters`',
    });
  }
  const backup = config.platform.addons.etcdBackup;
  if (gitops.engine === 'flux' && backup.enabled && backup.workloadClusters) {
    issues.push({
      file,
      path: ['addons', 'etcdBackup', 'workloadClusters'],
      rule: 'gitops-engine-unsupported',
      message: 'etcd backups of workload clusters are not delivered by the Flux engine yet',
      expected: '`workloadClusters: false` with `gitops.engine: flux`',
      hint: 'set `addons.etcdBackup.workloadClusters: false` (the management cluster is still backed up), or use `gitops.engine: argocd`',
    });
  }
  return issues;
}

function segmentProblem(folder: string): string | undefined {
  const bad = folder.split('/').find((s) => !SEGMENT.test(s));
  return bad === undefined
    ? undefined
    : `has the folder name ${code(bad)}; expected letters, digits, ".", "_" and "-", starting with a lower-case letter or digit`;
}

function inside(child: string, parent: string): boolean {
  return child.startsWith(`${parent}/`);
}

function overlapProblem(a: LayoutKey, folderA: string, b: LayoutKey, folderB: string): string | undefined {
  if (folderA === folderB) return `layout.${a} and layout.${b} are both ${code(folderA)}`;
  const appsInPlatform = a === 'apps' && b === 'platform' && inside(folderA, folderB);
  if (inside(folderA, folderB) && !appsInPlatform)
    return `layout.${a} ${code(folderA)} is inside layout.${b} ${code(folderB)}`;
  if (inside(folderB, folderA)) return `layout.${b} ${code(folderB)} is inside layout.${a} ${code(folderA)}`;
  return undefined;
}
