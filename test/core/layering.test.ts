/**
 * Layering: `lib/core` is the bottom of the library. It may import itself, the generated `imports/` and `schemas/`,
 * and packages, never an area built on it (proxmox, talos, capi, gitops, secrets, bridge, day2), so those areas can
 * depend on core without cycles and core loads without them.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const CORE = path.join(ROOT, 'lib', 'core');
const ALLOWED = [CORE, path.join(ROOT, 'imports'), path.join(ROOT, 'schemas')];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|\brequire\(\s*'([^']+)'\s*\)/g;

test('lib/core imports nothing from the areas above it', () => {
  const outside: string[] = [];
  for (const file of sources(CORE)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (!spec.startsWith('.')) continue; // a package
      const target = path.resolve(path.dirname(file), spec);
      if (!ALLOWED.some((dir) => target === dir || target.startsWith(`${dir}${path.sep}`))) {
        outside.push(`${path.relative(ROOT, file)} imports ${spec}`);
      }
    }
  }
  expect(outside).toEqual([]);
});
