/** Temp config folders for loader tests. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { VALID_FIXTURES_DIR } from './fixture-overlay';

// Folders made by tmpConfig in the current test file, removed after its last test.
const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of test/fixtures/valid with `files` written (content) or removed (null); returns the folder. */
export function tmpConfig(files: Record<string, string | null> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-test-'));
  created.push(dir);
  fs.cpSync(VALID_FIXTURES_DIR, dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    if (content === null) fs.rmSync(file, { force: true });
    else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
  return dir;
}

export function readValid(rel: string): string {
  return fs.readFileSync(path.join(VALID_FIXTURES_DIR, rel), 'utf8');
}
