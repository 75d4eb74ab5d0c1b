/**
 * The body of the `talos-platform-cdk` CLI, run by `stacks/main.ts` once the build is fresh. `npm run build` also
 * bundles this module (with everything it loads) into `build/bin/cli.js`, which `main.ts` runs instead when it is
 * there and not older than the compiled build (see `cliModule` in `lib/cli/fresh-build.ts`): one file to load
 * instead of about 840.
 */
import type * as Init from '../lib/cli/init';
import type * as Run from '../lib/cli/run';
import type * as Secrets from '../lib/cli/secrets';
import type * as SpecCache from '../lib/cli/spec-cache';
import type * as Upgrade from '../lib/cli/upgrade';
import type * as Validate from '../lib/cli/validate';
import type * as Guard from '../lib/secrets/plaintext-guard';
import type * as Load from './load';
import type * as Platform from './platform';

/** What `stacks/main.ts` knows about the code it runs. */
export interface MainContext {
  /**
   * Names the running code (the bundle's SHA-256): the spec cache of `lib/cli/spec-cache.ts` is used only with it.
   * @default - no spec cache
   */
  readonly codeIdentity?: string | undefined;
}

/** Runs the CLI with `argv` (without the node and script entries); resolves to the exit code. */
export function runMain(argv: readonly string[], context: MainContext = {}): Promise<number> {
  // The constructs, the loader and the output checks (about half a second) are loaded only by the commands that need
  // them: `validate`, `--help` and a usage error do not wait for cdktf and cdk8s.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { runCli } = require('../lib/cli/run') as typeof Run;
  const { registerSecretsCommands } = require('../lib/cli/secrets') as typeof Secrets;
  const { registerUpgradeCommands } = require('../lib/cli/upgrade') as typeof Upgrade;
  const { registerInitCommand } = require('../lib/cli/init') as typeof Init;

  return runCli(argv, {
    buildPlatform: (configDir, apps) => {
      const { buildPlatform } = require('./platform') as typeof Platform;
      const { loadConfigOrThrow } = require('./load') as typeof Load;
      const { withSpecCache } = require('../lib/cli/spec-cache') as typeof SpecCache;
      const config = withSpecCache(configDir, context.codeIdentity, (parseCache) =>
        loadConfigOrThrow(configDir, { parseCache }),
      );
      buildPlatform(config, apps);
    },
    validate: (configDir) => {
      const { runValidate } = require('../lib/cli/validate') as typeof Validate;
      const { withSpecCache } = require('../lib/cli/spec-cache') as typeof SpecCache;
      return withSpecCache(configDir, context.codeIdentity, (parseCache) =>
        runValidate(configDir, process.stdout, process.stderr, { parseCache }),
      );
    },
    outputChecks: [(output) => (require('../lib/secrets/plaintext-guard') as typeof Guard).plaintextGuard()(output)],
    extraCommands: [registerSecretsCommands, registerUpgradeCommands, registerInitCommand],
  });
  /* eslint-enable @typescript-eslint/no-require-imports */
}
