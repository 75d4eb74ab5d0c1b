import * as fs from 'fs';
import * as path from 'path';
import { listFolder } from './output-manifest';

/** Thrown when output folders overlap each other, the config folder or the working directory. */
export class OutputLayoutError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'OutputLayoutError';
  }
}

/**
 * Output folders must not overlap each other (each has its own manifest of the files synth owns), nor contain the
 * inputs or the working directory. Throws {@link OutputLayoutError} naming both folders.
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
        problems.push(
          `${name} (${dir}) contains ${pname} (${p}), which must stay out of synth's output; choose another folder`,
        );
      }
    }
  }
  if (problems.length > 0) throw new OutputLayoutError(problems.join('\n'));
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Writes `files` (relative path with `/` -> content) under `dir`, creating folders. Returns the relative paths. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string | Uint8Array>): string[] {
  const made = new Set<string>(); // one mkdir per folder, not one per file
  for (const [rel, content] of files) {
    const abs = path.join(dir, ...rel.split('/'));
    const parent = path.dirname(abs);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    fs.writeFileSync(abs, content);
  }
  return [...files.keys()];
}

/** Every file under `dir` except the manifest (relative path with `/` -> bytes), sorted by path. */
export function readFolderContent(dir: string): Map<string, Buffer> {
  const files = [...listFolder(dir).files].sort();
  return new Map(files.map((rel) => [rel, fs.readFileSync(path.join(dir, ...rel.split('/')))]));
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
