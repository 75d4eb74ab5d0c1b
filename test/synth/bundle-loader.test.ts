/**
 * The bundle loader (lib/cli/bundle-loader.ts): a module loaded with V8's code cache answers as without it, and a
 * cache that is stale, corrupt, truncated or made under other V8 flags is never trusted. Each load runs in a node
 * process of its own, on the compiled loader, as build/stacks/main.js runs it (jest's module sandbox is another
 * realm, and V8 flags are per process).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CODE_CACHE_SUFFIX } from '../../lib/cli/bundle-loader';
import type { CodeCacheStatus } from '../../lib/cli/bundle-loader';
import { REPO_ROOT, rmDir, tmpDir } from './helpers';

const LOADER = path.join(REPO_ROOT, 'build', 'lib', 'cli', 'bundle-loader.js');
const BUNDLE = path.join(REPO_ROOT, 'build', 'bin', 'cli.js');

const cleanup: string[] = [];
afterAll(() => cleanup.forEach(rmDir));

interface Loaded {
  readonly codeCache: CodeCacheStatus;
  /** What the module's `answer()` returned. */
  readonly answer: unknown;
}

/**
 * Loads `file` in a fresh node (with `nodeFlags`), calls its `answer()`, and writes its code cache when `write`:
 * after the call, so the cache holds `answer`'s bytecode too.
 */
function load(file: string, { write = false, nodeFlags = [] as string[] } = {}): Loaded {
  const script = `
    const loaded = require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(file)});
    const answer = loaded.exports.answer();
    if (${write}) loaded.writeCodeCache();
    process.stdout.write(JSON.stringify({ codeCache: loaded.codeCache, answer }));`;
  const r = spawnSync(process.execPath, [...nodeFlags, '-e', script], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`node exited ${r.status ?? r.signal}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Loaded;
}

/** A module whose `answer()` returns `answer`, with its cache written (and checked to be used). */
function cachedModule(answer: string): string {
  const dir = tmpDir('bundle-loader-');
  cleanup.push(dir);
  const file = path.join(dir, 'module.js');
  fs.writeFileSync(file, moduleSource(answer));
  expect(load(file, { write: true })).toEqual({ codeCache: 'none', answer });
  expect(load(file)).toEqual({ codeCache: 'used', answer });
  return file;
}

function moduleSource(answer: string): string {
  // require, module, __filename and __dirname are the ones Node gives a module.
  return `const path = require('path');
module.exports.answer = () => [${JSON.stringify(answer)}, path.basename(__filename), path.basename(__dirname) === path.basename(path.dirname(__filename))].join(' ') === ${JSON.stringify(`${answer} module.js true`)} ? ${JSON.stringify(answer)} : 'wrong';
`;
}

describe('the bundle loader', () => {
  test('uses a current cache and answers as without it', () => {
    cachedModule('forty-two');
  });

  test('does not use a cache made from another source of the same length, which V8 alone would run', () => {
    const file = cachedModule('answer-A');
    const cache = fs.readFileSync(file + CODE_CACHE_SUFFIX);
    fs.writeFileSync(file, moduleSource('answer-B'));
    expect(load(file)).toEqual({ codeCache: 'stale', answer: 'answer-B' });

    // Why the loader hashes the source: V8 checks a cache only against the source's length and runs the old code.
    const data = cache.subarray(cache.indexOf(0x0a) + 1);
    const script = `
      const vm = require('vm');
      const source = require('fs').readFileSync(${JSON.stringify(file)}, 'latin1');
      const wrapped = '(function (exports, require, module, __filename, __dirname) { ' + source + '\\n});';
      const s = new vm.Script(wrapped, { filename: ${JSON.stringify(file)}, cachedData: Buffer.from(process.argv[1], 'base64') });
      const mod = { exports: {} };
      s.runInThisContext()(mod.exports, require, mod, ${JSON.stringify(file)}, ${JSON.stringify(path.dirname(file))});
      process.stdout.write(JSON.stringify({ rejected: s.cachedDataRejected, answer: mod.exports.answer() }));`;
    const r = spawnSync(process.execPath, ['-e', script, data.toString('base64')], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toEqual({ rejected: false, answer: 'answer-A' });
  });

  test.each([
    ['its data altered', (b: Buffer) => Buffer.concat([b.subarray(0, b.length - 40), Buffer.alloc(40, 0x5a)])],
    ['truncated', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
    ['no header', (b: Buffer) => b.subarray(b.indexOf(0x0a) + 1)],
    ['empty', () => Buffer.alloc(0)],
    [
      'a header with more fields',
      (b: Buffer) => Buffer.concat([b.subarray(0, b.indexOf(0x0a)), Buffer.from(' x'), b.subarray(b.indexOf(0x0a))]),
    ],
  ])('ignores a cache file that is %s (V8 would crash on bad data)', (_, damage) => {
    const file = cachedModule('intact');
    const cacheFile = file + CODE_CACHE_SUFFIX;
    fs.writeFileSync(cacheFile, damage(fs.readFileSync(cacheFile)));
    expect(load(file)).toEqual({ codeCache: 'corrupt', answer: 'intact' });
  });

  test('leaves a cache made under other V8 flags to V8, which rejects it', () => {
    const file = cachedModule('flags');
    expect(load(file, { nodeFlags: ['--max-lazy'] })).toEqual({ codeCache: 'rejected', answer: 'flags' });
  });

  test('decodes a file with non-ASCII characters as UTF-8', () => {
    const answer = 'Grüße, Straße 𝄞';
    const file = cachedModule(answer);
    expect(fs.readFileSync(file, 'utf8')).toContain(answer);
  });

  test('reports an error thrown at load with the file and line', () => {
    const dir = tmpDir('bundle-loader-');
    cleanup.push(dir);
    const file = path.join(dir, 'throws.js');
    fs.writeFileSync(file, "'use strict';\n\nthrow new Error('at load');\n");
    const r = spawnSync(
      process.execPath,
      ['-e', `require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(file)})`],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Error: at load');
    expect(r.stderr).toContain(`${file}:3:`);
  });
});

test('the bundle loader loads by require when source maps are on, so that stack traces name the sources', () => {
  const dir = tmpDir('bundle-loader-');
  cleanup.push(dir);
  const file = path.join(dir, 'mapped.js');
  // What esbuild writes for `throw new Error('mapped')` on line 3 of src.ts: the bundle's line 1 maps to it.
  const map = { version: 3, sources: ['src.ts'], names: [], mappings: 'AAEA' };
  fs.writeFileSync(`${file}.map`, JSON.stringify(map));
  fs.writeFileSync(file, "throw new Error('mapped');\n//# sourceMappingURL=mapped.js.map\n");
  const r = spawnSync(
    process.execPath,
    ['--enable-source-maps', '-e', `require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(file)})`],
    { encoding: 'utf8' },
  );
  expect(r.stderr).toContain(`${path.join(dir, 'src.ts')}:3:`);
});

describe("the build's bundle", () => {
  test('is ASCII only, which V8 keeps one byte per character', () => {
    const bytes = fs.readFileSync(BUNDLE);
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
  });

  test('has a code cache that a fresh CLI process uses', () => {
    const script = `
      const loaded = require(${JSON.stringify(LOADER)}).loadBundle(${JSON.stringify(BUNDLE)});
      process.stdout.write(loaded.codeCache + ' ' + typeof loaded.exports.runMain);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toBe('used function');
  });
});
