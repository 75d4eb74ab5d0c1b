/**
 * Spec errors: one shape for every problem found in `clusters/*.yaml` (or in a spec passed in code), and the
 * formatter the CLI prints them with. The code-facing API throws them as `SpecValidationError`
 * (`./spec-validation-error`).
 */
import { safeForDisplay } from './credentials';

/** One problem in a spec file, with the position of the offending node (or of its parent key when it is missing). */
export interface SpecError {
  /** File the problem is in, as the loader was given it (relative to the working directory when the CLI runs). */
  readonly file: string;
  /** 1-based line; 0 when the spec came from code and has no position. */
  readonly line: number;
  /** 1-based column; 0 when unknown. */
  readonly column: number;
  /** Field path inside the file, e.g. `network.ipPool.start` or `controlPlane.ips[1]`; empty for the whole file. */
  readonly path: string;
  /** What is wrong, with the value found. */
  readonly message: string;
  /** What a valid value looks like. */
  readonly expected?: string | undefined;
  /** How to fix it. */
  readonly hint?: string | undefined;
  /** Stable id of the rule that failed (`vip-inside-ip-pool`); invalid-input fixtures are named after it. */
  readonly rule?: string | undefined;
}

/** Orders errors by file, then position, then path and message, and drops exact duplicates. */
export function sortSpecErrors(errors: readonly SpecError[]): SpecError[] {
  const sorted = [...errors].sort(compareSpecErrors);
  return sorted.filter((e, i) => i === 0 || compareSpecErrors(e, sorted[i - 1]) !== 0);
}

function compareSpecErrors(a: SpecError, b: SpecError): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.path, b.path) ||
    compareText(a.message, b.message)
  );
}

/** Locale-independent comparison, so output never depends on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `file:line:col  path: message (expected ...). hint`. Safe to print: credential-shaped input is masked and control
 * characters are escaped, whatever the message quotes from the file.
 */
export function formatSpecError(error: SpecError): string {
  const where = error.line > 0 ? `${error.file}:${error.line}:${error.column}` : error.file;
  const subject = error.path ? `${error.path}: ${error.message}` : error.message;
  const expected = error.expected ? ` (expected ${error.expected})` : '';
  const hint = error.hint ? ` ${withPeriod(error.hint)}` : '';
  return safeForDisplay(`${where}  ${withoutPeriod(subject)}${expected}.${hint}`);
}

/** Every error, sorted by file and line, one per line. */
export function formatSpecErrors(errors: readonly SpecError[]): string {
  return sortSpecErrors(errors).map(formatSpecError).join('\n');
}

/** `1 error`, `3 errors`. */
export function countLabel(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function withoutPeriod(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

function withPeriod(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}
