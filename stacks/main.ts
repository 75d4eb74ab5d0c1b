#!/usr/bin/env node
/**
 * The `talos-platform-cdk` CLI (`npm run synth`, `npm run validate`): one Node process, compiled JavaScript only.
 */
import { runCli } from '../lib/cli/run';
import { registerSecretsCommands } from '../lib/cli/secrets';
import { runValidate } from '../lib/cli/validate';
import { plaintextGuard } from '../lib/secrets/plaintext-guard';
import { buildPlatform } from './platform';
import { loadConfigOrThrow } from './load';

runCli(process.argv.slice(2), {
  buildPlatform: (configDir, apps) => buildPlatform(loadConfigOrThrow(configDir), apps),
  validate: runValidate,
  outputChecks: [plaintextGuard()],
  extraCommands: [registerSecretsCommands],
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
