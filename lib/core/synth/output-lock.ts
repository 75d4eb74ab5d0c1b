import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SynthLockError, withIoContext } from './synth-errors';
import { isProcessAlive, sleepSync } from './process-alive';

/** How long a synth waits for another one to finish writing the same output folder. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
const POLL_MS = 50;

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

/** The lock file of an output folder, beside it: `<parent>/.<name>.synth-lock`. */
export function lockPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.synth-lock`);
}

/**
 * Takes the lock of every folder in `targets` (in sorted order, so two synths cannot deadlock), waiting up to
 * `timeoutMs` for a synth that holds one. A lock whose process no longer runs on this host is taken over. Returns
 * the function that releases them all.
 */
export function acquireLocks(targets: readonly string[], timeoutMs: number = DEFAULT_LOCK_TIMEOUT_MS): () => void {
  const held: string[] = [];
  const release = (): void => {
    for (const file of held.reverse()) {
      try {
        if (readOwner(file)?.pid === process.pid) fs.unlinkSync(file);
      } catch {
        // A lock left behind is taken over by the next synth (its pid is gone).
      }
    }
  };
  try {
    for (const target of [...new Set(targets)].sort()) {
      const file = lockPath(target);
      acquire(file, target, timeoutMs);
      held.push(file);
    }
  } catch (err) {
    release();
    throw err;
  }
  return release;
}

function acquire(file: string, target: string, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  const me: LockOwner = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
  withIoContext("creating the output folder's parent", path.dirname(file), () =>
    fs.mkdirSync(path.dirname(file), { recursive: true }),
  );
  // The lock appears whole or not at all: written to a temp file, then hard-linked to its name (link fails if the
  // name exists). A crash never leaves an empty lock that would look alive.
  const tmp = `${file}.tmp-${process.pid}`;
  withIoContext('taking the synth lock', tmp, () => fs.writeFileSync(tmp, JSON.stringify(me) + '\n'));
  try {
    for (;;) {
      if (tryLink(tmp, file)) return;
      waitOrTakeOver(file, target, deadline, timeoutMs);
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function tryLink(tmp: string, file: string): boolean {
  return withIoContext('taking the synth lock', file, () => {
    try {
      fs.linkSync(tmp, file);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
  });
}

/** Takes over a dead owner's lock, or waits a little for a live one (throws once the wait is over). */
function waitOrTakeOver(file: string, target: string, deadline: number, timeoutMs: number): void {
  const owner = readOwner(file);
  if (owner && !isProcessAlive(owner.pid, owner.host)) {
    takeOverStale(file, owner);
    return;
  }
  if (Date.now() >= deadline) {
    const who = owner ? `pid ${owner.pid} on ${owner.host}, since ${owner.started}` : 'an unreadable lock';
    throw new SynthLockError(
      `${target} is being written by another synth (${who}); waited ${Math.round(timeoutMs / 1000)} s. Fix: let ` +
        `it finish and run synth again; if no such process runs, delete ${file}.`,
    );
  }
  sleepSync(POLL_MS);
}

/** Moves a dead owner's lock aside; puts it back if another synth replaced it in between. */
function takeOverStale(file: string, dead: LockOwner): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // someone else took it over first
  }
  const moved = readOwner(aside);
  if (moved && moved.pid !== dead.pid) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // a third synth holds it now; the live one we moved keeps running and its release is a no-op
    }
  }
  fs.rmSync(aside, { force: true });
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' ? owner : undefined;
  } catch {
    return undefined;
  }
}
