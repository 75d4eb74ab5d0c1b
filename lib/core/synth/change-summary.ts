import type { FolderChanges } from './output-plan';

/** Above this many paths in one list, the summary groups them by folder. */
const MAX_LISTED_PATHS = 40;

/**
 * The change summary of one output folder: a count line, then `+` added, `~` changed, `-` removed, `!` overwritten
 * (with `--force`) and `?` unknown (kept) paths. A long list is grouped by folder (`- clusters/dev/web/ (5 files)`),
 * so a workload cluster that disappeared is still named.
 */
export function formatFolderChanges(label: string, dir: string, changes: FolderChanges): string {
  const counts = [
    `${changes.added.length} added`,
    `${changes.changed.length} changed`,
    `${changes.removed.length} removed`,
    ...(changes.overwritten.length > 0 ? [`${changes.overwritten.length} overwritten`] : []),
    ...(changes.unknown.length > 0 ? [`${changes.unknown.length} not synth's (kept)`] : []),
  ];
  const lines = [`${label} ${dir}: ${counts.join(', ')}`];
  const list = (mark: string, paths: readonly string[]): void => {
    for (const entry of compact(paths)) lines.push(`  ${mark} ${entry}`);
  };
  list('+', changes.added);
  list('~', changes.changed);
  list('-', changes.removed);
  list('!', changes.overwritten);
  list('?', changes.unknown);
  return lines.join('\n');
}

/** The paths, or when there are many, one entry per folder two levels under the deepest common one. */
function compact(paths: readonly string[]): string[] {
  if (paths.length <= MAX_LISTED_PATHS) return [...paths];
  for (let depth = 4; depth >= 1; depth--) {
    const groups = new Map<string, number>();
    for (const p of paths) {
      const segs = p.split('/');
      const key = segs.length > depth ? `${segs.slice(0, depth).join('/')}/` : p;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    if (groups.size <= MAX_LISTED_PATHS || depth === 1) {
      return [...groups.entries()].map(([k, n]) => (k.endsWith('/') ? `${k} (${n} file${n === 1 ? '' : 's'})` : k));
    }
  }
  return [...paths];
}
