import * as fs from 'fs';
import * as path from 'path';
import { OUTPUT_MANIFEST_NAME, isEmptyFolder, listFolder, readManifest } from './output-manifest';

/** What one synth changes in one output folder (relative paths with `/`, sorted). */
export interface FolderChanges {
  /** Files synth writes that were not there. */
  readonly added: readonly string[];
  /** Files synth wrote before whose content changes. */
  readonly changed: readonly string[];
  /** Files synth wrote before and no longer writes (e.g. the files of a workload cluster that was removed). */
  readonly removed: readonly string[];
  /** Files synth did not write, left in place. */
  readonly unknown: readonly string[];
  /** Files synth did not write that `force` overwrote. */
  readonly overwritten: readonly string[];
}

/** One file operation of a commit. `add`: the target had no file there; `change`: it had one; `remove`: stale. */
export interface FileOp {
  readonly rel: string;
  readonly kind: 'add' | 'change' | 'remove';
}

/** How one output folder goes from its current content to the staged one. */
export interface FolderPlan {
  /** `Terraform output` or `GitOps output`. */
  readonly label: string;
  /** Absolute path of the output folder. */
  readonly target: string;
  /** Absolute path of the staged new content. */
  readonly staging: string;
  readonly changes: FolderChanges;
  /** Removals first (a stale file may sit where a new folder goes), then changes and additions. */
  readonly ops: readonly FileOp[];
  /** Folders (relative) the additions need that do not exist yet, parents first. */
  readonly createDirs: readonly string[];
  /** The topmost missing folder of `target` itself (created by the commit, removed by a rollback). */
  readonly createdRoot?: string | undefined;
}

/** Result of {@link planFolder}: a plan, or the problems that refuse it. */
export interface PlanResult {
  readonly plan: FolderPlan;
  readonly problems: readonly string[];
}

/**
 * Compares the staged files (their manifest already written into `staging`) with `target`. A `target` that is
 * neither empty nor synth's (no manifest) is refused unless `force`; inside it, a file synth did not write is kept,
 * except at a path synth writes, which is refused unless `force`. Reads only.
 */
export function planFolder(label: string, target: string, staging: string, force: boolean): PlanResult {
  const problems: string[] = [];
  const manifest = readManifest(target);
  const current = listFolder(target);
  const staged = listFolder(staging).files;
  staged.add(OUTPUT_MANIFEST_NAME);
  const owned = manifest ?? new Set<string>();
  const added: string[] = [];
  const changed: string[] = [];
  const overwritten: string[] = [];
  for (const rel of [...staged].sort()) {
    const clash = blockingAncestor(rel, current.files, owned, staged);
    if (clash !== undefined) {
      problems.push(
        `${label}: ${path.join(target, clash)} is a file synth did not write, but synth writes ${rel} inside a ` +
          'folder of that name. Fix: move the file away.',
      );
      continue;
    }
    if (current.dirs.has(rel)) {
      problems.push(`${label}: ${path.join(target, rel)} is a folder where synth writes a file. Fix: move it away.`);
      continue;
    }
    const exists = rel === OUTPUT_MANIFEST_NAME ? manifest !== undefined : current.files.has(rel);
    if (!exists) {
      added.push(rel);
    } else if (rel !== OUTPUT_MANIFEST_NAME && !owned.has(rel)) {
      if (force) overwritten.push(rel);
      else {
        problems.push(
          `${label}: ${path.join(target, rel)} exists but synth did not write it, and synth would now write a file ` +
            'there; nothing was touched. Fix: move it away, or pass --force to overwrite it.',
        );
      }
    } else if (!sameContent(path.join(target, rel), path.join(staging, rel))) {
      changed.push(rel);
    }
  }
  const removed = [...owned].filter((rel) => !staged.has(rel) && current.files.has(rel)).sort();
  const unknown = [...current.files].filter((rel) => !owned.has(rel) && !staged.has(rel)).sort();
  const ops: FileOp[] = [
    ...removed.map((rel) => ({ rel, kind: 'remove' as const })),
    ...[...changed, ...overwritten].sort().map((rel) => ({ rel, kind: 'change' as const })),
    ...added.map((rel) => ({ rel, kind: 'add' as const })),
  ];
  const createDirs = new Set<string>();
  for (const rel of added) {
    const segs = rel.split('/');
    for (let i = 1; i < segs.length; i++) {
      const dir = segs.slice(0, i).join('/');
      if (!current.dirs.has(dir)) createDirs.add(dir);
    }
  }
  const changes = {
    added: added.filter((r) => r !== OUTPUT_MANIFEST_NAME),
    changed: changed.filter((r) => r !== OUTPUT_MANIFEST_NAME),
    removed,
    unknown,
    overwritten,
  };
  if (manifest === undefined && !isEmptyFolder(target) && !force) {
    // One problem for the folder, not one per file in the way.
    problems.splice(
      0,
      problems.length,
      `${label} ${target} is not empty and synth did not write it (it has no ${OUTPUT_MANIFEST_NAME}; an earlier ` +
        'version wrote none); nothing was touched. Fix: choose an empty or new folder, or pass --force to write into ' +
        'it (synth then keeps every file it did not write, and lists them).',
    );
  }
  const plan: FolderPlan = {
    label,
    target,
    staging,
    changes,
    ops,
    createDirs: [...createDirs].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1)),
    createdRoot: topmostMissing(target),
  };
  return { plan, problems };
}

/** True when the plan changes nothing synth owns (unknown files do not count). */
export function isUnchanged(changes: FolderChanges): boolean {
  return changes.added.length + changes.changed.length + changes.removed.length + changes.overwritten.length === 0;
}

/** A prefix of `rel` that is a file in the target and will still be there (not synth's stale file), if any. */
function blockingAncestor(
  rel: string,
  files: ReadonlySet<string>,
  owned: ReadonlySet<string>,
  staged: ReadonlySet<string>,
): string | undefined {
  const segs = rel.split('/');
  for (let i = 1; i < segs.length; i++) {
    const prefix = segs.slice(0, i).join('/');
    if (files.has(prefix) && !(owned.has(prefix) && !staged.has(prefix))) return prefix;
  }
  return undefined;
}

function sameContent(a: string, b: string): boolean {
  const sa = fs.statSync(a);
  const sb = fs.statSync(b);
  if (sa.size !== sb.size) return false;
  return fs.readFileSync(a).equals(fs.readFileSync(b));
}

function topmostMissing(dir: string): string | undefined {
  let missing: string | undefined;
  let cur = dir;
  while (!fs.existsSync(cur)) {
    missing = cur;
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return missing;
}
