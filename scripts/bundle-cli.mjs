#!/usr/bin/env node
// `npm run build`, after tsc: bundles the compiled CLI into build/bin/cli.js with esbuild, so that a synth loads one
// file instead of about 840 (cdktf, cdk8s, yaml, the bindings and lib/). build/stacks/main.js runs the bundle when it
// is not older than the compiled build, else the same code unbundled (cliModule in lib/cli/fresh-build.ts). The
// stage writer's worker is bundled beside it (build/bin/stage-writer-worker.js), where the bundled code looks for it
// (the `__dirname` of the bundle). Each file is written under a temporary name and renamed, so a killed build never
// leaves a partial bundle that looks current. The bundle stays in build/ (not committed, not in the npm package).
//
//   node scripts/bundle-cli.mjs
import { renameSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
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
for (const file of result.outputFiles) {
  const tmp = `${file.path}.tmp-${process.pid}`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}
const bytes = result.outputFiles.reduce((n, f) => n + f.contents.length, 0);
process.stderr.write(
  `bundle-cli: build/bin/ (${result.outputFiles.length} files, ${(bytes / 1048576).toFixed(1)} MiB) in ` +
    `${Math.round(performance.now() - t0)} ms\n`,
);
