/**
 * Problems as the checks report them: a file and a field path, no positions. The loader (or the code-facing API)
 * turns them into `SpecError`s through a `SpecLocator`, so every check stays a pure function of the model.
 */
import type { SpecError } from '../errors';
import type { RuleProblem } from '../rules/problem';

/** One step of a field path: an object key or an array index. */
export type PathSegment = string | number;
export type SpecPath = readonly PathSegment[];

/** A problem found by a check or by schema validation. */
export interface Issue {
  readonly file: string;
  readonly path: SpecPath;
  readonly rule: string;
  readonly message: string;
  readonly expected: string;
  readonly hint: string;
  /** Point at the key (unknown keys) rather than at the value. */
  readonly at?: 'key' | 'value' | undefined;
}

/** 1-based line and column; 0 when unknown. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Finds the source position of a field path; falls back to the nearest ancestor that exists in the file. */
export interface SpecLocator {
  locate(file: string, path: SpecPath, at: 'key' | 'value'): Position;
}

/** For specs passed in code: no positions. */
export const NO_POSITIONS: SpecLocator = { locate: () => ({ line: 0, column: 0 }) };

/** `network.ipPool.start`, `controlPlane.ips[1]`. */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

export function toSpecError(issue: Issue, locator: SpecLocator): SpecError {
  const { line, column } = locator.locate(issue.file, issue.path, issue.at ?? 'value');
  return {
    file: issue.file,
    line,
    column,
    path: formatPath(issue.path),
    message: issue.message,
    ...(issue.expected !== undefined && { expected: issue.expected }),
    ...(issue.hint !== undefined && { hint: issue.hint }),
    rule: issue.rule,
  };
}

export function toSpecErrors(issues: readonly Issue[], locator: SpecLocator): SpecError[] {
  return issues.map((i) => toSpecError(i, locator));
}

/** `"value"` for messages: JSON form, shortened. */
export function show(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'nothing';
  else if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `` `text` `` for messages. */
export function code(text: string | number): string {
  return `\`${text}\``;
}

/**
 * Rule problems (lib/core/rules) as issues of one file: a problem's `field` is appended to `at`, so the locator
 * points at the value that breaks the rule.
 */
export function issuesAt(file: string, at: SpecPath, problems: readonly RuleProblem[]): Issue[] {
  return problems.map((p) => ({
    file,
    path: p.field === undefined ? at : [...at, p.field],
    rule: p.rule,
    message: p.message,
    expected: p.expected,
    hint: p.hint,
  }));
}
