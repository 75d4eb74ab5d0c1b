// Runs before `npm run synth`/`validate`: rebuilds build/ with tsc only when a source file is newer than the last
// build, so the synth itself runs compiled JavaScript with no TypeScript work at run time.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'build', '.tsbuildinfo');
const stampTime = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;

function newerThanStamp(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (newerThanStamp(p)) return true;
    } else if ((entry.name.endsWith('.ts') || entry.name.endsWith('.json')) && statSync(p).mtimeMs > stampTime) {
      return true;
    }
  }
  return false;
}

const stale = stampTime === 0 || ['lib', 'stacks', 'imports'].some((d) => existsSync(join(root, d)) && newerThanStamp(join(root, d)));
if (stale) {
  process.stderr.write('build/ is older than the sources: compiling with tsc (npm run build)...\n');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
