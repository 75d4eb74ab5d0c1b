// `npm run bench`: synthesis benchmarks, measured side by side in one run, printed as a table and written to
// reports/bench.json. A report, never a pass/fail gate (no timing assertions anywhere).
//
//   (a) our path: `npm run synth` (one Node process, compiled JS), and the bare `node build/stacks/main.js synth`;
//   (b) the stock path on the same app: `cdktf synth` + `cdk8s synth` from their CLIs with their default TypeScript
//       runner (ts-node, from cdktf.json and cdk8s.yaml), checked to write byte-identical files;
//   (c) scaling: 1, 10, 100, 500 and 1000 generated workload clusters: median time, peak RSS, per-cluster slope,
//       and the median of each synth phase (`synth --timings`) at every size. The warm-up fills the spec cache, so
//       these are re-synths of unchanged spec files; the largest size is measured once more with an empty spec cache
//       at every run (files read for the first time, as in a fresh CI job);
//   (d) `require()` of the package root, and `tsc --noEmit` on the whole repo;
//   (e) with `--baseline <dir>` (a folder holding another version's `build/` and `node_modules/`, e.g. a copy of
//       `build/` taken before a change with `node_modules` linked beside it): the example and every size synthesized
//       by both versions in turn, run after run, so a busy machine slows both alike; medians of wall time and CPU
//       time, peak RSS, the median of each synth phase, and the ratio current / baseline. Each side keeps its own spec
//       cache (re-synths); the largest size is compared once more with an empty cache at every run.
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  existsSync,
  readdirSync,
} from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, dirname, relative, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateConfig } from './gen-clusters.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', '5'));
const SIZES = opt('--sizes', '1,10,100,500,1000').split(',').map(Number);
const SKIP_STOCK = args.includes('--skip-stock');
const BASELINE = opt('--baseline', undefined);
const scratch = mkdtempSync(join(tmpdir(), 'tpc-bench-'));
// The CLI's spec cache (lib/cli/spec-cache.ts) of every run lives in the scratch folder, not in the user's.
const env = {
  ...process.env,
  CHECKPOINT_DISABLE: '1',
  CDKTF_DISABLE_TELEMETRY: 'true',
  CI: 'true',
  NO_COLOR: '1',
  XDG_CACHE_HOME: join(scratch, 'cache'),
};
// KEEP_OUTPUTS: every run writes a new output folder and none is deleted before the end. On ext4 without a journal
// (as on the CI machines), creating a file skips every inode freed in the last 60 to 300 s, reading each one's
// deletion time (`recently_deleted()` in fs/ext4/ialloc.c): deleting 7000 files right before a run made that run's
// writes several times slower, a cost of the bench's own clean-up that no user's first synth pays.

let lastStderr = '';
function run(cmd, argv, extraEnv = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: root, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  lastStderr = r.stderr;
  return ms;
}
/** The phase timings `synth --timings` printed last, e.g. { build: 812, validate: 95, ... }. */
function lastTimings() {
  const m = /synth: timings (.*) \(ms\)/.exec(lastStderr);
  return m
    ? Object.fromEntries(
        m[1]
          .split(' ')
          .map((kv) => kv.split('='))
          .map(([k, v]) => [k, Number(v)]),
      )
    : {};
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** One warm-up, then RUNS timed runs; returns the median and all samples. */
function measure(label, fn) {
  fn();
  const samples = [];
  for (let i = 0; i < RUNS; i++) samples.push(fn());
  const result = { label, medianMs: round(median(samples)), samplesMs: samples.map(round) };
  process.stderr.write(`  ${label}: median ${result.medianMs} ms\n`);
  return result;
}
const round = (x) => Math.round(x * 10) / 10;

function listTree(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}
// Synth's own bookkeeping (the list of files it owns), which the stock cdktf CLI does not write: not an output.
const OWN_MANIFEST = '.talos-platform-cdk.manifest';
/** Compares the stock tree `a` with ours `b`, file by file, byte by byte (synth's own manifest left out). */
function compareTrees(a, b) {
  const fa = listTree(a).filter((f) => f !== OWN_MANIFEST);
  const fb = listTree(b).filter((f) => f !== OWN_MANIFEST);
  const diffs = [];
  for (const f of new Set([...fa, ...fb])) {
    if (!fa.includes(f)) diffs.push(`only in ours: ${f}`);
    else if (!fb.includes(f)) diffs.push(`only in stock: ${f}`);
    else if (!readFileSync(join(a, f)).equals(readFileSync(join(b, f)))) diffs.push(`differs: ${f}`);
  }
  return { files: fa.length, identical: diffs.length === 0, diffs: diffs.slice(0, 20) };
}

const report = {
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: round(totalmem() / 2 ** 30),
    node: process.version,
  },
  runs: RUNS,
  date: new Date().toISOString(),
};
process.stderr.write(`bench: ${RUNS} runs after one warm-up each, scratch ${scratch}\n`);
run(process.execPath, ['build/stacks/main.js', 'validate']); // rebuilds build/ first if a source changed

// (a) our path
const oursTf = join(scratch, 'ours', 'cdktf.out');
const oursK8s = join(scratch, 'ours', 'dist');
const npmCli = process.env.npm_execpath;
const npmCmd = npmCli ? process.execPath : 'npm';
const npmPrefix = npmCli ? [npmCli] : [];
report.ours = measure('npm run synth', () =>
  run(npmCmd, [...npmPrefix, 'run', '--silent', 'synth', '--', '--tf-out', oursTf, '--k8s-out', oursK8s]),
);
// Peak RSS of the example, to put beside the 1000-cluster row.
const exampleRss = join(scratch, 'rss-example');
run(
  process.execPath,
  [
    '-r',
    './bench/rss-reporter.cjs',
    'build/stacks/main.js',
    'synth',
    '--quiet',
    '--tf-out',
    oursTf,
    '--k8s-out',
    oursK8s,
  ],
  { BENCH_RSS_FILE: exampleRss },
);
report.ours.peakRssMB = round(Number(readFileSync(exampleRss, 'utf8')) / 2 ** 20);
report.oursDirect = measure('node build/stacks/main.js synth', () =>
  run(process.execPath, ['build/stacks/main.js', 'synth', '--tf-out', oursTf, '--k8s-out', oursK8s]),
);

// (b) the stock CLIs on the same app
if (!SKIP_STOCK) {
  const stockTf = join(scratch, 'stock', 'cdktf.out');
  const stockK8s = join(scratch, 'stock', 'dist');
  const cdktf = join(root, 'node_modules', '.bin', 'cdktf');
  const cdk8s = join(root, 'node_modules', '.bin', 'cdk8s');
  mkdirSync(join(scratch, 'stock'), { recursive: true });
  const tfRuns = [];
  const k8sRuns = [];
  report.stock = measure('cdktf synth + cdk8s synth', () => {
    const a = run(cdktf, ['synth', '--output', stockTf]);
    const b = run(cdk8s, ['synth', '--output', stockK8s]);
    tfRuns.push(a);
    k8sRuns.push(b);
    return a + b;
  });
  report.stock.cdktfMedianMs = round(median(tfRuns.slice(1)));
  report.stock.cdk8sMedianMs = round(median(k8sRuns.slice(1)));
  report.speedup = round(report.stock.medianMs / report.ours.medianMs);
  report.identical = { cdktf: compareTrees(stockTf, oursTf), dist: compareTrees(stockK8s, oursK8s) };
}

// (c) scaling with generated clusters
report.scaling = [];
for (const n of SIZES) {
  const cfg = join(scratch, `clusters-${n}`);
  generateConfig(root, cfg, n);
  const rssFile = join(scratch, `rss-${n}`);
  const rss = [];
  const phases = [];
  // A fresh output every run (the first synth of a platform: every file is written, nothing is compared equal).
  let k = 0;
  const synthOnce = (extraEnv) => {
    const out = join(scratch, `out-${n}-${k++}`);
    const ms = run(
      process.execPath,
      [
        '-r',
        './bench/rss-reporter.cjs',
        'build/stacks/main.js',
        'synth',
        '--quiet',
        '--timings',
        '--config',
        cfg,
        '--tf-out',
        join(out, 'tf'),
        '--k8s-out',
        join(out, 'k8s'),
      ],
      { BENCH_RSS_FILE: rssFile, ...extraEnv },
    );
    rss.push(Number(readFileSync(rssFile, 'utf8')));
    phases.push(lastTimings());
    return ms; // the output stays until the end of the bench (see KEEP_OUTPUTS)
  };
  const summary = (r) => {
    const row = {
      medianMs: r.medianMs,
      peakRssMB: round(Math.max(...rss) / 2 ** 20),
      phaseMs: Object.fromEntries(Object.keys(phases[0] ?? {}).map((p) => [p, median(phases.map((x) => x[p]))])),
    };
    rss.length = 0;
    phases.length = 0;
    return row;
  };
  const row = { clusters: n, ...summary(measure(`${n} clusters`, () => synthOnce({}))) };
  if (n === Math.max(...SIZES)) {
    // Each run with a cache folder of its own: every spec file parsed, and the cache written.
    const cold = measure(`${n} clusters, empty spec cache`, () =>
      synthOnce({ XDG_CACHE_HOME: join(scratch, `cache-empty-${k}`) }),
    );
    row.emptySpecCache = summary(cold);
  }
  report.scaling.push(row);
}
// (e) this build against a baseline build, interleaved
if (BASELINE) {
  const sides = [
    ['baseline', join(resolvePath(BASELINE), 'build', 'stacks', 'main.js')],
    ['current', join(root, 'build', 'stacks', 'main.js')],
  ];
  for (const [, main] of sides) if (!existsSync(main)) throw new Error(`--baseline: ${main} does not exist`);
  const rssFile = join(scratch, 'ab-rss');
  const cpuFile = join(scratch, 'ab-cpu');
  let abRun = 0;
  // Each side keeps its own spec cache (one cache file per config folder names the build that wrote it, so a shared
  // folder would have each side evict the other's, and both would run cold).
  const once = (main, cfg, cacheDir) => {
    const out = join(scratch, 'ab-out');
    const cfgArgs = cfg ? ['--config', cfg] : [];
    const ms = run(
      process.execPath,
      [
        '-r',
        './bench/rss-reporter.cjs',
        main,
        'synth',
        '--quiet',
        '--timings',
        ...cfgArgs,
        '--tf-out',
        join(out, 'tf'),
        '--k8s-out',
        join(out, 'k8s'),
      ],
      { BENCH_RSS_FILE: rssFile, BENCH_CPU_FILE: cpuFile, TPC_NO_REBUILD: '1', XDG_CACHE_HOME: cacheDir },
    );
    const sample = {
      ms,
      cpuMs: Number(readFileSync(cpuFile, 'utf8')),
      rss: Number(readFileSync(rssFile, 'utf8')),
      phases: lastTimings(),
    };
    renameSync(out, join(scratch, `ab-out-${abRun++}`)); // kept until the end (see KEEP_OUTPUTS)
    return sample;
  };
  report.baseline = { dir: resolvePath(BASELINE), rows: [] };
  let emptyCaches = 0;
  const compare = (what, cfg, cacheDir) => {
    for (const [side, main] of sides) once(main, cfg, cacheDir(side)); // warm-up
    const samples = Object.fromEntries(sides.map(([side]) => [side, []]));
    for (let i = 0; i < RUNS; i++)
      for (const [side, main] of sides) samples[side].push(once(main, cfg, cacheDir(side)));
    const stats = (xs) => ({
      medianMs: round(median(xs.map((x) => x.ms))),
      cpuMedianMs: round(median(xs.map((x) => x.cpuMs))),
      peakRssMB: round(Math.max(...xs.map((x) => x.rss)) / 2 ** 20),
      // median of each synth phase (`synth --timings`), so a change shows where it saved time
      phaseMs: Object.fromEntries(
        Object.keys(xs[0].phases).map((phase) => [phase, round(median(xs.map((x) => x.phases[phase] ?? 0)))]),
      ),
    });
    const row = { what, baseline: stats(samples.baseline), current: stats(samples.current) };
    row.wallRatio = Math.round((row.current.medianMs / row.baseline.medianMs) * 100) / 100;
    row.cpuRatio = Math.round((row.current.cpuMedianMs / row.baseline.cpuMedianMs) * 100) / 100;
    report.baseline.rows.push(row);
    process.stderr.write(
      `  ${row.what}: baseline ${row.baseline.medianMs} ms (cpu ${row.baseline.cpuMedianMs}), current ` +
        `${row.current.medianMs} ms (cpu ${row.current.cpuMedianMs}), cpu ratio ${row.cpuRatio}\n`,
    );
  };
  // re-synths: the warm-up fills each side's cache
  for (const n of [undefined, ...SIZES]) {
    const cfg = n === undefined ? undefined : join(scratch, `clusters-${n}`);
    compare(n === undefined ? 'example' : `${n} clusters`, cfg, (side) => join(scratch, `ab-cache-${side}`));
  }
  // first synths: every run with a cache folder of its own
  if (SIZES.length) {
    const n = Math.max(...SIZES);
    compare(`${n} clusters, empty spec cache`, join(scratch, `clusters-${n}`), () =>
      join(scratch, `ab-cache-empty-${emptyCaches++}`),
    );
  }
}

if (report.scaling.length >= 2) {
  // Least-squares slope of median time over cluster count.
  const xs = report.scaling.map((s) => s.clusters);
  const ys = report.scaling.map((s) => s.medianMs);
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  report.perClusterMs = round(slope);
}

// (d) require() of the package root, and tsc --noEmit
report.requireRoot = measure('require(package root)', () =>
  run(process.execPath, ['-e', "require('./build/lib/index.js')"]),
);
report.requireRoot.note = 'whole `node -e require(...)` process; node start-up alone is measured below';
report.nodeStartup = measure('node -e 0 (start-up baseline)', () => run(process.execPath, ['-e', '0']));
const tscStart = process.hrtime.bigint();
run(process.execPath, [
  join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
  '--noEmit',
  '-p',
  'tsconfig.json',
  '--incremental',
  'false',
]);
report.tscNoEmitMs = round(Number(process.hrtime.bigint() - tscStart) / 1e6);

rmSync(scratch, { recursive: true, force: true });
mkdirSync(join(root, 'reports'), { recursive: true });
writeFileSync(join(root, 'reports', 'bench.json'), JSON.stringify(report, null, 2) + '\n');

const rows = [
  ['npm run synth (example platform)', `${report.ours.medianMs} ms, peak RSS ${report.ours.peakRssMB} MB`],
  ['node build/stacks/main.js synth', `${report.oursDirect.medianMs} ms`],
];
if (report.stock) {
  rows.push([
    'cdktf synth + cdk8s synth (stock)',
    `${report.stock.medianMs} ms (${report.stock.cdktfMedianMs} + ${report.stock.cdk8sMedianMs})`,
  ]);
  rows.push(['speed-up (stock / npm run synth)', `${report.speedup}x`]);
  rows.push([
    'identical output',
    `cdktf.out: ${report.identical.cdktf.identical} (${report.identical.cdktf.files} files), dist: ${report.identical.dist.identical} (${report.identical.dist.files} files)`,
  ]);
}
for (const s of report.scaling) {
  const phases = Object.entries(s.phaseMs)
    .map(([p, ms]) => `${p} ${ms}`)
    .join(', ');
  rows.push([`${s.clusters} workload clusters`, `${s.medianMs} ms, peak RSS ${s.peakRssMB} MB (phases ms: ${phases})`]);
  if (s.emptySpecCache) {
    const e = s.emptySpecCache;
    const ep = Object.entries(e.phaseMs)
      .map(([p, ms]) => `${p} ${ms}`)
      .join(', ');
    rows.push([
      `${s.clusters} workload clusters, empty spec cache`,
      `${e.medianMs} ms, peak RSS ${e.peakRssMB} MB (phases ms: ${ep})`,
    ]);
  }
}
if (report.perClusterMs !== undefined) rows.push(['per-cluster slope', `${report.perClusterMs} ms`]);
for (const r of report.baseline?.rows ?? []) {
  const phases = (s) =>
    Object.keys(s.phaseMs).length
      ? ` (phases ms: ${Object.entries(s.phaseMs)
          .map(([p, ms]) => `${p} ${ms}`)
          .join(', ')})`
      : '';
  const side = (s) => `${s.medianMs} ms (CPU ${s.cpuMedianMs} ms), peak RSS ${s.peakRssMB} MB${phases(s)}`;
  rows.push([
    `${r.what}: baseline / current`,
    `${side(r.baseline)} / ${side(r.current)}; ratio wall ${r.wallRatio}, CPU ${r.cpuRatio}`,
  ]);
}
rows.push([
  'require(package root), whole process',
  `${report.requireRoot.medianMs} ms (node start-up ${report.nodeStartup.medianMs} ms)`,
]);
rows.push(['tsc --noEmit (whole repo, no incremental)', `${report.tscNoEmitMs} ms`]);
const w = Math.max(...rows.map((r) => r[0].length));
const lines = [
  `bench on ${report.machine.cpus} x ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, node ${report.machine.node}; median of ${RUNS} runs after one warm-up`,
  ...rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`),
];
if (report.identical && (!report.identical.cdktf.identical || !report.identical.dist.identical)) {
  lines.push(`output differences: ${JSON.stringify(report.identical)}`);
}
writeFileSync(join(root, 'reports', 'bench.txt'), lines.join('\n') + '\n');
console.log(`\n${lines.join('\n')}\n\nwritten: reports/bench.json, reports/bench.txt`);
