/**
 * True for a relative path in normal form with `/` separators: no empty, `.` or `..` segments and no trailing `/`,
 * so that two spellings can never name one file (`a//b.yaml`, `a/./b.yaml`).
 */
export function isNormalizedRelativePath(p: string): boolean {
  return p.length > 0 && p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/** The first pair where one path is a folder of the other (`a/b` and `a/b/c.yaml`), or undefined. */
export function findFileFolderClash(paths: Iterable<string>): [string, string] | undefined {
  const all = new Set(paths);
  for (const p of all) {
    const segs = p.split('/');
    for (let i = 1; i < segs.length; i++) {
      const prefix = segs.slice(0, i).join('/');
      if (all.has(prefix)) return [prefix, p];
    }
  }
  return undefined;
}
