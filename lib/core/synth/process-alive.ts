import * as os from 'os';

/** True unless `pid` certainly does not run on this host (a pid of another host is assumed alive). */
export function isProcessAlive(pid: number, host: string = os.hostname()): boolean {
  if (host !== os.hostname()) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Blocks the (synchronous) synth for `ms` milliseconds without spinning. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
