import * as fs from 'fs';

/** The file's text (UTF-8), or undefined when it does not exist; any other error is thrown as it is. */
export function readTextIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
