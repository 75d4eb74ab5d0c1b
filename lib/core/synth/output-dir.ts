import * as fs from 'fs';
import * as path from 'path';

/**
 * A staging folder beside an output folder: build the new output in `dir`, then {@link StagedDir.commit} swaps it in,
 * or {@link StagedDir.abort} removes it and leaves the target byte-for-byte as it was. Output folders are fully
 * generated (as `cdktf synth` and `cdk8s synth` treat them), so the whole folder is replaced.
 */
export class StagedDir {
  /** Creates the staging folder next to `target` (same filesystem, so the swap is a rename). */
  public static create(target: string): StagedDir {
    const absTarget = path.resolve(target);
    const parent = path.dirname(absTarget);
    fs.mkdirSync(parent, { recursive: true });
    const dir = fs.mkdtempSync(path.join(parent, `.${path.basename(absTarget)}.staging-`));
    return new StagedDir(absTarget, dir);
  }

  private done = false;

  private constructor(
    /** The folder that will be replaced. */
    public readonly target: string,
    /** The staging folder to write into. */
    public readonly dir: string,
  ) {}

  /** Swaps the staging folder in place of the target. */
  public commit(): void {
    if (this.done) throw new Error(`staging folder for ${this.target} was already committed or aborted`);
    swap(this.target, this.dir);
    this.done = true;
  }

  /** Removes the staging folder; the target is untouched. Safe to call more than once. */
  public abort(): void {
    if (this.done) return;
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.done = true;
  }
}

/** Writes `files` (relative path with `/` -> content) under `dir`, creating folders. Returns the relative paths. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  for (const [rel, content] of files) {
    const abs = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return [...files.keys()];
}

/** Relative paths (with `/`) of every file under `dir`, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string): void => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(abs, entry.name), childRel);
      else if (entry.isFile()) out.push(childRel);
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out.sort();
}

function swap(target: string, staging: string): void {
  if (!fs.existsSync(target)) {
    fs.renameSync(staging, target);
    return;
  }
  const old = `${staging}.old`;
  fs.renameSync(target, old);
  try {
    fs.renameSync(staging, target);
  } catch (err) {
    fs.renameSync(old, target);
    throw err;
  }
  fs.rmSync(old, { recursive: true, force: true });
}
