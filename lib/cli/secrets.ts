import { CommanderError } from 'commander';
import type { Command } from 'commander';
import { COMMAND_FAILED_CODE, EXIT } from './run';

export { COMMAND_FAILED_CODE };

/** Where the `secrets` commands print. */
export interface SecretsCommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const STDIO: SecretsCommandIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** Options of `secrets new`, as commander parses them. */
export interface SecretsNewCommandOptions {
  readonly namespace?: string | undefined;
  readonly type?: string | undefined;
  readonly fromEnv: string[];
  readonly fromFile: string[];
  readonly label: string[];
  readonly preset?: string | undefined;
  readonly out?: string | undefined;
  readonly force?: boolean | undefined;
  readonly repoRoot?: string | undefined;
  readonly sops?: string | undefined;
}

/**
 * Adds `secrets new`, `secrets check` and `secrets presets` to the CLI. A command that fails (1 invalid input, 2
 * usage) sets `process.exitCode` and throws a {@link CommanderError} with code {@link COMMAND_FAILED_CODE} and that
 * exit code, after printing its messages. No command prints a secret value.
 */
export function registerSecretsCommands(program: Command): void {
  const secrets = program
    .command('secrets')
    .description('SOPS-encrypted Kubernetes Secrets under platform/secrets/ (see docs/secrets.md)');

  secrets
    .command('new')
    .description(
      'encrypt a new Secret with sops for the recipients .sops.yaml names; writes only the encrypted file, prints no value',
    )
    .argument('[name]', "Secret name (default: the preset's)")
    .option('-n, --namespace <ns>', "Secret namespace (default: the preset's)")
    .option('--type <type>', 'Secret type (default: Opaque)')
    .option('--from-env <KEY=ENV_VAR>', 'key whose value is the environment variable (repeatable)', collect, [])
    .option(
      '--from-file <KEY=PATH>',
      "key whose value is the file's content; PATH alone uses the file name (repeatable)",
      collect,
      [],
    )
    .option('--label <KEY=VALUE>', 'label on the Secret (repeatable)', collect, [])
    .option('--preset <id>', 'capmox-credentials | argocd-repository | external-dns-cloudflare (see `secrets presets`)')
    .option('--out <file>', 'output file (default: platform/secrets/<name>.sops.yaml)')
    .option('--force', 'replace an existing output file')
    .option('--repo-root <dir>', 'folder with .sops.yaml (default: nearest above the working directory)')
    .option('--sops <path>', 'sops binary (default: SOPS_BINARY, PATH, .tools/bin/sops)')
    .action(async (name: string | undefined, opts: SecretsNewCommandOptions) => {
      finish(await secretsNewCommand(name, opts));
    });

  secrets
    .command('check')
    .description(
      'check every file .sops.yaml covers (test folders aside): encrypted, for the recipients its rule names; ' +
        'symbolic links are checked as their target inside the repository, or refused',
    )
    .option('--repo-root <dir>', 'folder with .sops.yaml (default: nearest above the working directory)')
    .option('--include-tests', 'also check test/, tests/, __tests__/ and fixtures/ folders')
    .action(async (opts: { repoRoot?: string | undefined; includeTests?: boolean | undefined }) => {
      finish(await secretsCheckCommand(opts));
    });

  secrets
    .command('presets')
    .description('list the presets of `secrets new` and the environment variables each reads')
    .action(async () => {
      finish(await secretsPresetsCommand());
    });
}

/** `secrets new`: returns the exit code. */
export async function secretsNewCommand(
  nameArg: string | undefined,
  opts: SecretsNewCommandOptions,
  io: SecretsCommandIo = STDIO,
): Promise<number> {
  const [{ newSecret, findRepoRoot, NewSecretError }, { SECRET_PRESETS }] = await Promise.all([
    import('../secrets/new-secret'),
    import('../secrets/presets'),
  ]);
  const preset = opts.preset === undefined ? undefined : SECRET_PRESETS[opts.preset];
  if (opts.preset !== undefined && !preset) {
    io.err(`secrets new: unknown preset "${opts.preset}"; expected one of ${Object.keys(SECRET_PRESETS).join(', ')}\n`);
    return EXIT.usage;
  }
  const name = nameArg ?? preset?.name;
  const namespace = opts.namespace ?? preset?.namespace;
  if (!name || !namespace) {
    io.err(`secrets new: ${!name ? '<name>' : '--namespace'} is required (or --preset). Try: secrets new --help\n`);
    return EXIT.usage;
  }
  const labels: Record<string, string> = { ...(preset?.labels ?? {}) };
  for (const l of opts.label) {
    const eq = l.indexOf('=');
    if (eq <= 0) {
      io.err(`secrets new: --label "${l}": expected KEY=VALUE\n`);
      return EXIT.usage;
    }
    labels[l.slice(0, eq)] = l.slice(eq + 1);
  }
  const fromEnv = [...opts.fromEnv];
  const given = new Set([...opts.fromEnv, ...opts.fromFile].map((s) => s.split('=')[0]));
  if (preset) {
    for (const [key, variable] of Object.entries(preset.fromEnv))
      if (!given.has(key)) fromEnv.push(`${key}=${variable}`);
    for (const [key, variable] of Object.entries(preset.optionalFromEnv)) {
      if (!given.has(key) && process.env[variable]) fromEnv.push(`${key}=${variable}`);
    }
  }
  const repoRoot = opts.repoRoot ?? findRepoRoot(process.cwd());
  try {
    const result = newSecret({
      repoRoot,
      name,
      namespace,
      type: opts.type ?? preset?.type,
      labels,
      fromEnv,
      fromFile: opts.fromFile,
      literals: preset?.literals,
      out: opts.out,
      force: opts.force,
      sopsBinary: opts.sops,
    });
    io.out(
      `secrets new: wrote ${result.file} (Secret ${namespace}/${name}; keys: ${result.keys.join(', ')}; ` +
        `recipients: ${result.recipients.join(', ')})\n` +
        `Reference it with new SopsSecret(chart, '${name}', { name: '${name}', namespace: '${namespace}'` +
        `${result.file === `platform/secrets/${name}.sops.yaml` ? '' : `, file: '${result.file}'`} }) and commit it.\n`,
    );
    return EXIT.ok;
  } catch (err) {
    if (err instanceof NewSecretError) {
      io.err(`secrets new: ${err.message}\n`);
      return EXIT.invalidInput;
    }
    throw err;
  }
}

/** `secrets check`: returns the exit code. */
export async function secretsCheckCommand(
  opts: { repoRoot?: string | undefined; includeTests?: boolean | undefined },
  io: SecretsCommandIo = STDIO,
): Promise<number> {
  const [{ findRepoRoot }, { checkSecretFiles }] = await Promise.all([
    import('../secrets/new-secret'),
    import('../secrets/check-files'),
  ]);
  const repoRoot = opts.repoRoot ?? findRepoRoot(process.cwd());
  let result;
  try {
    result = checkSecretFiles(repoRoot, { includeTests: opts.includeTests });
  } catch (err) {
    io.err(`secrets check: ${(err as Error).message}\n`);
    return EXIT.invalidInput;
  }
  for (const p of result.problems) io.err(`error: ${p}\n`);
  for (const w of result.warnings) io.err(`warning: ${w}\n`);
  io.out(`secrets check: ${result.checked} file(s) checked, ${result.problems.length} problem(s)\n`);
  return result.problems.length > 0 ? EXIT.invalidInput : EXIT.ok;
}

/** `secrets presets`: returns the exit code. */
export async function secretsPresetsCommand(io: SecretsCommandIo = STDIO): Promise<number> {
  const { SECRET_PRESETS } = await import('../secrets/presets');
  for (const p of Object.values(SECRET_PRESETS)) {
    const env = [
      ...Object.entries(p.fromEnv).map(([k, v]) => `${k}<-$${v}`),
      ...Object.entries(p.optionalFromEnv).map(([k, v]) => `[${k}<-$${v}]`),
      ...Object.keys(p.literals).map((k) => `${k}=${p.literals[k]}`),
    ];
    io.out(`${p.id}\n  ${p.description}\n  Secret ${p.namespace}/${p.name} (${p.type}); keys: ${env.join(' ')}\n`);
  }
  return EXIT.ok;
}

function finish(code: number): void {
  process.exitCode = code;
  if (code !== EXIT.ok) throw new CommanderError(code, COMMAND_FAILED_CODE, `command failed with exit code ${code}`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
