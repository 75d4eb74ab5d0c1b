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
import type * as Load from './load';
import type * as Platform from './platform';

async function main(argv: readonly string[]): Promise<number> {
  const rerunCode = await rerunIfBuildIsStale(path.resolve(__dirname, '..', '..'), __filename, argv);
  if (rerunCode !== undefined) return rerunCode;
  // Loaded only after the freshness check, so a stale build is never required. The constructs, the loader and the
  // output checks (about half a second) are loaded only by the commands that need them: `validate`, `--help` and a
  // usage error do not wait for cdktf and cdk8s.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { runCli } = require('../lib/cli/run') as typeof Run;
  const { registerSecretsCommands } = require('../lib/cli/secrets') as typeof Secrets;
  const { registerUpgradeCommands } = require('../lib/cli/upgrade') as typeof Upgrade;
  const { registerInitCommand } = require('../lib/cli/init') as typeof Init;

  return runCli(argv, {
    buildPlatform: (configDir, apps) => {
      const { buildPlatform } = require('./platform') as typeof Platform;
      const { loadConfigOrThrow } = require('./load') as typeof Load;
      buildPlatform(loadConfigOrThrow(configDir), apps);
    },
    validate: (configDir) => {
      const { runValidate } = require('../lib/cli/validate') as typeof Validate;
      return runValidate(configDir);
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
