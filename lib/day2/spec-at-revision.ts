/**
 * The spec folder as it was at a git revision: its files are written to a temporary folder, loaded with the same
 * loader as the working tree, and error paths are mapped back to `<rev>:<path>`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadPlatformConfig } from '../core/spec/load';
import type { LoadOptions, LoadResult } from '../core/spec/load';

/**
 * Rules waived when reading the spec that describes what runs now (the plan's "from" side): a platform on a release
 * below a known-defect floor (CACPPT v0.5.12, #237) must be plannable out of it. The target spec waives nothing.
 */
export const CURRENT_SPEC_LOAD_OPTIONS: LoadOptions = { waiveRules: ['provider-version-known-defect'] };

/** Loads `configDir` as it is at `revision` (e.g. `HEAD`, `main~1`, a tag) in the git repository that holds it. */
export function loadPlatformConfigAtRevision(
  configDir: string,
  revision: string,
  options: LoadOptions = CURRENT_SPEC_LOAD_OPTIONS,
): LoadResult & { label: string } {
  const git = (args: string[], cwd: string): Buffer =>
    execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  let top: string;
  let prefix: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], configDir).toString().trim();
    prefix = git(['rev-parse', '--show-prefix'], configDir).toString().trim();
  } catch {
    throw new Error(
      `${configDir} is not inside a git repository. Fix: pass the old spec folder with --from-config <dir>.`,
    );
  }
  const label = `${revision}:${prefix.replace(/\/$/, '') || '.'}`;
  let names: string[];
  try {
    names = git(['ls-tree', '-r', '-z', '--name-only', revision, '--', prefix || '.'], top)
      .toString()
      .split('\0')
      .filter(Boolean);
  } catch (err) {
    const detail = (err as { stderr?: Buffer | undefined }).stderr?.toString().trim() ?? String(err);
    throw new Error(
      `git cannot read revision "${revision}": ${detail}. Fix: pass a commit, branch or tag that exists.`,
    );
  }
  if (names.length === 0) {
    throw new Error(`${label} has no files: the spec folder is not in that revision. Fix: pick another --from.`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-plan-'));
  try {
    for (const name of names) {
      const file = path.join(tmp, name.slice(prefix.length));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, git(['show', `${revision}:${name}`], top));
    }
    const result = loadPlatformConfig(tmp, options);
    if (result.ok) return { ...result, label };
    const from = tmp + path.sep;
    const to = `${label}/`;
    const errors = result.errors.map((e) => ({
      ...e,
      file: e.file.split(from).join(to),
      message: e.message.split(from).join(to),
    }));
    return { ok: false, errors, label };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
