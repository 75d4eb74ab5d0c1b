// Jest runs the TypeScript tests as CommonJS; the conformance scripts are plain Node ESM (scripts/*.mjs).
// These helpers call them in a child Node process and hand back JSON.
import { execFileSync, spawnSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'conformance');

/** Calls `fn(...args)` exported by the ESM module at `modulePath` (relative to the repo) and returns its JSON result. */
export function callEsm<T = unknown>(modulePath: string, fn: string, ...args: unknown[]): T {
  const url = 'file://' + path.join(REPO_ROOT, modulePath);
  const code =
    `const m = await import(${JSON.stringify(url)});` +
    `const r = await m[${JSON.stringify(fn)}](...${JSON.stringify(args)});` +
    `process.stdout.write(JSON.stringify(r === undefined ? null : r));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: REPO_ROOT, encoding: 'utf8' });
  return JSON.parse(out) as T;
}

/** Runs an ESM snippet (`return` a JSON-able value; `await` allowed) with the repo root as cwd. */
export function evalEsm<T = unknown>(body: string): T {
  const code = `const __r = await (async () => { ${body} })(); process.stdout.write(JSON.stringify(__r ?? null));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: REPO_ROOT, encoding: 'utf8' });
  return JSON.parse(out) as T;
}

/** A row of reports/conformance.json. */
export interface ReportRow {
  readonly check: string;
  readonly target: string;
  readonly result: 'PASS' | 'FAIL' | 'WARN' | 'SKIP';
  readonly detail: string;
}

/** Runs scripts/conformance.mjs with args; returns its exit code, output and the rows of its JSON report. */
export function runConformance(
  args: string[],
  reportFile: string,
): { code: number; output: string; rows: ReportRow[] } {
  const r = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'scripts', 'conformance.mjs'), ...args, '--report', reportFile],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 10 * 60 * 1000,
    },
  );
  const rows = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')).rows as ReportRow[]) : [];
  return { code: r.status ?? 1, output: `${r.stdout}\n${r.stderr}`, rows };
}
