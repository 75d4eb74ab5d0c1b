#!/usr/bin/env node
/**
 * The `talos-platform-cdk` CLI (`npm run synth`, `npm run validate`): one Node process, compiled JavaScript only.
 * In a source checkout a stale `build/` is recompiled first (see `rerunIfBuildIsStale`).
 */
import * as path from 'path';
import { rerunIfBuildIsStale } from '../lib/cli/fresh-build';
import type * as Credentials from '../lib/core/credentials';
import type * as Init from '../lib/cli/init';
import type * as Run from '../lib/cli/run';
import type * as Secrets from '../lib/cli/secrets';
import type * as Upgrade from '../lib/cli/upgrade';
import type * as Validate from '../lib/cli/validate';
import type * as Guard from '../lib/secrets/plaintext-guard';
import type * as Prefetch from '../lib/core/spec/prefetch';
import type { SpecPrefetch } from '../lib/core/spec/prefetch';
import type * as Load from './load';
import type * as Platform from './platform';

async function main(argv: readonly string[]): Promise<number> {
  const rerunCode = await rerunIfBuildIsStale(path.resolve(__dirname, '..', '..'), __filename, argv);
  if (rerunCode !== undefined) return rerunCode;
  // Loaded only after the freshness check, so a stale build is never required. The constructs, the loader and the
  // output checks are loaded only inside the commands that need them: their loading (about half a second) overlaps
  // the spec parse that prefetchConfig starts on a worker.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { runCli } = require('../lib/cli/run') as typeof Run;
  const { registerSecretsCommands } = require('../lib/cli/secrets') as typeof Secrets;
  const { registerUpgradeCommands } = require('../lib/cli/upgrade') as typeof Upgrade;
  const { registerInitCommand } = require('../lib/cli/init') as typeof Init;

  let prefetch: SpecPrefetch | undefined;
  /** The prefetch of `configDir`, once; undefined for another folder. */
  const prefetched = (configDir: string): SpecPrefetch | undefined => {
    const taken = prefetch?.configDir === configDir ? prefetch : undefined;
    if (!taken) prefetch?.stop();
    prefetch = undefined;
    return taken;
  };

  return runCli(argv, {
    prefetchConfig: (configDir) => {
      prefetch = (require('../lib/core/spec/prefetch') as typeof Prefetch).SpecPrefetch.start(configDir);
    },
    buildPlatform: (configDir, apps) => {
      const { buildPlatform } = require('./platform') as typeof Platform;
      const { loadConfigOrThrow } = require('./load') as typeof Load;
      buildPlatform(loadConfigOrThrow(configDir, { prefetched: prefetched(configDir) }), apps);
    },
    validate: (configDir) => {
      const { runValidate } = require('../lib/cli/validate') as typeof Validate;
      return runValidate(configDir, process.stdout, process.stderr, { prefetched: prefetched(configDir) });
    },
    outputChecks: [(output) => (require('../lib/secrets/plaintext-guard') as typeof Guard).plaintextGuard()(output)],
    extraCommands: [registerSecretsCommands, registerUpgradeCommands, registerInitCommand],
  });
  /* eslint-enable @typescript-eslint/no-require-imports */
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
