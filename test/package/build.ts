import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Makes `build/` current, the way the CLI does (`rerunIfBuildIsStale`, lib/cli/fresh-build.ts): compiles with
 * `tsc -p tsconfig.build.json` only when a source is newer than the last build, or when there is no build at all.
 */
export function ensureBuild(): void {
  const freshBuild = path.join(ROOT, 'build', 'lib', 'cli', 'fresh-build.js');
  const args = fs.existsSync(freshBuild)
    ? [
        '-e',
        'const { rerunIfBuildIsStale } = require(process.argv[1]);' +
          'rerunIfBuildIsStale(process.cwd(), process.argv[2], []).then((code) => { process.exitCode = code ?? 0; });',
        freshBuild,
        // Re-run after a rebuild: the package root, which has no side effects.
        path.join(ROOT, 'build', 'lib', 'index.js'),
      ]
    : [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', path.join(ROOT, 'tsconfig.build.json')];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`building build/ failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}

/**
 * The environment of a nested npm or node: without the `npm_*` variables of the `npm test` that runs jest
 * (`npm_config_local_prefix` would point npm back at this repository), and with the stock CLIs' network calls off.
 */
export function packageTestEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, NO_UPDATE_NOTIFIER: '1', CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_TELEMETRY: 'true' };
}

/** What a finished command printed. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` in `cwd` with {@link packageTestEnv}; throws with both streams when it exits non-zero. */
export function runCommand(command: string, args: readonly string[], cwd: string): CommandOutput {
  const r = spawnSync(command, args, { cwd, env: packageTestEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited with ${r.status ?? r.signal}\n` +
        `--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}${r.error ? `\n--- error\n${r.error.message}` : ''}`,
    );
  }
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Builds `build/` when stale, then `npm pack`s the library into `destination` (no lifecycle scripts) and returns the tarball. */
export function packLibrary(destination: string): string {
  ensureBuild();
  const packed = JSON.parse(
    runCommand('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], ROOT).stdout,
  ) as { filename: string }[];
  return path.join(destination, packed[0]!.filename);
}

/**
 * Creates an empty private project in `dir` and installs `dependencies` (name -> npm spec) into it from the npm cache
 * where it can. Returns npm's output; warnings are kept (log level `warn`) so a test can read them.
 */
export function installConsumer(dir: string, dependencies: Readonly<Record<string, string>>): CommandOutput {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: path.basename(dir), version: '0.0.0', private: true, dependencies }, null, 2)}\n`,
  );
  return runCommand('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=warn'], dir);
}
