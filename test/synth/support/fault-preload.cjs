// Preloaded with `node -r` by the fault-injection tests. Wraps the fs calls that change the filesystem and, for
// calls whose path lies under $FAULT_ROOT (and whose name is in $FAULT_OPS, default all), counts them:
//   FAULT_KILL_AT=N   SIGKILL this process right after the N-th such call (a crash after a write or rename);
//   FAULT_ERRNO=CODE  with FAULT_AT=N: make the N-th call fail with that code instead (ENOSPC, EROFS, ...);
//   FAULT_DELAY_MS=M  sleep M ms before every such call (a slow filesystem, to widen race windows);
//   FAULT_SKIP=TEXT   do not count calls on paths containing TEXT (e.g. `.staging-`: the writes into a staging
//                     folder; a rename out of it still counts, by its destination).
//   FAULT_ONLY=TEXT   count only calls on paths containing TEXT (e.g. `.staging-`: only the writes into a staging
//                     folder; a rename out of it does not count, by its destination).
// On exit it writes the number of counted calls to $FAULT_COUNT_FILE, so a test knows when it has seen them all.
'use strict';
const fs = require('fs');

const root = process.env.FAULT_ROOT;
const ops = (process.env.FAULT_OPS || '').split(',').filter(Boolean);
const killAt = Number(process.env.FAULT_KILL_AT || 0);
const errAt = Number(process.env.FAULT_AT || 0);
const errno = process.env.FAULT_ERRNO;
const delayMs = Number(process.env.FAULT_DELAY_MS || 0);
const skip = process.env.FAULT_SKIP;
const only = process.env.FAULT_ONLY;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let count = 0;

const MUTATING = [
  'renameSync',
  'writeFileSync',
  'writeSync',
  'mkdirSync',
  'mkdtempSync',
  'rmSync',
  'rmdirSync',
  'unlinkSync',
  'copyFileSync',
  'cpSync',
  'openSync',
  'linkSync',
  'symlinkSync',
];

function pathOf(name, args) {
  if (name === 'writeSync') return openFds.get(args[0]);
  const p = args[name === 'renameSync' || name === 'linkSync' || name === 'copyFileSync' ? 1 : 0];
  return typeof p === 'string' ? p : p && p.toString();
}

const openFds = new Map();
for (const name of MUTATING) {
  const original = fs[name];
  if (typeof original !== 'function') continue;
  fs[name] = function faulty(...args) {
    const target = pathOf(name, args);
    const source = name === 'renameSync' ? String(args[0]) : undefined;
    const inRoot =
      root &&
      [target, source].some((p) => typeof p === 'string' && p.startsWith(root)) &&
      !(skip && target && target.includes(skip)) &&
      !(only && !(target && target.includes(only)));
    const writesFile = name !== 'openSync' || /[wa+]/.test(String(args[1] || 'r'));
    if (!inRoot || !writesFile || (ops.length > 0 && !ops.includes(name))) {
      const result = original.apply(this, args);
      if (name === 'openSync') openFds.set(result, target);
      return result;
    }
    const mine = ++count; // calls made inside this one (writeFileSync -> openSync) count after it
    if (delayMs > 0) Atomics.wait(sleeper, 0, 0, delayMs);
    if (errno && mine === errAt) {
      const err = new Error(`${errno}: injected fault, ${name} '${target}'`);
      err.code = errno;
      err.syscall = name.replace(/Sync$/, '');
      err.path = target;
      throw err;
    }
    let result;
    try {
      result = original.apply(this, args);
    } finally {
      // Also after a call that failed (rmdir of a folder that is not empty): a crash can come at any point.
      if (killAt > 0 && mine === killAt) process.kill(process.pid, 'SIGKILL');
    }
    if (name === 'openSync') openFds.set(result, target);
    return result;
  };
}

process.on('exit', () => {
  if (process.env.FAULT_COUNT_FILE) fs.writeFileSync(process.env.FAULT_COUNT_FILE, String(count));
});
