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
