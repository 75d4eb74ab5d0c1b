/**
 * What a rule finds, without knowing who reports it: the spec checks add a file and a field path (and so
 * file:line:column), the constructs prefix their construct path.
 */

/** One finding of a rule. */
export interface RuleProblem {
  /** Stable rule id, the name of its invalid fixture (`even-control-plane-count`). */
  readonly rule: string;
  /**
   * The field the problem is about, relative to what the rule was given (`kubernetes`, `memoryMiB`).
   * @default - the value the rule was given as a whole
   */
  readonly field?: string | undefined;
  /** What is wrong, naming the value received. */
  readonly message: string;
  /** What would be accepted. */
  readonly expected: string;
  /** How to fix it. */
  readonly hint: string;
}

/** `<path>: <message>. Expected <expected>. Fix: <hint>.`, the construct form of a problem. */
export function formatProblem(where: string, problem: RuleProblem): string {
  return `${where}: ${problem.message}. Expected ${problem.expected}. Fix: ${problem.hint}.`;
}

/** Throws every problem at once (one per line), prefixed with the construct path; returns when there is none. */
export function throwProblems(where: string, problems: readonly RuleProblem[]): void {
  if (problems.length > 0) throw new Error(problems.map((p) => formatProblem(where, p)).join('\n'));
}

/**
 * For rules whose message does not name the value's field (sizes, counts): the problems with `<name>: ` in front of
 * the message, e.g. `controlPlane.memoryMiB: 1024 MiB is below ...`, for reporters without file positions.
 */
export function naming(name: string, problems: readonly RuleProblem[]): RuleProblem[] {
  return problems.map((p) => ({
    ...p,
    message: `${p.field === undefined ? name : `${name}.${p.field}`}: ${p.message}`,
  }));
}
