import * as fs from 'fs';
import * as path from 'path';
import { OutputLayoutError } from '../core/synth/output-dir';
import { synthesizeApps } from '../core/synth/synthesize';
import type { SynthesizeResult } from '../core/synth/synthesize';
import {
  OutputOwnershipError,
  SynthIoError,
  SynthLockError,
  SynthStoppedError,
  SynthValidationError,
} from '../core/synth/synth-errors';
import { formatFolderChanges } from '../core/synth/change-summary';
import { SpecValidationError } from '../core/spec-validation-error';
import { safeForDisplay } from '../core/credentials';
import { formatSpecErrors } from '../core/errors';
import { collectSecretTodos, formatTodoLines, formatTodoReport } from '../secrets/secret-todos';
import type { SecretTodo } from '../secrets/secret-todos';
import type { CliHost } from './run';
import { EXIT } from './run';

/**
 * The parent of this process when it started. `npm run synth` runs `sh -c node ...`; killing npm ends the shell but
 * not node, which is then re-parented: synth notices before its commit and stops instead of writing seconds later.
 */
const LAUNCHER_PID = process.ppid;

/** Name of the open TODO(secrets) checklist in the Terraform output folder (written only when there are items). */
export const SECRET_TODO_REPORT_NAME = 'secrets-todo.md';

/** Options of the `synth` command. */
export interface SynthCommandOptions {
  readonly configDir: string;
  readonly tfOutdir: string;
  readonly k8sOutdir: string;
  /**
   * Folder of the local state files.
   * @default - the working directory
   */
  readonly stateDir?: string | undefined;
  /**
   * Compare only, write nothing.
   * @default false
   */
  readonly check?: boolean | undefined;
  /**
   * Write into a folder synth does not own.
   * @default false
   */
  readonly force?: boolean | undefined;
  /**
   * No change summary.
   * @default false
   */
  readonly quiet?: boolean | undefined;
  /**
   * Print the milliseconds of each phase to stderr (`synth: timings build=... validate=...`).
   * @default false
   */
  readonly timings?: boolean | undefined;
}

/** Runs one synth (or `--check`) and prints what changed. Returns the exit code. */
export function synthCommand(options: SynthCommandOptions, host: CliHost): number {
  const started = process.hrtime.bigint();
  const configDir = path.resolve(options.configDir);
  const check = options.check ?? false;
  // The Terraform output is not committed by default (.gitignore): --check compares it only when it exists.
  const tfAbsentOnCheck = check && !fs.existsSync(options.tfOutdir);
  let todos: SecretTodo[] = [];
  let result: SynthesizeResult;
  try {
    result = synthesizeApps({
      tfOutdir: options.tfOutdir,
      k8sOutdir: options.k8sOutdir,
      build: (apps) => {
        host.buildPlatform(configDir, apps);
        todos = collectSecretTodos(apps.tf, apps.k8s);
      },
      extraTerraformFiles: () => new Map(todos.length > 0 ? [[SECRET_TODO_REPORT_NAME, formatTodoReport(todos)]] : []),
      outputChecks: host.outputChecks,
      protectedDirs: { 'the config folder': configDir },
      check,
      force: options.force,
      stateDir: options.stateDir,
      shouldStop: () =>
        process.ppid !== LAUNCHER_PID ? `the process that started it (pid ${LAUNCHER_PID}) ended` : undefined,
    });
  } catch (err) {
    return reportFailure(err, options);
  }
  for (const note of result.notes) process.stderr.write(`synth: ${note}\n`);
  if (options.timings) {
    const phases = Object.entries(result.timings).map(([k, v]) => `${k}=${v}`);
    process.stderr.write(`synth: timings ${phases.join(' ')} (ms)\n`);
  }
  if (!options.quiet) {
    if (!tfAbsentOnCheck)
      process.stdout.write(formatFolderChanges('Terraform', options.tfOutdir, result.changes.tf) + '\n');
    process.stdout.write(formatFolderChanges('GitOps', options.k8sOutdir, result.changes.k8s) + '\n');
  }
  if (todos.length > 0 && !options.quiet) {
    const report = path.join(options.tfOutdir, SECRET_TODO_REPORT_NAME);
    process.stdout.write(`${formatTodoLines(todos)}\n(checklist: ${report})\n`);
  }
  const ms = (Number(process.hrtime.bigint() - started) / 1e6).toFixed(0);
  if (check) {
    const k8sChanged = changedAny(result.changes.k8s);
    const tfChanged = !tfAbsentOnCheck && changedAny(result.changes.tf);
    const stale = [...(tfChanged ? [options.tfOutdir] : []), ...(k8sChanged ? [options.k8sOutdir] : [])];
    const skipped = tfAbsentOnCheck ? ` (${options.tfOutdir} does not exist: not compared)` : '';
    if (stale.length > 0) {
      process.stderr.write(
        `synth --check: ${stale.join(' and ')} would change; run synth and commit the result${skipped}.\n`,
      );
      return EXIT.wouldChange;
    }
    if (!options.quiet) process.stdout.write(`synth --check: outputs are up to date${skipped} (${ms} ms)\n`);
    return EXIT.ok;
  }
  if (!options.quiet) {
    process.stdout.write(
      `synth: ${result.tfStacks.length} stacks -> ${options.tfOutdir}/stacks/, ` +
        `${result.k8sFiles.length} files -> ${options.k8sOutdir}/ (${ms} ms)\n`,
    );
  }
  return EXIT.ok;
}

function changedAny(c: SynthesizeResult['changes']['tf']): boolean {
  return c.added.length + c.changed.length + c.removed.length + c.overwritten.length > 0;
}

function reportFailure(err: unknown, options: SynthCommandOptions): number {
  const untouched = `${options.tfOutdir} and ${options.k8sOutdir} were left as they were`;
  if (err instanceof SpecValidationError) {
    process.stderr.write(formatSpecErrors(err.errors) + '\n');
    process.stderr.write(`synth: ${err.errors.length} error(s) in ${options.configDir}; nothing was written.\n`);
    return EXIT.invalidInput;
  }
  if (err instanceof SynthValidationError) {
    for (const e of err.validationErrors) process.stderr.write(`error: ${safeForDisplay(`${e.path}: ${e.message}`)}\n`);
    for (const p of err.outputProblems) process.stderr.write(`error: ${safeForDisplay(p)}\n`);
    const n = err.validationErrors.length + err.outputProblems.length;
    process.stderr.write(`synth: ${n} error(s); ${untouched}.\n`);
    return EXIT.invalidInput;
  }
  if (err instanceof OutputLayoutError || err instanceof OutputOwnershipError) {
    for (const line of err.message.split('\n')) process.stderr.write(`error: ${safeForDisplay(line)}\n`);
    process.stderr.write(`synth: refused; ${untouched}.\n`);
    return EXIT.outputRefused;
  }
  if (err instanceof SynthLockError || err instanceof SynthIoError || err instanceof SynthStoppedError) {
    process.stderr.write(`error: ${safeForDisplay(err.message)}\n`);
    return EXIT.outputRefused;
  }
  throw err;
}
