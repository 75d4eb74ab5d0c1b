import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Source folders compiled into `build/` (relative to the repository root). */
const SOURCE_DIRS = ['lib', 'stacks', 'imports', 'schemas'];

/**
 * In a source checkout, makes sure the compiled JavaScript the CLI runs is not older than the TypeScript sources:
 * if a source file changed since the last build, recompiles with `tsc -p tsconfig.build.json` and re-runs the same
 * command on the fresh build. Synth itself never compiles TypeScript; an unchanged tree costs a few stat calls.
 *
 * Returns the exit code of the re-run, or `undefined` when the build was fresh (or this is an installed package
 * without sources) and the caller should go on. SIGINT, SIGTERM and SIGHUP are forwarded to the child, so killing
 * `npm run synth` stops the compile or the synth instead of leaving a child that writes the outputs later.
 */
export async function rerunIfBuildIsStale(
  repoRoot: string,
  scriptPath: string,
  argv: readonly string[],
): Promise<number | undefined> {
  const tsconfig = path.join(repoRoot, 'tsconfig.build.json');
  if (!fs.existsSync(tsconfig) || process.env.TPC_NO_REBUILD === '1') return undefined;
  const stamp = path.join(repoRoot, 'build', '.tsbuildinfo');
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (built > 0 && !SOURCE_DIRS.some((d) => newerThan(path.join(repoRoot, d), built))) {
    // A build compiled by tsc alone (scripts/graph.mjs, a test's build, a hand-run tsc): bundle it once.
    await bundleIfStale(repoRoot);
    return undefined;
  }

  process.stderr.write('build/ is older than the sources: compiling with tsc -p tsconfig.build.json ...\n');
  const tsc = require.resolve('typescript/bin/tsc', { paths: [repoRoot] });
  const compiled = await runForwardingSignals([tsc, '-p', tsconfig], process.env);
  if (compiled !== 0) return compiled;
  // tsc leaves the stamp alone when no output changed (e.g. a file was only touched): mark the build fresh.
  const now = new Date();
  if (fs.existsSync(stamp)) fs.utimesSync(stamp, now, now);
  // Then the bundle, as `npm run build` writes it (after the stamp, so cliModule takes it).
  await bundleIfStale(repoRoot);
  return runForwardingSignals([scriptPath, ...argv], { ...process.env, TPC_NO_REBUILD: '1' });
}

/**
 * Runs `scripts/bundle-cli.mjs` when the compiled build has no current bundle (see {@link cliModule}) and esbuild is
 * installed. A bundle that fails (the script says why) leaves the CLI running the same code unbundled.
 */
async function bundleIfStale(repoRoot: string): Promise<void> {
  const stacksDir = path.join(repoRoot, 'build', 'stacks');
  const bundler = path.join(repoRoot, 'scripts', 'bundle-cli.mjs');
  if (process.env.TPC_UNBUNDLED === '1' || cliModule(stacksDir) !== path.join(stacksDir, 'cli')) return;
  if (!fs.existsSync(bundler) || !fs.existsSync(path.join(stacksDir, 'cli.js'))) return;
  try {
    require.resolve('esbuild', { paths: [repoRoot] });
  } catch {
    return; // `npm ci --omit=dev`: no bundler, and no note at every run
  }
  await runForwardingSignals([bundler], process.env);
}

/**
 * The module the CLI runs, given the folder of the compiled `main.js`: the bundle `build/bin/cli.js` that
 * `npm run build` writes (scripts/bundle-cli.mjs) when it exists and is not older than the compiled build (the
 * `.tsbuildinfo` stamp), else `cli.js` beside `main.js`: the same code, in about 840 files instead of one. A build
 * compiled without bundling (`tsc` alone) is newer than its bundle, so its code runs, not the bundle's, and
 * {@link rerunIfBuildIsStale} bundles it before that run goes on.
 * `TPC_UNBUNDLED=1` always takes the unbundled one.
 */
export function cliModule(stacksDir: string): string {
  const unbundled = path.join(stacksDir, 'cli');
  if (process.env.TPC_UNBUNDLED === '1') return unbundled;
  const bundle = cliBundle(stacksDir);
  const stamp = path.join(stacksDir, '..', '.tsbuildinfo');
  try {
    const bundled = fs.statSync(bundle).mtimeMs;
    const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
    return bundled >= built ? bundle : unbundled;
  } catch {
    return unbundled; // no bundle
  }
}

/** The CLI bundle `npm run build` writes, given the folder of the compiled `main.js`: `build/bin/cli.js`. */
export function cliBundle(stacksDir: string): string {
  return path.join(stacksDir, '..', 'bin', 'cli.js');
}

const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Runs `node <args>`, passing this process's termination signals on; resolves to its exit code (128 + n if killed). */
function runForwardingSignals(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...args], { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    for (const s of FORWARDED_SIGNALS) process.on(s, forward);
    const done = (code: number): void => {
      for (const s of FORWARDED_SIGNALS) process.off(s, forward);
      resolve(code);
    };
    child.on('error', () => done(1));
    child.on('exit', (code, signal) => done(code ?? 128 + (signal ? (osSignalNumber(signal) ?? 0) : 1)));
  });
}

function osSignalNumber(signal: NodeJS.Signals): number | undefined {
  return (os.constants.signals as Record<string, number>)[signal];
}

function newerThan(dir: string, time: number): boolean {
  if (!fs.existsSync(dir)) return false;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (newerThan(p, time)) return true;
    } else if (/\.(ts|json)$/.test(entry.name) && fs.statSync(p).mtimeMs > time) {
      return true;
    }
  }
  return false;
}
