/**
 * The parse worker changes the time, never the result: the loader gives the same result (config, or every error in
 * order) with it as without, for every fixture and a generated folder; it never uses data of text it did not read
 * itself; it falls back when the worker fails; and it starts no worker where one does not pay.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { discoverSpecFiles } from '../../lib/core/spec/discover';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import { invalidFixtures, overlayFixture } from './fixture-overlay';
import { REPO_ROOT, SpecPrefetch, given, loadWithWorker, workerParse } from './prefetch-worker';
import { tmpConfig } from './tmp-config';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');
const validFixtures = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.startsWith('valid'))
  .map((name) => path.join(FIXTURES, name));

let tmp: string;
let generated: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-prefetch-'));
  generated = path.join(tmp, 'c200');
  const script = `import(${JSON.stringify(path.join(REPO_ROOT, 'bench', 'gen-clusters.mjs'))})
    .then((m) => m.generateConfig(${JSON.stringify(REPO_ROOT)}, ${JSON.stringify(generated)}, 200))`;
  execFileSync(process.execPath, ['-e', script]);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.each(validFixtures)('%s: the same config, every file from the worker', (dir) => {
  const { result, offered } = loadWithWorker(dir);
  expect(result.ok).toBe(true);
  expect(result).toStrictEqual(loadPlatformConfig(dir));
  expect(offered).toBe(discoverSpecFiles(dir).files.length);
});

test('every invalid fixture: the same errors, in the same order', () => {
  const fixtures = invalidFixtures();
  expect(fixtures.length).toBeGreaterThanOrEqual(25);
  for (const fixture of fixtures) {
    const dir = overlayFixture(fixture);
    try {
      const { result, offered } = loadWithWorker(dir);
      expect({ fixture, result }).toStrictEqual({ fixture, result: loadPlatformConfig(dir) });
      expect({ fixture, ok: result.ok }).toEqual({ fixture, ok: false });
      expect(offered).toBeGreaterThan(0); // at least the untouched files of the base came from the worker
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('200 generated clusters: the same config, from the worker alone or split with this thread', () => {
  const expected = loadPlatformConfig(generated);
  expect(expected.ok && expected.config.clusters.length).toBe(200);
  const alone = loadWithWorker(generated);
  expect(alone.offered).toBe(201);
  expect(alone.result).toStrictEqual(expected);
  expect(loadWithWorker(generated, true).result).toStrictEqual(expected);
});

test('a file changed after the worker read it is parsed again', () => {
  const dir = tmpConfig();
  const file = path.join(dir, 'prod', 'prod.yaml');
  const taken = workerParse(dir);
  const before = fs.readFileSync(file, 'utf8');
  expect(taken.get(file)?.text).toBe(before);
  fs.writeFileSync(file, before.replace(/^name: .*$/m, 'name: Not_A_Name'));
  const result = loadPlatformConfig(dir, { prefetched: given(taken) });
  expect(result.ok).toBe(false); // the worker's stale data would have loaded
  expect(result).toStrictEqual(loadPlatformConfig(dir));
});

test('a worker that fails gives nothing, and the loader parses every file itself', () => {
  const script = path.join(tmp, 'fails.js');
  const compiled = path.join(REPO_ROOT, 'build', 'lib', 'core', 'blocking-worker.js');
  fs.writeFileSync(
    script,
    `require(${JSON.stringify(compiled)}).serveBlocking(require('worker_threads').workerData, () => {\n` +
      `  throw new Error('no');\n}, () => undefined);\n`,
  );
  const taken = workerParse(generated, script);
  expect(taken.size).toBe(0);
  expect(loadPlatformConfig(generated, { prefetched: given(taken) })).toStrictEqual(loadPlatformConfig(generated));
});

test('no worker below the threshold, nor without the compiled script', () => {
  expect(discoverSpecFiles(generated).files.length).toBeGreaterThanOrEqual(50);
  const started = SpecPrefetch.start(generated);
  expect(started).toBeDefined();
  started?.stop();
  expect(SpecPrefetch.start(tmpConfig())).toBeUndefined();
  expect(SpecPrefetch.start(generated, { script: path.join(tmp, 'missing.js') })).toBeUndefined();
});
