/**
 * The CLI's spec cache between runs (lib/cli/spec-cache.ts): private folder and file, written only when its entries
 * change, ignored when it is damaged, not private, a link, or written by other code, and never a different output.
 * The last tests run the bundled CLI in fresh processes, as users do.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  MAX_SPEC_CACHE_FILES,
  SPEC_CACHE_OFF_ENV,
  readCacheFile,
  specCacheDir,
  specCacheFile,
  withSpecCache,
  writeCacheFile,
} from '../../lib/cli/spec-cache';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import { SpecParseCache } from '../../lib/core/spec/parse-cache';
import { REPO_ROOT, hashTree, rmDir, tmpDir } from './helpers';

const EXAMPLE = path.join(REPO_ROOT, 'clusters');
const ID = 'test-identity';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach(rmDir));
function scratch(prefix: string): string {
  const dir = tmpDir(prefix);
  cleanup.push(dir);
  return dir;
}

/** Runs `fn` with `XDG_CACHE_HOME` set to a new folder; returns that folder's spec cache folder. */
function withCacheHome<T>(fn: (cacheDir: string) => T): T {
  const saved = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = scratch('spec-cache-home-');
  try {
    return fn(specCacheDir());
  } finally {
    process.env.XDG_CACHE_HOME = saved;
  }
}

/** Loads `dir` through withSpecCache; answers how many files came from the cache and whether the load was ok. */
function load(dir: string, ...identities: [] | [string | undefined]): { hits: number; ok: boolean } {
  const identity = identities.length === 0 ? ID : identities[0];
  let hits = 0;
  const result = withSpecCache(dir, identity, (parseCache) => {
    if (parseCache) {
      const get = parseCache.get.bind(parseCache);
      parseCache.get = (text) => {
        const found = get(text);
        if (found) hits++;
        return found;
      };
    }
    return loadPlatformConfig(dir, { parseCache });
  });
  return { hits, ok: result.ok };
}

const FILES = 3; // platform.yaml, prod/prod.yaml, staging/staging.yaml

describe('withSpecCache', () => {
  test('writes a private file on the first load, reads it on the next, and rewrites it only after a change', () =>
    withCacheHome((cacheDir) => {
      const config = scratch('spec-cache-config-');
      fs.cpSync(EXAMPLE, config, { recursive: true });
      expect(load(config)).toEqual({ hits: 0, ok: true });
      const file = specCacheFile(config) as string;
      expect(path.dirname(file)).toBe(cacheDir);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(cacheDir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.dirname(cacheDir)).mode & 0o777).toBe(0o700);
      const written = fs.readFileSync(file);
      expect(load(config)).toEqual({ hits: FILES, ok: true });
      expect(fs.readFileSync(file).equals(written)).toBe(true); // nothing changed: not rewritten
      const prod = path.join(config, 'prod', 'prod.yaml');
      fs.writeFileSync(prod, fs.readFileSync(prod, 'utf8').replace('count: 3', 'count: 5'));
      expect(load(config)).toEqual({ hits: FILES - 1, ok: true });
      expect(load(config)).toEqual({ hits: FILES, ok: true });
    }));

  test('an invalid config adds nothing, and reports the same errors with the cache as without', () =>
    withCacheHome(() => {
      const config = scratch('spec-cache-invalid-');
      fs.cpSync(EXAMPLE, config, { recursive: true });
      const prod = path.join(config, 'prod', 'prod.yaml');
      const valid = fs.readFileSync(prod, 'utf8');
      fs.writeFileSync(prod, valid.replace('count: 3', 'count: banana'));
      const without = loadPlatformConfig(config);
      expect(load(config)).toEqual({ hits: 0, ok: false });
      expect(fs.existsSync(specCacheFile(config) as string)).toBe(false);
      fs.writeFileSync(prod, valid);
      expect(load(config)).toEqual({ hits: 0, ok: true });
      fs.writeFileSync(prod, valid.replace('count: 3', 'count: banana'));
      const warm = withSpecCache(config, ID, (parseCache) => loadPlatformConfig(config, { parseCache }));
      const lines = (r: typeof without): string[] =>
        r.ok ? [] : r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`);
      expect(lines(without).length).toBeGreaterThan(0);
      expect(lines(warm)).toEqual(lines(without));
      expect(load(config)).toEqual({ hits: FILES - 1, ok: false });
    }));

  test('no identity (an unbundled CLI) or TPC_NO_SPEC_CACHE=1: no cache, nothing written', () =>
    withCacheHome((cacheDir) => {
      expect(load(EXAMPLE, undefined)).toEqual({ hits: 0, ok: true });
      process.env[SPEC_CACHE_OFF_ENV] = '1';
      try {
        expect(load(EXAMPLE)).toEqual({ hits: 0, ok: true });
      } finally {
        delete process.env[SPEC_CACHE_OFF_ENV];
      }
      expect(fs.existsSync(cacheDir)).toBe(false);
    }));

  test('a file written by other code is not read, and is replaced', () =>
    withCacheHome(() => {
      load(EXAMPLE, 'other-build');
      expect(load(EXAMPLE, ID).hits).toBe(0);
      expect(load(EXAMPLE, ID).hits).toBe(FILES);
    }));

  test.each([
    ['one flipped byte', (b: Buffer) => Buffer.from(b.map((x, i) => (i === b.length - 10 ? x ^ 0xff : x)))],
    ['truncated', (b: Buffer) => b.subarray(0, b.length - 100)],
    ['no header', (b: Buffer) => b.subarray(b.indexOf(0x0a) + 1)],
    ['empty', () => Buffer.alloc(0)],
    ['an extra header field', (b: Buffer) => Buffer.concat([Buffer.from('x '), b])],
  ])('a damaged file (%s) is ignored and rewritten', (_name, damage) =>
    withCacheHome(() => {
      load(EXAMPLE);
      const file = specCacheFile(EXAMPLE) as string;
      fs.writeFileSync(file, damage(fs.readFileSync(file)));
      expect(readCacheFile(file, ID)).toBeUndefined();
      expect(load(EXAMPLE)).toEqual({ hits: 0, ok: true });
      expect(load(EXAMPLE).hits).toBe(FILES);
    }),
  );

  test('a file others may write, or a link, is not read; a folder others may write is not used', () =>
    withCacheHome((cacheDir) => {
      load(EXAMPLE);
      const file = specCacheFile(EXAMPLE) as string;
      fs.chmodSync(file, 0o644);
      expect(readCacheFile(file, ID)).toBeUndefined();
      fs.chmodSync(file, 0o600);
      const real = `${file}.real`;
      fs.renameSync(file, real);
      fs.symlinkSync(real, file);
      expect(readCacheFile(file, ID)).toBeUndefined();
      fs.rmSync(file);
      fs.renameSync(real, file);
      expect(readCacheFile(file, ID)).toBeDefined();
      for (const dir of [cacheDir, path.dirname(cacheDir)]) {
        fs.chmodSync(dir, 0o755);
        expect(specCacheFile(EXAMPLE)).toBeUndefined();
        expect(load(EXAMPLE).hits).toBe(0);
        fs.chmodSync(dir, 0o700);
      }
      expect(load(EXAMPLE).hits).toBe(FILES);
    }));

  test(`keeps the ${MAX_SPEC_CACHE_FILES} most recently written files and removes what killed runs left`, () =>
    withCacheHome((cacheDir) => {
      fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      const old = new Date(Date.now() - 3600_000);
      for (let i = 0; i < MAX_SPEC_CACHE_FILES + 5; i++) {
        const f = path.join(cacheDir, `${i.toString(16).padStart(32, '0')}.bin`);
        fs.writeFileSync(f, 'x', { mode: 0o600 });
        fs.utimesSync(f, old, new Date(old.getTime() + i * 1000));
      }
      const leftover = path.join(cacheDir, `${'f'.repeat(32)}.bin.tmp-1-abcd`);
      fs.writeFileSync(leftover, 'x');
      fs.utimesSync(leftover, old, old);
      const fresh = path.join(cacheDir, `${'e'.repeat(32)}.bin.tmp-2-abcd`); // a run writing right now
      fs.writeFileSync(fresh, 'x');
      writeCacheFile(path.join(cacheDir, `${'a'.repeat(32)}.bin`), ID, new SpecParseCache().serialize());
      const names = fs.readdirSync(cacheDir);
      expect(names.filter((n) => n.endsWith('.bin'))).toHaveLength(MAX_SPEC_CACHE_FILES);
      expect(names).toContain(`${'a'.repeat(32)}.bin`);
      // the oldest went first
      for (let i = 0; i < 6; i++) expect(names).not.toContain(`${i.toString(16).padStart(32, '0')}.bin`);
      expect(names).not.toContain(path.basename(leftover));
      expect(names).toContain(path.basename(fresh));
    }));
});

describe('the bundled CLI with its spec cache', () => {
  const MAIN_JS = path.join(REPO_ROOT, 'build', 'stacks', 'main.js');
  const identity = (): string =>
    createHash('sha256')
      .update(fs.readFileSync(path.join(REPO_ROOT, 'build', 'bin', 'cli.js')))
      .digest('hex');

  function synth(cacheHome: string, config: string, env: NodeJS.ProcessEnv = {}): Record<string, string> {
    const out = scratch('spec-cache-out-');
    const r = spawnSync(
      process.execPath,
      [MAIN_JS, 'synth', '--quiet', '--config', config, '--tf-out', `${out}/tf`, '--k8s-out', `${out}/k8s`],
      { cwd: out, encoding: 'utf8', timeout: 60_000, env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env } },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return hashTree(path.join(out, 'k8s'));
  }

  /** A cache file for the example, as this build writes it, whose data for prod.yaml has 5 control planes, not 3. */
  function poison(cacheHome: string): string {
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cacheHome;
    try {
      const file = specCacheFile(EXAMPLE) as string;
      const cache = new SpecParseCache();
      loadPlatformConfig(EXAMPLE, { parseCache: cache });
      const text = fs.readFileSync(path.join(EXAMPLE, 'prod', 'prod.yaml'), 'utf8');
      // copied into this realm by JSON (a hit is built in Node's realm, which isPlainData would refuse here)
      const data = JSON.parse(JSON.stringify(cache.get(text)?.data)) as { controlPlane: { count: number } };
      expect(data.controlPlane.count).toBe(3);
      cache.set(text, { ...data, controlPlane: { ...data.controlPlane, count: 5 } });
      writeCacheFile(file, identity(), cache.serialize());
      return file;
    } finally {
      process.env.XDG_CACHE_HOME = saved;
    }
  }

  test('a cold and a warm synth write what a synth without the cache writes', () => {
    const home = scratch('spec-cache-cli-');
    const without = synth(home, EXAMPLE, { [SPEC_CACHE_OFF_ENV]: '1' });
    expect(fs.existsSync(path.join(home, 'talos-platform-cdk'))).toBe(false);
    expect(synth(home, EXAMPLE)).toEqual(without);
    const file = path.join(specCacheDirOf(home), fs.readdirSync(specCacheDirOf(home))[0]);
    const written = fs.statSync(file).mtimeMs;
    expect(synth(home, EXAMPLE)).toEqual(without);
    expect(fs.statSync(file).mtimeMs).toBe(written);
  });

  test('the CLI uses a private cache file of its own code (so these checks are what protects it)', () => {
    const home = scratch('spec-cache-planted-');
    const without = synth(home, EXAMPLE, { [SPEC_CACHE_OFF_ENV]: '1' });
    poison(home);
    const planted = synth(home, EXAMPLE);
    const controlPlane = 'clusters/prod/prod/control-plane.yaml';
    expect(Object.keys(planted)).toEqual(Object.keys(without));
    expect(planted[controlPlane]).not.toBe(without[controlPlane]);
  });

  test.each([
    ['readable by others', (file: string) => fs.chmodSync(file, 0o644)],
    ['truncated', (file: string) => fs.truncateSync(file, fs.statSync(file).size - 50)],
    ['in a folder others may write', (file: string) => fs.chmodSync(path.dirname(file), 0o777)],
  ])('a planted cache file %s changes nothing', (_name, weaken) => {
    const home = scratch('spec-cache-weak-');
    const without = synth(home, EXAMPLE, { [SPEC_CACHE_OFF_ENV]: '1' });
    weaken(poison(home));
    expect(synth(home, EXAMPLE)).toEqual(without);
  });
});

function specCacheDirOf(home: string): string {
  return path.join(home, 'talos-platform-cdk', 'spec');
}
