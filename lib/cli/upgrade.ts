/**
 * `upgrade plan` and `upgrade certs`: day-2 commands over the spec (docs/upgrades.md). Both are read-only: they load
 * specs and files, print, and change nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CommanderError } from 'commander';
import type { Command } from 'commander';
import type { CertificateStatus } from '../day2/certificates';
import { COMMAND_FAILED_CODE, EXIT } from './run';

/** Where the `upgrade` commands print, and the clock the certificate check uses. */
export interface UpgradeCommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly now: () => Date;
}

const STDIO: UpgradeCommandIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  now: () => new Date(),
};

/** Options of `upgrade plan`, as commander parses them. */
export interface UpgradePlanCommandOptions {
  /** Target spec folder (the working tree). */
  readonly config: string;
  /** Git revision of the current spec. */
  readonly from: string;
  /** Folder of the current spec, instead of a revision. */
  readonly fromConfig?: string | undefined;
  readonly json?: boolean | undefined;
  readonly kubeconfig?: string | undefined;
  readonly talosconfig?: string | undefined;
}

/** Options of `upgrade certs`. */
export interface UpgradeCertsCommandOptions {
  readonly kubeconfig?: string | undefined;
  readonly talosconfig?: string | undefined;
  readonly json?: boolean | undefined;
}

/** Adds `upgrade plan` and `upgrade certs` to the CLI. A failing command exits 1 (refused or invalid) or 2 (usage). */
export function registerUpgradeCommands(program: Command): void {
  const upgrade = program
    .command('upgrade')
    .description('day 2: upgrade plans and certificate checks (docs/upgrades.md)');
  upgrade
    .command('plan')
    .description('the ordered, checked plan from the spec at --from (a git revision) or --from-config to --config')
    .option('--config <dir>', 'target spec folder', 'clusters')
    .option('--from <revision>', 'git revision of the current spec', 'HEAD')
    .option('--from-config <dir>', 'folder of the current spec (instead of --from)')
    .option('--json', 'print the plan as JSON')
    .option('--kubeconfig <file>', 'stage 10 kubeconfig: report whether its certificate needs rotation')
    .option('--talosconfig <file>', 'stage 10 talosconfig: report whether its certificate needs rotation')
    .action(async (opts: UpgradePlanCommandOptions) => {
      finish(await upgradePlanCommand(opts));
    });
  upgrade
    .command('certs')
    .description('when the stage 10 kubeconfig and talosconfig client certificates need rotation')
    .option('--kubeconfig <file>', 'kubeconfig written from stage 10 (tofu output -raw kubeconfig)')
    .option('--talosconfig <file>', 'talosconfig written from stage 10 (tofu output -raw talosconfig)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: UpgradeCertsCommandOptions) => {
      finish(await upgradeCertsCommand(opts));
    });
}

/** `upgrade plan`: exit 0 for an accepted plan (or nothing to do), 1 for a refused plan or an invalid spec. */
export async function upgradePlanCommand(
  opts: UpgradePlanCommandOptions,
  io: UpgradeCommandIo = STDIO,
): Promise<number> {
  const [
    { loadPlatformConfig },
    { CURRENT_SPEC_LOAD_OPTIONS, loadPlatformConfigAtRevision },
    { planUpgrade },
    { formatUpgradePlan },
    errors,
  ] = await Promise.all([
    import('../core/spec/load'),
    import('../day2/spec-at-revision'),
    import('../day2/upgrade-plan'),
    import('../day2/format-plan'),
    import('../core/errors'),
  ]);
  let from;
  try {
    from = opts.fromConfig
      ? { ...loadPlatformConfig(path.resolve(opts.fromConfig), CURRENT_SPEC_LOAD_OPTIONS), label: opts.fromConfig }
      : loadPlatformConfigAtRevision(path.resolve(opts.config), opts.from);
  } catch (err) {
    io.err(`upgrade plan: ${(err as Error).message}\n`);
    return EXIT.invalidInput;
  }
  const to = loadPlatformConfig(path.resolve(opts.config));
  const invalid = [
    ...(from.ok ? [] : [{ label: `current spec (${from.label})`, errors: from.errors }]),
    ...(to.ok ? [] : [{ label: `target spec (${opts.config})`, errors: to.errors }]),
  ];
  if (!from.ok || !to.ok) {
    for (const { label, errors: list } of invalid) {
      io.err(`upgrade plan: the ${label} is invalid:\n${errors.formatSpecErrors(list)}\n`);
    }
    return EXIT.invalidInput;
  }
  const certificates = await readCertificates(opts, io);
  if (certificates === undefined) return EXIT.invalidInput;
  const plan = planUpgrade(from.config, to.config, { fromLabel: from.label, toLabel: opts.config });
  if (opts.json) {
    io.out(`${JSON.stringify({ ...plan, certificates }, null, 2)}\n`);
  } else {
    io.out(formatUpgradePlan(plan));
    if (certificates.length) io.out(`\n${formatCertificates(certificates)}`);
  }
  return plan.ok ? EXIT.ok : EXIT.invalidInput;
}

/** `upgrade certs`: exit 0 when every certificate is outside its renewal window, 1 when one needs rotation. */
export async function upgradeCertsCommand(
  opts: UpgradeCertsCommandOptions,
  io: UpgradeCommandIo = STDIO,
): Promise<number> {
  if (!opts.kubeconfig && !opts.talosconfig) {
    io.err('upgrade certs: pass --kubeconfig <file>, --talosconfig <file> or both\n');
    return EXIT.usage;
  }
  const certificates = await readCertificates(opts, io);
  if (certificates === undefined) return EXIT.invalidInput;
  io.out(opts.json ? `${JSON.stringify(certificates, null, 2)}\n` : formatCertificates(certificates));
  return certificates.every((c) => c.status === 'ok') ? EXIT.ok : EXIT.invalidInput;
}

type Statuses = CertificateStatus[];

async function readCertificates(
  opts: { kubeconfig?: string | undefined; talosconfig?: string | undefined },
  io: UpgradeCommandIo,
): Promise<Statuses | undefined> {
  const { certificateStatus } = await import('../day2/certificates');
  const out: Statuses = [];
  for (const kind of ['kubeconfig', 'talosconfig'] as const) {
    const file = opts[kind];
    if (file === undefined) continue;
    try {
      out.push(certificateStatus(kind, file, fs.readFileSync(file, 'utf8'), io.now()));
    } catch (err) {
      io.err(`upgrade: ${(err as Error).message}\n`);
      return undefined;
    }
  }
  return out;
}

function formatCertificates(certificates: Statuses): string {
  const lines = ['Client certificates of stage 10:'];
  for (const c of certificates) {
    lines.push(`- ${c.kind} (${c.file}): ${c.status}, not after ${c.notAfter}; ${c.action}`);
  }
  return `${lines.join('\n')}\n`;
}

function finish(code: number): void {
  process.exitCode = code;
  if (code !== EXIT.ok) throw new CommanderError(code, COMMAND_FAILED_CODE, `command failed with exit code ${code}`);
}
