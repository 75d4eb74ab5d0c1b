/**
 * The GitOps source Argo CD reads: `path` a clean relative folder (Argo CD refuses absolute paths and `..` would
 * point outside the repository), `revision` a Git ref name (`git check-ref-format` rules) or a commit.
 */
import { code } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkGitOps(config: PlatformConfig): Issue[] {
  const { gitops, sourceFile: file } = config.platform;
  const issues: Issue[] = [];
  const pathProblem = repoPathProblem(gitops.path);
  if (pathProblem) {
    issues.push({
      file,
      path: ['gitops', 'path'],
      rule: 'gitops-path',
      message: `${code(gitops.path)} ${pathProblem}`,
      expected: 'a folder relative to the repository root, like `dist` or `clusters/gitops`',
      hint: 'write the folder as it appears in the repository, without a leading `/` or `..`',
    });
  }
  const revisionProblem = refProblem(gitops.revision);
  if (revisionProblem) {
    issues.push({
      file,
      path: ['gitops', 'revision'],
      rule: 'gitops-revision',
      message: `${code(gitops.revision)} ${revisionProblem}`,
      expected: 'a branch, tag or commit, like `main`, `v1.2.0` or a 40-character commit id',
      hint: 'set the branch Argo CD tracks, e.g. `main`',
    });
  }
  return issues;
}

/** Why `p` is not a clean folder relative to the repository root, or `undefined`. */
export function repoPathProblem(p: string): string | undefined {
  if (p.trim() === '') return 'is empty';
  if (p.startsWith('/')) return 'is absolute';
  if (p.includes('\\')) return 'contains a backslash';
  const segments = p.replace(/\/$/, '').split('/');
  if (segments.includes('..')) return 'leaves the repository (`..`)';
  if (segments.some((s) => s === '' || s === '.')) return 'has an empty or `.` segment';
  return undefined;
}

/** `git check-ref-format` rules, for a branch or tag name as Argo CD passes it to `git fetch`. */
function refProblem(ref: string): string | undefined {
  if (ref.trim() === '') return 'is empty';
  if (/\s/.test(ref)) return 'contains white space';
  if (/[~^:?*[\\]/.test(ref)) return 'contains one of ~ ^ : ? * [ \\';
  if (ref.includes('..') || ref.includes('@{') || ref === '@') return 'contains `..`, `@{` or is `@`';
  if (/^[/.-]|[/.]$|\/\/|\/\.|\.lock$|\.lock\//.test(ref)) return 'is not a valid Git ref name';
  return undefined;
}
