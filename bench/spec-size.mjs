// `node bench/spec-size.mjs`: how the loader scales with hostile input sizes (issue 16). A report, never a gate:
// it prints one line per case (bytes, median ms of --runs runs, errors) and writes reports/bench-spec-size.json.
// Cases: 80,000 unknown keys (~0.8 MB, quadratic before: over 120 s), 80,000 duplicate keys, a 1 MB block scalar,
// 10,000 list entries, and a file just over the size limit (refused before parsing). Uses the compiled build/.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { loadPlatformConfig } = require(join(root, 'build', 'lib', 'core', 'spec', 'load.js'));
const { MAX_SPEC_FILE_BYTES } = require(join(root, 'build', 'lib', 'core', 'spec', 'read-spec-file.js'));
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 3);
const valid = join(root, 'test', 'fixtures', 'valid');
const cluster = readFileSync(join(valid, 'prod', 'prod.yaml'), 'utf8');

const CASES = {
  'unknown keys x80000': () => `${cluster}\n${Array.from({ length: 80_000 }, (_, i) => `k${i}: 1`).join('\n')}\n`,
  'duplicate keys x80000': () => `${cluster}\n${Array.from({ length: 80_000 }, () => 'dup: 1').join('\n')}\n`,
  'block scalar 1 MB': () => `${cluster}\nnote: |\n${'  0123456789abcdef\n'.repeat(55_000)}`,
  'list entries x10000': () =>
    cluster.replace(
      'labels:\n  team: platform',
      `labels:\n  team: platform\nextra:\n${'  - 10.30.0.1\n'.repeat(10_000)}`,
    ),
  'over the size limit': () => `# ${'x'.repeat(MAX_SPEC_FILE_BYTES)}\n`,
};

const results = [];
for (const [name, make] of Object.entries(CASES)) {
  const dir = mkdtempSync(join(tmpdir(), 'tpc-spec-size-'));
  cpSync(valid, dir, { recursive: true });
  const file = join(dir, 'prod', 'prod.yaml');
  writeFileSync(file, make());
  const times = [];
  let errors = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = loadPlatformConfig(dir);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    errors = r.ok ? 0 : r.errors.length;
  }
  rmSync(dir, { recursive: true, force: true });
  const ms = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const bytes = Buffer.byteLength(make());
  results.push({ name, bytes, ms: Math.round(ms), errors });
  console.log(
    `${name.padEnd(24)} ${String(bytes).padStart(9)} bytes ${String(Math.round(ms)).padStart(7)} ms  ${errors} errors`,
  );
}
mkdirSync(join(root, 'reports'), { recursive: true });
writeFileSync(join(root, 'reports', 'bench-spec-size.json'), `${JSON.stringify({ runs: RUNS, results }, null, 2)}\n`);
