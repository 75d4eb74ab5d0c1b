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
    const createdParent = topmostMissing(parent);
    fs.mkdirSync(parent, { recursive: true });
    const dir = fs.mkdtempSync(path.join(parent, `.${path.basename(absTarget)}.staging-`));
    return new StagedDir(absTarget, dir, createdParent);
  }

  private done = false;

  private constructor(
    /** The folder that will be replaced. */
    public readonly target: string,
    /** The staging folder to write into. */
    public readonly dir: string,
    /** The first parent folder this staging folder had to create, removed again on abort. */
    private readonly createdParent: string | undefined,
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
    fs.rmSync(this.createdParent ?? this.dir, { recursive: true, force: true });
    this.done = true;
  }
}

/** Thrown when output folders overlap each other, the config folder or the working directory. */
export class OutputLayoutError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'OutputLayoutError';
  }
}

/**
 * Output folders are replaced whole, so they must not overlap each other, nor contain the inputs or the working
 * directory (replacing them would delete those). Throws {@link OutputLayoutError} naming both folders.
 */
export function assertSeparateOutputs(outputs: Record<string, string>, protectedDirs: Record<string, string>): void {
  const entries = Object.entries(outputs).map(([name, dir]) => [name, path.resolve(dir)] as const);
  const problems: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [a, da] = entries[i];
      const [b, db] = entries[j];
      if (da === db || isInside(da, db) || isInside(db, da)) {
        problems.push(`${a} (${da}) and ${b} (${db}) overlap; give each output its own folder`);
      }
    }
  }
  for (const [name, dir] of entries) {
    for (const [pname, pdir] of Object.entries(protectedDirs)) {
      const p = path.resolve(pdir);
      if (p === dir || isInside(p, dir)) {
        problems.push(`${name} (${dir}) contains ${pname} (${p}), which replacing it would delete; choose another folder`);
      }
    }
  }
  if (problems.length > 0) throw new OutputLayoutError(problems.join('\n'));
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function topmostMissing(dir: string): string | undefined {
  let missing: string | undefined;
  let cur = dir;
  while (!fs.existsSync(cur)) {
    missing = cur;
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return missing;
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
