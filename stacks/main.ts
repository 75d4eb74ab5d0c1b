#!/usr/bin/env node
/**
 * The `talos-platform-cdk` CLI (`npm run synth`, `npm run validate`): one Node process, compiled JavaScript only.
 * In a source checkout a stale `build/` is recompiled first (see `rerunIfBuildIsStale`).
 */
import * as path from 'path';
import { cliBundle, cliModule, rerunIfBuildIsStale } from '../lib/cli/fresh-build';
import type * as BundleLoader from '../lib/cli/bundle-loader';
import type * as Credentials from '../lib/core/credentials';
import type * as Cli from './cli';

async function main(argv: readonly string[]): Promise<number> {
  const rerunCode = await rerunIfBuildIsStale(path.resolve(__dirname, '..', '..'), __filename, argv);
  if (rerunCode !== undefined) return rerunCode;
  // Loaded only after the freshness check, so a stale build is never required: the bundle of ./cli when it is
  // there and current (with its code cache), else ./cli itself (the same code, in about 840 files).
  // The loader (and the crypto it hashes with) only for the bundle: an installed package runs ./cli.
  const file = cliModule(__dirname);
  /* eslint-disable @typescript-eslint/no-require-imports */
  const bundle =
    file === cliBundle(__dirname)
      ? (require('../lib/cli/bundle-loader') as typeof BundleLoader).loadBundle(file)
      : undefined;
  const { runMain } = (bundle ? bundle.exports : require(file)) as typeof Cli;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // The bundle's hash names the code that parses the spec: its spec cache is valid for this code only.
  return runMain(argv, { codeIdentity: bundle?.sourceHash });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // An unexpected error may quote input (a URL with a token, control bytes): mask and escape it like every message.
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { safeForDisplay } = require('../lib/core/credentials') as typeof Credentials;
    process.stderr.write(`${text.split('\n').map(safeForDisplay).join('\n')}\n`);
    process.exitCode = 1;
  },
);
