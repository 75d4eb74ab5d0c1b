import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTextIfExists } from '../read-text-if-exists';
import type { FileOp, FolderPlan } from './output-plan';
import { SynthIoError, isSystemError, withIoContext } from './synth-errors';
import { isProcessAlive } from './process-alive';

/**
 * The commit of both output folders as one transaction. Before the first rename a journal is written beside each
 * folder (both copies describe both folders); every replaced or removed file is moved into a backup folder, never
 * deleted. Once every rename is done the journals are marked committed, and only then are backups and staging
 * removed. A synth that dies in between leaves the journal; the next synth rolls an uncommitted one back (old
 * outputs for the pair) and finishes a committed one (new for the pair). Staging, backup and journal names start
 * with `.<folder>.`, so they sit beside the output, never in it. A folder that did not exist (a first synth) is
 * committed by renaming its staging folder into place: one rename instead of one per file and folder.
 */

interface JournalFolder {
  readonly target: string;
  readonly staging: string;
  readonly backup: string;
  readonly ops: readonly FileOp[];
  readonly createDirs: readonly string[];
  readonly createdRoot?: string | undefined;
  /** The target did not exist: the commit renames the staging folder itself to it. */
  readonly wholeFolder?: boolean | undefined;
}

interface Journal {
  readonly version: 1;
  readonly id: string;
  readonly pid: number;
  readonly host: string;
  readonly state: 'prepared' | 'committed';
  readonly folders: readonly JournalFolder[];
}

/** `<parent>/.<name>.synth-journal` */
export function journalPath(target: string): string {
  return siblingPath(target, 'synth-journal');
}

/**
 * A new staging folder beside `target` (same filesystem, so the commit is renames), named with this pid. Made with
 * `mkdir`, not `mkdtemp` (mode 0700): a first synth renames it into place, so it has a new folder's normal mode.
 */
export function createStagingDir(target: string): string {
  const parent = path.dirname(target);
  return withIoContext('creating the staging folder', parent, () => {
    fs.mkdirSync(parent, { recursive: true });
    for (;;) {
      const dir = siblingPath(target, `staging-${process.pid}-${randomBytes(4).toString('hex')}`);
      try {
        fs.mkdirSync(dir);
        return dir;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  });
}

/** Removes a staging folder (best effort: a leftover is debris the next synth removes). */
export function removeQuietly(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // debris, cleaned by the next synth
  }
}

/**
 * Commits `plans` (one per folder). Throws a {@link SynthIoError} when a step fails, after rolling back what was
 * done. Returns warnings from the clean-up after the commit point, which never fails the synth.
 */
export function commitPlans(plans: readonly FolderPlan[]): string[] {
  const id = `${process.pid}-${Date.now().toString(36)}`;
  const journal: Journal = {
    version: 1,
    id,
    pid: process.pid,
    host: os.hostname(),
    state: 'prepared',
    folders: plans.map((p) => ({
      target: p.target,
      staging: p.staging,
      backup: siblingPath(p.target, `backup-${id}`),
      ops: p.ops,
      createDirs: p.createDirs,
      createdRoot: p.createdRoot,
      wholeFolder: p.createdRoot !== undefined,
    })),
  };
  const journals = plans.map((p) => journalPath(p.target));
  try {
    for (const file of journals) writeJournal(file, journal);
    for (const folder of journal.folders) applyFolder(folder);
    for (const file of journals) writeJournal(file, { ...journal, state: 'committed' });
  } catch (err) {
    let outcome = 'the changes already made were rolled back, the output folders are as they were';
    try {
      // A copy already marked committed would make a crash during the rollback look committed: drop those first.
      for (const file of journals) if (readJournalQuietly(file)?.state === 'committed') fs.rmSync(file);
      rollback(journal);
      for (const file of journals) fs.rmSync(file, { force: true });
      removeStagingAndBackups(journal);
    } catch {
      outcome = `the rollback failed too; the next synth finishes it from ${journals[0]}`;
    }
    if (isSystemError(err)) throw new SynthIoError('writing the outputs', err.path ?? '?', err.code, err, outcome);
    throw err;
  }
  return finish(journal, journals);
}

/**
 * Finishes what an earlier synth left: rolls back an uncommitted journal found beside any of `targets`, completes
 * the clean-up of a committed one, and removes staging and backup folders of synths that no longer run. Call with
 * the folders' locks held. Returns one note per thing it did.
 */
export function recoverAndClean(targets: readonly string[], keep: ReadonlySet<string>): string[] {
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    const file = journalPath(target);
    const journal = withIoContext('reading the journal of an interrupted synth', file, () => readJournal(file));
    if (!journal || seen.has(journal.id)) continue;
    seen.add(journal.id);
    const files = journal.folders.map((f) => journalPath(f.target));
    const committed = files.some((f) => readJournalQuietly(f)?.state === 'committed');
    const folders = journal.folders.map((f) => f.target).join(' and ');
    withIoContext('recovering an interrupted synth', file, () => {
      if (committed) {
        finish(journal, files);
        notes.push(
          `an earlier synth (pid ${journal.pid}) was interrupted after its commit: finished it; ${folders} hold its output`,
        );
      } else {
        rollback(journal);
        for (const f of files) fs.rmSync(f, { force: true });
        removeStagingAndBackups(journal);
        notes.push(
          `an earlier synth (pid ${journal.pid}) was interrupted before its commit: rolled ${folders} back to the output before it`,
        );
      }
    });
  }
  for (const target of targets) {
    const removed = withIoContext('removing debris of an earlier synth', path.dirname(target), () =>
      cleanDebris(target, keep),
    );
    if (removed.length > 0) notes.push(`removed debris of an interrupted synth: ${removed.join(', ')}`);
  }
  return notes;
}

function applyFolder(folder: JournalFolder): void {
  const { target, staging, backup } = folder;
  if (folder.wholeFolder) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(staging, target);
    return;
  }
  fs.mkdirSync(target, { recursive: true });
  for (const dir of folder.createDirs) fs.mkdirSync(path.join(target, dir), { recursive: true });
  for (const op of folder.ops) {
    const dest = abs(target, op.rel);
    if (op.kind !== 'add') {
      fs.mkdirSync(path.dirname(abs(backup, op.rel)), { recursive: true });
      fs.renameSync(dest, abs(backup, op.rel));
    }
    if (op.kind !== 'remove') {
      fs.renameSync(abs(staging, op.rel), dest);
    }
  }
}

/**
 * Undoes every op of an uncommitted journal that happened. Safe to repeat as long as the staging folders are kept
 * until the journals are gone (an installed file is told from a restored one by its staged copy being gone).
 */
function rollback(journal: Journal): void {
  for (const folder of journal.folders) {
    if (folder.wholeFolder) {
      // Installed (the staging folder is gone, the target is there): put it back where it came from.
      if (!fs.existsSync(folder.staging) && fs.existsSync(folder.target)) fs.renameSync(folder.target, folder.staging);
      removeCreatedParents(folder, path.dirname(folder.target));
      continue;
    }
    for (const op of [...folder.ops].reverse()) {
      const dest = abs(folder.target, op.rel);
      const saved = abs(folder.backup, op.rel);
      if (op.kind !== 'remove' && !fs.existsSync(abs(folder.staging, op.rel)) && fs.existsSync(dest)) {
        fs.rmSync(dest, { force: true }); // the new file was installed
      }
      if (op.kind !== 'add' && fs.existsSync(saved)) {
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.renameSync(saved, dest);
      }
    }
    for (const dir of [...folder.createDirs].reverse()) rmdirIfEmpty(path.join(folder.target, dir));
    removeCreatedParents(folder, folder.target);
  }
}

/** Removes `from` and its parents up to the folder's `createdRoot` while they are empty. */
function removeCreatedParents(folder: JournalFolder, from: string): void {
  if (!folder.createdRoot || (from !== folder.createdRoot && !from.startsWith(folder.createdRoot + path.sep))) return;
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (!rmdirIfEmpty(dir) || dir === folder.createdRoot || path.dirname(dir) === dir) break;
  }
}

function removeStagingAndBackups(journal: Journal): void {
  for (const folder of journal.folders) {
    removeQuietly(folder.backup);
    removeQuietly(folder.staging);
  }
}

/** After the commit point: removes backups, staging, folders the removals emptied, then the journals. */
function finish(journal: Journal, journals: readonly string[]): string[] {
  const warnings: string[] = [];
  const attempt = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      warnings.push(`could not remove ${what} (${(err as Error).message}); the next synth removes it`);
    }
  };
  for (const folder of journal.folders) {
    attempt(folder.backup, () => fs.rmSync(folder.backup, { recursive: true, force: true }));
    attempt(folder.staging, () => fs.rmSync(folder.staging, { recursive: true, force: true }));
    for (const op of folder.ops) {
      if (op.kind !== 'remove') continue;
      const segs = op.rel.split('/');
      for (let i = segs.length - 1; i > 0; i--) {
        if (!rmdirIfEmpty(path.join(folder.target, ...segs.slice(0, i)))) break;
      }
    }
  }
  for (const file of journals) attempt(file, () => fs.rmSync(file, { force: true }));
  return warnings;
}

/** Staging/backup folders and journal/lock temp files beside `target` whose synth no longer runs. */
function cleanDebris(target: string, keep: ReadonlySet<string>): string[] {
  const parent = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  const removed: string[] = [];
  for (const name of readdirIfExists(parent)) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const m = /^(?:staging|backup)-(\d+)-|^synth-(?:journal|lock)\.tmp-(\d+)$/.exec(rest);
    // Before journals, staging folders were `.<name>.staging-XXXXXX` (+ `.old`) without a pid.
    const legacy = /^staging-[A-Za-z0-9]{6}(\.old)?$/.test(rest);
    if (!m && !legacy) continue;
    const full = path.join(parent, name);
    const pid = m ? Number(m[1] ?? m[2]) : undefined;
    if (keep.has(full) || (pid !== undefined && pid !== process.pid && isProcessAlive(pid))) continue;
    fs.rmSync(full, { recursive: true, force: true });
    removed.push(full);
  }
  return removed;
}

function writeJournal(file: string, journal: Journal): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(journal));
      fs.fsyncSync(fd); // the journal must be on disk before the first rename it describes
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

function readJournal(file: string): Journal | undefined {
  const text = readTextIfExists(file);
  if (text === undefined) return undefined;
  try {
    const journal = JSON.parse(text) as Journal;
    if (journal.version === 1 && Array.isArray(journal.folders)) return journal;
  } catch {
    // fall through
  }
  throw new Error(
    `${file} is not a synth journal this version can read; an interrupted synth may have left the outputs mixed. ` +
      'Fix: check both output folders (git status), then delete the journal and run synth again.',
  );
}

function readJournalQuietly(file: string): Journal | undefined {
  try {
    return readJournal(file);
  } catch {
    return undefined;
  }
}

/** The names in `dir`; none when it does not exist (one syscall, not an existence check first). */
function readdirIfExists(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function rmdirIfEmpty(dir: string): boolean {
  try {
    fs.rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

function siblingPath(target: string, suffix: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${suffix}`);
}

function abs(root: string, rel: string): string {
  return path.join(root, ...rel.split('/'));
}
