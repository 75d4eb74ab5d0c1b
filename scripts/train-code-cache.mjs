#!/usr/bin/env node
// Run by scripts/bundle-cli.mjs after it wrote build/bin/cli.js: loads the bundle as the CLI does
// (lib/cli/bundle-loader.ts), runs one synth of the config in clusters/ into a temporary folder, and writes the
// bytecode V8 compiled for it as the bundle's code cache (build/bin/cli.js.code-cache). The synth's own exit code
// does not matter (an invalid clusters/ still compiles the loader and the checks); its output goes to the caller.
//
//   node scripts/train-code-cache.mjs
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// The compiled loader (a computed path: the type checker runs before anything is built).
/** @type {typeof import('../lib/cli/bundle-loader.js')} */
const { loadBundle, CODE_CACHE_SUFFIX } = require(path.join(root, 'build', 'lib', 'cli', 'bundle-loader.js'));

const bundle = path.join(root, 'build', 'bin', 'cli.js');
const scratch = mkdtempSync(path.join(tmpdir(), 'tpc-code-cache-'));
try {
  const loaded = loadBundle(bundle);
  const cli = /** @type {{ runMain(argv: string[]): Promise<number> }} */ (loaded.exports);
  const code = await cli.runMain([
    'synth',
    '--quiet',
    '--config',
    path.join(root, 'clusters'),
    '--tf-out',
    path.join(scratch, 'tf'),
    '--k8s-out',
    path.join(scratch, 'k8s'),
    '--state-dir',
    scratch,
  ]);
  loaded.writeCodeCache();
  const size = statSync(bundle + CODE_CACHE_SUFFIX).size;
  process.stdout.write(
    `train-code-cache: build/bin/cli.js${CODE_CACHE_SUFFIX} (${(size / 1048576).toFixed(1)} MiB, from a synth that ` +
      `exited ${code})\n`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
