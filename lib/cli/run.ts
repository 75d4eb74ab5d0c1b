import * as path from 'path';
import { Command, CommanderError } from 'commander';
import type { PlatformApps, OutputCheck } from '../core/synth/synthesize';

/** Exit codes of the CLI. */
export const EXIT = {
  ok: 0,
  /** The spec or the constructs are invalid; nothing was written. */
  invalidInput: 1,
  /** The command line itself is wrong. */
  usage: 2,
} as const;

/**
 * `code` of the {@link CommanderError} a sub-command throws after it has printed its own messages, to end the CLI with
 * `exitCode` (1 for invalid input) instead of the usage error (2) commander reports otherwise.
 */
export const COMMAND_FAILED_CODE = 'talos-platform-cdk.commandFailed';

/** What the CLI needs from the app that uses it: how to turn a config folder into stacks and charts. */
export interface CliHost {
  /** Loads `configDir`, then adds the platform's stacks and charts to `apps`; throws SpecValidationError if invalid. */
  readonly buildPlatform: (configDir: string, apps: PlatformApps) => void;
  /** Validates `configDir` without synthesizing; prints errors and returns the exit code. */
  readonly validate: (configDir: string) => number;
  /**
   * Checks over the staged output.
   * @default - none
   */
  readonly outputChecks?: readonly OutputCheck[];
  /**
   * Extra sub-commands (e.g. `secrets`).
   * @default - none
   */
  readonly extraCommands?: readonly ((program: Command) => void)[];
}

/** Runs the CLI with `argv` (without the node and script entries) and returns the exit code. */
export async function runCli(argv: readonly string[], host: CliHost): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('talos-platform-cdk')
    .description('Synthesize a Talos + Cluster API + Argo CD platform on Proxmox into Terraform JSON and GitOps YAML.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError();

  program
    .command('synth')
    .description('synthesize every stack into --tf-out and every chart into --k8s-out (all or nothing)')
    .option('--config <dir>', 'folder with platform.yaml and <env>/<cluster>.yaml', 'clusters')
    .option('--tf-out <dir>', 'Terraform output folder', 'cdktf.out')
    .option('--k8s-out <dir>', 'GitOps output folder', 'dist')
    .action(async (opts: { config: string; tfOut: string; k8sOut: string }) => {
      const { synthCommand } = await import('./synth-command');
      exitCode = synthCommand({ configDir: opts.config, tfOutdir: opts.tfOut, k8sOutdir: opts.k8sOut }, host);
    });

  program
    .command('validate')
    .description('check the spec in --config and print every error; writes nothing')
    .option('--config <dir>', 'folder with platform.yaml and <env>/<cluster>.yaml', 'clusters')
    .action((opts: { config: string }) => {
      exitCode = host.validate(path.resolve(opts.config));
    });

  for (const add of host.extraCommands ?? []) add(program);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === COMMAND_FAILED_CODE) return err.exitCode;
      // --help and --version end with exit code 0; everything else commander rejects is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw err;
  }
  return exitCode;
}
