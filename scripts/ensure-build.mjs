// `npm ci` does not build (the shipped package has no install-time script), so a fresh clone has no build/. This
// compiles it once when it is missing; a build/ that exists but is older than the sources is recompiled by the CLI
// itself (lib/cli/fresh-build.ts), bundle included. With arguments it then runs the CLI in this same process
// (`node scripts/ensure-build.mjs synth ...`), so `npm run synth` costs no second npm or node start-up.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(root, 'build', 'stacks', 'main.js');
const require = createRequire(import.meta.url);

if (!existsSync(main)) {
  process.stderr.write('build/ is missing: compiling with tsc -p tsconfig.build.json ...\n');
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  // Then the CLI's bundle, as `npm run build` does (scripts/bundle-cli.mjs).
  const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle-cli.mjs')], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
if (process.argv.length > 2) {
  process.argv = [process.argv[0], main, ...process.argv.slice(2)];
  require(main);
}
