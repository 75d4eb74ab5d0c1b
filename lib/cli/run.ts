import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError } from 'commander';
import type { PlatformApps, OutputCheck } from '../core/synth/synthesize';

/** Exit codes of the CLI. */
export const EXIT = {
  ok: 0,
  /** The spec or the constructs are invalid; nothing was written. */
  invalidInput: 1,
  /** `synth --check`: the committed outputs would change. */
  wouldChange: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /**
   * synth could not write safely: an output folder is not synth's, another synth holds the lock, or an I/O error
   * (disk full, read-only). The outputs were left as they were.
   */
  outputRefused: 2,
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
  readonly outputChecks?: readonly OutputCheck[] | undefined;
  /**
   * Extra sub-commands (e.g. `secrets`).
   * @default - none
   */
  readonly extraCommands?: readonly ((program: Command) => void)[] | undefined;
}

interface SynthFlags {
  config: string;
  tfOut: string;
  k8sOut: string;
  stateDir?: string | undefined;
  check?: boolean | undefined;
  force?: boolean | undefined;
  quiet?: boolean | undefined;
  timings?: boolean | undefined;
}

/** The `version` of this package's package.json (found upward from this file, in `lib/` or `build/lib/`). */
function packageVersion(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      name?: string | undefined;
      version?: string | undefined;
    };
    if (pkg.name === 'talos-platform-cdk' && pkg.version) return pkg.version;
  }
  return 'unknown';
}

/** Runs the CLI with `argv` (without the node and script entries) and returns the exit code. */
export async function runCli(argv: readonly string[], host: CliHost): Promise<number> {
  // `synth | head` closes stdout early: the outputs are committed by then, so that must not turn into a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  let exitCode: number = EXIT.ok;
  const program = new Command('talos-platform-cdk')
    .description('Synthesize a Talos + Cluster API + Argo CD platform on Proxmox into Terraform JSON and GitOps YAML.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError()
    .version(packageVersion(), '--version', 'print the version of talos-platform-cdk');

  program
    .command('synth')
    .description('synthesize every stack into --tf-out and every chart into --k8s-out (all or nothing)')
    .option('--config <dir>', 'folder with platform.yaml and <env>/<cluster>.yaml', 'clusters')
    .option('--tf-out <dir>', 'Terraform output folder', 'cdktf.out')
    .option('--k8s-out <dir>', 'GitOps output folder', 'dist')
    .option('--state-dir <dir>', 'folder of the local Terraform state files (default: the working directory)')
    .option('--check', 'write nothing; exit 1 if the outputs would change (the Terraform output only if it exists)')
    .option(
      '--force',
      'write into a non-empty folder synth did not write (keeps its files); overwrite files in the way',
    )
    .option('--quiet', 'print only errors and warnings, no change summary')
    .option('--timings', 'print the milliseconds of each synth phase to stderr')
    .action(async (opts: SynthFlags) => {
      const { synthCommand } = await import('./synth-command');
      exitCode = synthCommand(
        {
          configDir: opts.config,
          tfOutdir: opts.tfOut,
          k8sOutdir: opts.k8sOut,
          stateDir: opts.stateDir,
          check: opts.check ?? false,
          force: opts.force ?? false,
          quiet: opts.quiet ?? false,
          timings: opts.timings ?? false,
        },
        host,
      );
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
