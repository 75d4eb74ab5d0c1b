import * as fs from 'fs';
import * as path from 'path';
import { OUTPUT_MANIFEST_NAME, isEmptyListing, listFolder, readManifest } from './output-manifest';

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

/** The new content of an output folder: relative path (with `/`) -> bytes, the manifest included. */
export type FolderContent = ReadonlyMap<string, string | Uint8Array>;

/** How one output folder goes from its current content to the new one. */
export interface FolderPlan {
  /** `Terraform output` or `GitOps output`. */
  readonly label: string;
  /** Absolute path of the output folder. */
  readonly target: string;
  /** Absolute path of the staging folder, which holds (once staged) the files of every `add` and `change` op. */
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
 * Compares the new content of a folder (its manifest included) with `target`, byte for byte: a file whose bytes did
 * not change gets no op, so it is neither staged nor renamed. A `target` that is neither empty nor synth's (no
 * manifest) is refused unless `force`; inside it, a file synth did not write is kept, except at a path synth writes,
 * which is refused unless `force`. Reads only.
 */
export function planFolder(
  label: string,
  target: string,
  staging: string,
  content: FolderContent,
  force: boolean,
): PlanResult {
  const problems: string[] = [];
  const manifest = readManifest(target);
  const current = listFolder(target);
  const staged = new Set(content.keys());
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
    } else if (!hasBytes(path.join(target, ...rel.split('/')), content.get(rel) ?? '')) {
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
  if (manifest === undefined && !force && !isEmptyListing(current)) {
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

/**
 * True when `file` holds exactly `bytes`. Reads the file (no size or mtime shortcut: a hand edit that kept both
 * must still be replaced) into a buffer one byte longer than expected, so a longer file is told apart without a stat.
 */
function hasBytes(file: string, bytes: string | Uint8Array): boolean {
  const expected = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(expected.length + 1);
    let n = 0;
    for (let r = -1; r !== 0 && n < buf.length;) {
      r = fs.readSync(fd, buf, n, buf.length - n, null);
      n += r;
    }
    return n === expected.length && buf.subarray(0, n).equals(expected);
  } finally {
    fs.closeSync(fd);
  }
}

/** The topmost folder of `dir` (itself or a parent) that does not exist, if any. */
export function topmostMissing(dir: string): string | undefined {
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
