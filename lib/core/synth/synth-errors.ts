import type { TreeValidationError } from './validate-tree';

/**
 * Thrown by `synthesizeApps` when a construct validation or an output check fails. Nothing was written. The message
 * lists every error, so a caller that only prints `err.message` (or lets it crash the process) shows all of them.
 */
export class SynthValidationError extends Error {
  public constructor(
    /** Failed construct validations, with their construct paths. */
    public readonly validationErrors: readonly TreeValidationError[],
    /** Problems found by the output checks (e.g. the plaintext-secret guard). */
    public readonly outputProblems: readonly string[],
  ) {
    const lines = [...validationErrors.map((e) => `${e.path}: ${e.message}`), ...outputProblems];
    super(`synth found ${lines.length} error(s); nothing was written:\n${lines.map((l) => `  - ${l}`).join('\n')}`);
    this.name = 'SynthValidationError';
  }
}

/**
 * Thrown when an output folder holds files synth did not write: a folder that is neither empty nor synth's (no
 * manifest), or an unknown file at a path synth would write. Nothing was touched.
 */
export class OutputOwnershipError extends Error {
  public constructor(public readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'OutputOwnershipError';
  }
}

/** Thrown when another synth holds the lock of an output folder for longer than the wait allows. */
export class SynthLockError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'SynthLockError';
  }
}

/** Thrown when `shouldStop` says so before the commit (e.g. the `npm run synth` that started this one was killed). */
export class SynthStoppedError extends Error {
  public constructor(reason: string) {
    super(`synth stopped before writing anything: ${reason}; the output folders were left as they were.`);
    this.name = 'SynthStoppedError';
  }
}

/** What to do about an I/O error code, for the message of a {@link SynthIoError}. */
const FIXES: Record<string, string> = {
  ENOSPC:
    'the filesystem is full: free some space (or choose an output folder on another filesystem) and run synth again',
  EDQUOT: 'the disk quota is exhausted: free some space and run synth again',
  EROFS: 'the filesystem is read-only: choose a writable folder with --tf-out / --k8s-out, or remount it read-write',
  EACCES: 'permission denied: make the folder writable for this user (or choose another output folder)',
  EPERM: "the operation is not permitted: check the folder's owner, permissions and immutable flags",
  ENOTDIR: 'a path segment is a file, not a folder: move that file away or choose another output folder',
  EISDIR: 'a folder sits where synth writes a file: move it away or choose another output folder',
  EMFILE: 'too many open files: raise the limit (ulimit -n) and run synth again',
  EIO: 'the disk reported an I/O error: check the device and run synth again',
};

/**
 * An I/O error during synth, with the path, the operation and what to do. The outputs were left as they were (a
 * failure during the commit is rolled back before this is thrown).
 */
export class SynthIoError extends Error {
  public constructor(
    /** What synth was doing, e.g. `writing the staged output`. */
    public readonly operation: string,
    /** The path the failing system call named. */
    public readonly path: string,
    /** The Node error code, e.g. `ENOSPC`. */
    public readonly code: string,
    cause: unknown,
    /** What happened to the outputs. */
    outcome = 'the output folders were left as they were',
  ) {
    const fix = FIXES[code] ?? `the system reported ${code}: check ${path} and run synth again`;
    super(`${operation} failed at ${path} (${code}); ${outcome}. Fix: ${fix}.`);
    this.name = 'SynthIoError';
    this.cause = cause;
  }
}

/** True for a Node system error (it has a string `code`). */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  return (
    err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && !(err instanceof SynthIoError)
  );
}

/** Runs `fn`, turning a system error into a {@link SynthIoError} naming `operation` and the failing path. */
export function withIoContext<T>(operation: string, fallbackPath: string, fn: () => T, outcome?: string): T {
  try {
    return fn();
  } catch (err) {
    if (isSystemError(err)) {
      throw new SynthIoError(operation, err.path ?? fallbackPath, err.code, err, outcome);
    }
    throw err;
  }
}
