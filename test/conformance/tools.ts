// The pinned tools (scripts/tools.pins, built by `npm run tools`) for the tool-backed tests: the `*.tools.test.ts`
// files, which only `npm run test:tools` runs (jest.tools.config.js). Like scripts/lib/tools.mjs, TOOLS_DIR overrides
// <repo>/.tools. A test whose tools are missing is skipped with one line naming them, never passed; with
// TOOLS_REQUIRED=1 it fails.
import { accessSync, constants } from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The tools folder: $TOOLS_DIR, else <repo>/.tools. */
export const TOOLS_DIR = process.env.TOOLS_DIR ? path.resolve(process.env.TOOLS_DIR) : path.join(REPO_ROOT, '.tools');
export const TOOLS_BIN = path.join(TOOLS_DIR, 'bin');
/** OpenTofu's CLI config with the filesystem mirror of the pinned providers (written by tools.sh). */
export const TOFURC = path.join(TOOLS_DIR, 'tofurc');

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Absolute path of a pinned tool in TOOLS_BIN. `tofu` falls back to the Terraform build tools.sh makes when OpenTofu
 * does not build. Returns the path even when it is missing (see {@link missingTools}).
 */
export function toolPath(name: string): string {
  const file = path.join(TOOLS_BIN, name);
  if (name === 'tofu' && !executable(file) && executable(path.join(TOOLS_BIN, 'terraform')))
    return path.join(TOOLS_BIN, 'terraform');
  return file;
}

/** The tools of `names` that are not in TOOLS_BIN (`tofurc` stands for the OpenTofu CLI config). */
export function missingTools(names: readonly string[]): string[] {
  return names.filter((n) => (n === 'tofurc' ? !readable(TOFURC) : !executable(toolPath(n))));
}

/** The one line a skipped block prints. */
export function skipNotice(title: string, missing: readonly string[]): string {
  const where = missing.includes('tofurc') ? `${TOOLS_BIN}, ${TOFURC}` : TOOLS_BIN;
  return `SKIP "${title}": missing ${missing.join(', ')} (looked in ${where}; build them with npm run tools, or point TOOLS_DIR at a tools folder)`;
}

/**
 * `describe` when every tool of `names` is in TOOLS_BIN; otherwise `describe.skip` (jest counts its tests as skipped)
 * and one line on stderr naming what is missing. With TOOLS_REQUIRED=1 (`.ci/run`) a missing tool fails instead.
 */
export function describeWithTools(names: readonly string[], title: string, fn: () => void): void {
  const missing = missingTools(names);
  if (missing.length === 0) {
    describe(title, fn);
    return;
  }
  if (process.env.TOOLS_REQUIRED === '1') {
    describe(title, () => {
      test('has its tools', () => {
        throw new Error(`TOOLS_REQUIRED=1: ${skipNotice(title, missing).replace(/^SKIP /, '')}`);
      });
    });
    return;
  }
  process.stderr.write(`${skipNotice(title, missing)}\n`);
  describe.skip(title, fn);
}
