import * as fs from 'fs';
import * as path from 'path';
import { OutputLayoutError } from '../core/synth/output-dir';
import { synthesizeApps } from '../core/synth/synthesize';
import { SpecValidationError } from '../core/spec-validation-error';
import { formatSpecErrors } from '../core/errors';
import {
  SECRET_TODO_REPORT_PATH,
  collectSecretTodos,
  formatTodoLines,
  writeSecretTodoReport,
} from '../secrets/secret-todos';
import type { SecretTodo } from '../secrets/secret-todos';
import type { CliHost } from './run';
import { EXIT } from './run';

/** Options of the `synth` command. */
export interface SynthCommandOptions {
  readonly configDir: string;
  readonly tfOutdir: string;
  readonly k8sOutdir: string;
}

/** Runs one synth and prints what happened. Returns the exit code. */
export function synthCommand(options: SynthCommandOptions, host: CliHost): number {
  const started = process.hrtime.bigint();
  const configDir = path.resolve(options.configDir);
  let result;
  let todos: SecretTodo[] = [];
  try {
    result = synthesizeApps({
      tfOutdir: options.tfOutdir,
      k8sOutdir: options.k8sOutdir,
      build: (apps) => {
        host.buildPlatform(configDir, apps);
        todos = collectSecretTodos(apps.tf, apps.k8s);
      },
      outputChecks: host.outputChecks,
      protectedDirs: { 'the config folder': configDir },
    });
  } catch (err) {
    if (err instanceof OutputLayoutError) {
      process.stderr.write(`synth: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof SpecValidationError) {
      process.stderr.write(formatSpecErrors(err.errors) + '\n');
      process.stderr.write(`synth: ${err.errors.length} error(s) in ${options.configDir}; nothing was written.\n`);
      return EXIT.invalidInput;
    }
    throw err;
  }
  if (!result.ok) {
    for (const e of result.validationErrors) process.stderr.write(`error: ${e.path}: ${e.message}\n`);
    for (const p of result.outputProblems) process.stderr.write(`error: ${p}\n`);
    const n = result.validationErrors.length + result.outputProblems.length;
    process.stderr.write(`synth: ${n} error(s); ${options.tfOutdir} and ${options.k8sOutdir} were left as they were.\n`);
    return EXIT.invalidInput;
  }
  if (todos.length > 0) {
    const report = writeSecretTodoReport(todos, process.cwd());
    process.stdout.write(`${formatTodoLines(todos)}\n(also written to ${path.relative(process.cwd(), report)})\n`);
  } else {
    // No open items: a checklist left by an earlier run would be stale.
    fs.rmSync(path.join(process.cwd(), SECRET_TODO_REPORT_PATH), { force: true });
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(
    `synth: ${result.tfStacks.length} stacks -> ${options.tfOutdir}/stacks/, ` +
      `${result.k8sFiles.length} files -> ${options.k8sOutdir}/ (${ms.toFixed(0)} ms)\n`,
  );
  return EXIT.ok;
}
