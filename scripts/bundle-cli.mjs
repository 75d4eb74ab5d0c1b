#!/usr/bin/env node
// `npm run build`, after tsc: bundles the compiled CLI into build/bin/cli.js with esbuild, so that a synth loads one
// file instead of about 840 (cdktf, cdk8s, yaml, the bindings and lib/). build/stacks/main.js runs the bundle when it
// is not older than the compiled build, else the same code unbundled (cliModule in lib/cli/fresh-build.ts). The
// stage writer's worker is bundled beside it (build/bin/stage-writer-worker.js), where the bundled code looks for it
// (the `__dirname` of the bundle). Each file is written under a temporary name and renamed, so a killed build never
// leaves a partial bundle that looks current. Then scripts/train-code-cache.mjs writes V8's code cache beside the
// bundle (lib/cli/bundle-loader.ts). Both stay in build/ (not committed, not in the npm package).
//
//   node scripts/bundle-cli.mjs
import { renameSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outdir = path.join(root, 'build', 'bin');
const entryPoints = {
  cli: path.join(root, 'build', 'stacks', 'cli.js'),
  'stage-writer-worker': path.join(root, 'build', 'lib', 'core', 'synth', 'stage-writer-worker.js'),
};

let esbuild;
try {
  esbuild = require('esbuild');
} catch {
  // `npm ci --omit=dev`: no bundler, so the CLI runs unbundled (a bundle left from before is older than the build).
  process.stderr.write('bundle-cli: esbuild is not installed; the CLI runs unbundled\n');
  process.exit(0);
}
for (const [name, file] of Object.entries(entryPoints)) {
  if (!existsSync(file)) {
    process.stderr.write(
      `bundle-cli: ${path.relative(root, file)} is missing (${name}); run tsc -p tsconfig.build.json first\n`,
    );
    process.exit(1);
  }
}
// The compiled loader (a computed path: the type checker runs before anything is built).
/** @type {typeof import('../lib/cli/bundle-loader.js')} */
const { CODE_CACHE_SUFFIX } = require(path.join(root, 'build', 'lib', 'cli', 'bundle-loader.js'));

const t0 = performance.now();
const result = esbuild.buildSync({
  absWorkingDir: root,
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // A stack trace names the bundle's lines; `node --enable-source-maps` maps them back to build/ and the sources.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'silent',
  write: false,
});
const problems = [...result.errors, ...result.warnings];
if (problems.length > 0) {
  // A warning (a dynamic require, say) means the bundle may not behave as the modules do: fail the build.
  const text = esbuild.formatMessagesSync(problems, { kind: 'warning' }).join('\n');
  process.stderr.write(`bundle-cli: esbuild reported ${problems.length} problem(s):\n${text}\n`);
  process.exit(1);
}
mkdirSync(outdir, { recursive: true });
// The code cache of the bundle being replaced: train-code-cache.mjs writes the new one below.
rmSync(path.join(outdir, `cli.js${CODE_CACHE_SUFFIX}`), { force: true });
let bytes = 0;
for (const file of result.outputFiles) {
  const contents = file.path.endsWith('.js') ? asciiOnly(file.text, file.path) : file.contents;
  const tmp = `${file.path}.tmp-${process.pid}`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file.path);
  bytes += Buffer.byteLength(contents);
}
process.stderr.write(
  `bundle-cli: build/bin/ (${result.outputFiles.length} files, ${(bytes / 1048576).toFixed(1)} MiB) in ` +
    `${Math.round(performance.now() - t0)} ms\n`,
);

// V8's code cache for the bundle, from a synth of the bundled example in a process of its own (its V8 flags are the
// CLI's). Without it the CLI only starts slower: a failure is reported, never fatal.
const trained = spawnSync(process.execPath, [path.join(root, 'scripts', 'train-code-cache.mjs')], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
const status = trained.stdout.split('\n').filter((line) => line.startsWith('train-code-cache: '));
process.stderr.write(
  trained.status === 0 && status.length === 1
    ? `${status[0]}\n`
    : `bundle-cli: no code cache (train-code-cache.mjs exited ${trained.status ?? trained.signal}); the CLI starts ` +
        `without it\n${trained.stdout}${trained.stderr}`,
);

/**
 * `text` with only ASCII characters, which V8 keeps one byte per character. esbuild escapes every non-ASCII
 * character in code (its default charset) but not in the doc comments it keeps: those become `?` (one per UTF-16
 * unit, so the source map's columns stay). Each such line must read as a comment line (esbuild prints the comments
 * it keeps on lines of their own); when one does not, esbuild minifying both texts must prove nothing else changed.
 */
function asciiOnly(text, file) {
  const ascii = text.replace(/[\u0080-\uffff]/g, '?');
  if (ascii === text) return text;
  const lines = text.split('\n').filter((line) => /[\u0080-\uffff]/.test(line));
  if (lines.every((line) => /^\s*(\/\/|\/\*|\*)/.test(line))) return ascii;
  const code = (t) =>
    esbuild.transformSync(t, { minifyWhitespace: true, legalComments: 'none', logLevel: 'silent' }).code;
  if (code(ascii) !== code(text)) {
    process.stderr.write(`bundle-cli: ${path.relative(root, file)} has non-ASCII characters outside comments\n`);
    process.exit(1);
  }
  return ascii;
}
