/**
 * Loads the CLI bundle (`build/bin/cli.js`) as `require` would, but with V8's code cache: the bytecode of every
 * function a synth of the bundled example ran, which `npm run build` writes beside the bundle
 * (`scripts/train-code-cache.mjs`). With it V8 neither parses the 7 MiB bundle nor compiles those functions again at
 * each run. Node 20 has no compile cache of its own for `require` (`module.enableCompileCache` came in Node 22).
 *
 * V8 checks a cache only against the source's length, its own version and its flags, and it does not checksum the
 * data: a cache left from an older bundle of the same length would run the old code, and a corrupted one crashes the
 * process. So the cache file names the SHA-256 of the source it was made from and of its own data, both checked on
 * every read; a cache that fails a check is ignored (the bundle then compiles as usual), never trusted.
 */
import { isAscii } from 'buffer';
import { createHash } from 'crypto';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import * as vm from 'vm';

/** The code cache of `bundle.js` is `bundle.js.code-cache`, beside it. */
export const CODE_CACHE_SUFFIX = '.code-cache';

/** First line of a cache file: this tag, then the source's and the data's SHA-256 (hex), space-separated. */
const HEADER_TAG = 'talos-platform-cdk-code-cache/1';

/**
 * What became of the code cache: `used`; `none` (no cache file); `stale` (made from another source); `corrupt` (its
 * data does not match its hash, or the file is not a cache); `rejected` (V8 refused it: another Node version or other
 * V8 flags); `skipped` (source maps are on: the file was loaded by `require`, the only loader Node 20 maps stack
 * traces for).
 */
export type CodeCacheStatus = 'used' | 'none' | 'stale' | 'corrupt' | 'rejected' | 'skipped';

/** A bundle loaded by {@link loadBundle}. */
export interface LoadedBundle {
  /** The bundle's `module.exports`. */
  readonly exports: unknown;
  readonly codeCache: CodeCacheStatus;
  /** The SHA-256 (hex) of the bundle's bytes; `undefined` when it was loaded by `require` (`skipped`). */
  readonly sourceHash: string | undefined;
  /** Writes the bytecode V8 holds for the bundle now as its code cache (under a temporary name, then renamed). */
  writeCodeCache(): void;
}

type ModuleFunction = (
  exports: unknown,
  require: NodeJS.Require,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

/** Runs the CommonJS file `file` in this context with its code cache, when the cache is current and intact. */
export function loadBundle(file: string): LoadedBundle {
  if (sourceMapsEnabled()) {
    return {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exports: require(file) as unknown,
      codeCache: 'skipped',
      sourceHash: undefined,
      writeCodeCache: () => {
        throw new Error(`no code cache for ${file}: it was loaded by require (source maps are on)`);
      },
    };
  }
  const bytes = fs.readFileSync(file);
  const sourceHash = sha256(bytes);
  const cache = readCodeCache(file + CODE_CACHE_SUFFIX, sourceHash);
  // An ASCII file (esbuild's default charset) decoded as Latin-1 is the same string, made without UTF-8 decoding and
  // stored one byte per character.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new vm.Script(wrap(source), {
    filename: file,
    cachedData: cache.data,
    // `import()` resolves as it would in a module `require` loaded (the option exists from Node 20.12).
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER
      ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }
      : {}),
  });
  const codeCache = cache.data === undefined ? cache.status : script.cachedDataRejected ? 'rejected' : 'used';
  const mod = { exports: {} as unknown };
  const run = script.runInThisContext({ displayErrors: true }) as ModuleFunction;
  run.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  return {
    exports: mod.exports,
    codeCache,
    sourceHash,
    writeCodeCache: () => writeCodeCache(file + CODE_CACHE_SUFFIX, sourceHash, script.createCachedData()),
  };
}

/** `node --enable-source-maps` (or `NODE_OPTIONS`), or `process.setSourceMapsEnabled(true)`. */
function sourceMapsEnabled(): boolean {
  const enabled = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled; // from Node 20.7
  if (enabled !== undefined) return enabled;
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].includes('--enable-source-maps');
}

/** The function wrapper Node's CommonJS loader puts around a module, on the module's first line (line numbers stay). */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}

function readCodeCache(cacheFile: string, sourceHash: string): { data?: Buffer; status: CodeCacheStatus } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(cacheFile);
  } catch {
    return { status: 'none' }; // missing or unreadable: compile as usual
  }
  const eol = bytes.indexOf(0x0a);
  const [tag, madeFrom, dataHash, ...rest] = (eol > 0 ? bytes.subarray(0, eol).toString('latin1') : '').split(' ');
  if (tag !== HEADER_TAG || rest.length > 0) return { status: 'corrupt' };
  if (madeFrom !== sourceHash) return { status: 'stale' };
  const data = bytes.subarray(eol + 1);
  return sha256(data) === dataHash ? { data, status: 'used' } : { status: 'corrupt' };
}

function writeCodeCache(cacheFile: string, sourceHash: string, data: Buffer): void {
  const tmp = `${cacheFile}.tmp-${process.pid}`;
  try {
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${HEADER_TAG} ${sourceHash} ${sha256(data)}\n`), data]));
    fs.renameSync(tmp, cacheFile);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
