/**
 * Keeps the CLI's {@link SpecParseCache} between runs: one file per config folder, in a private per-user folder
 * (`$XDG_CACHE_HOME/talos-platform-cdk/spec/`, else `~/.cache/talos-platform-cdk/spec/`).
 *
 * The cache is an optimization only: it is used when the folder and the file are the user's own and private (mode
 * 0700 and 0600, no symbolic link) and the file is intact (its first line names the code that wrote it and the
 * SHA-256 of the rest); anything else is ignored, and every file is parsed as without it. Entries are keyed by the
 * SHA-256 of a file's text, and a file written by other code (another build of the CLI: another `yaml`, another
 * parser) is not read, so a hit is what this code's parse of this text gives. A write goes to a temporary name and
 * is renamed, and a failed write changes nothing. `TPC_NO_SPEC_CACHE=1` turns it off.
 */
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SpecParseCache } from '../core/spec/parse-cache';

/** Set to `1`, the CLI neither reads nor writes the spec cache. */
export const SPEC_CACHE_OFF_ENV = 'TPC_NO_SPEC_CACHE';

/** First line of a cache file: this tag, the code identity, the SHA-256 (hex) of the rest, space-separated. */
const HEADER_TAG = 'talos-platform-cdk-spec-cache/1';
/** Cache files kept (one per config folder); the least recently written go first. */
export const MAX_SPEC_CACHE_FILES = 64;
/** A larger file is not read (1000 clusters take about 0.6 MB). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const CACHE_FILE = /^[0-9a-f]{32}\.bin$/;
/** Temporary files older than this are left by a killed run, and removed. */
const STALE_TMP_MS = 10 * 60 * 1000;

/** The folder of the spec cache files. */
export function specCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'talos-platform-cdk', 'spec');
}

/**
 * Runs `load` with the cache of `configDir` written by the code `codeIdentity` (the bundle's SHA-256), then keeps
 * what it parsed when that changed; with no identity, no usable folder or `TPC_NO_SPEC_CACHE=1`, `load` runs with
 * no cache.
 */
export function withSpecCache<T>(
  configDir: string,
  codeIdentity: string | undefined,
  load: (cache: SpecParseCache | undefined) => T,
): T {
  const file =
    codeIdentity === undefined || process.env[SPEC_CACHE_OFF_ENV] === '1' ? undefined : specCacheFile(configDir);
  if (codeIdentity === undefined || file === undefined) return load(undefined);
  const cache = readCacheFile(file, codeIdentity) ?? new SpecParseCache();
  try {
    return load(cache);
  } finally {
    if (cache.changed) writeCacheFile(file, codeIdentity, cache.serialize());
  }
}

/** The cache file of `configDir` (its folder created), or `undefined` when there is no private folder for it. */
export function specCacheFile(configDir: string): string | undefined {
  if (typeof process.getuid !== 'function') return undefined; // no owner to check (Windows)
  let real: string;
  try {
    real = fs.realpathSync(configDir);
  } catch {
    return undefined; // the loader reports a missing folder
  }
  const dir = specCacheDir();
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  // Both folders this creates must be the user's and private, so nobody else can put a file there.
  if (![dir, path.dirname(dir)].every(isPrivateDir)) return undefined;
  return path.join(dir, `${createHash('sha256').update(real).digest('hex').slice(0, 32)}.bin`);
}

function isPrivateDir(dir: string): boolean {
  try {
    const st = fs.lstatSync(dir);
    return st.isDirectory() && ownedAndPrivate(st);
  } catch {
    return false;
  }
}

function ownedAndPrivate(st: fs.Stats): boolean {
  return st.uid === process.getuid?.() && (st.mode & 0o077) === 0;
}

/** The cache in `file`, or `undefined` when it is missing, not private, damaged or written by other code. */
export function readCacheFile(file: string, codeIdentity: string): SpecParseCache | undefined {
  let bytes: Buffer;
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || !ownedAndPrivate(st) || st.size > MAX_FILE_BYTES) return undefined;
    bytes = fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
  const eol = bytes.indexOf(0x0a);
  const [tag, madeBy, payloadHash, ...rest] = (eol > 0 ? bytes.subarray(0, eol).toString('latin1') : '').split(' ');
  if (tag !== HEADER_TAG || rest.length > 0 || madeBy !== codeIdentity) return undefined;
  const payload = bytes.subarray(eol + 1);
  if (sha256(payload) !== payloadHash) return undefined;
  return SpecParseCache.deserialize(payload);
}

/** Writes `payload` as the cache in `file` (a temporary file, then a rename); a failure leaves the old file. */
export function writeCacheFile(file: string, codeIdentity: string, payload: Buffer): void {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const header = Buffer.from(`${HEADER_TAG} ${codeIdentity} ${sha256(payload)}\n`, 'latin1');
    fs.writeFileSync(tmp, Buffer.concat([header, payload]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
    prune(path.dirname(file));
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}

/** Keeps the {@link MAX_SPEC_CACHE_FILES} most recent cache files and removes temporary files of killed runs. */
function prune(dir: string): void {
  const now = Date.now();
  const files: { file: string; mtimeMs: number }[] = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!st) continue;
    if (CACHE_FILE.test(name)) files.push({ file, mtimeMs: st.mtimeMs });
    else if (name.includes('.bin.tmp-') && now - st.mtimeMs > STALE_TMP_MS) fs.rmSync(file, { force: true });
  }
  files.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { file } of files.slice(MAX_SPEC_CACHE_FILES)) fs.rmSync(file, { force: true });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
