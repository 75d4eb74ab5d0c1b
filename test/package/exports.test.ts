/**
 * package.json exposes every entry point the library has and the docs name: each `lib/<area>/index.ts` is a subpath
 * in `exports` (types and code) and in `typesVersions` (node10 resolution), and every `talos-platform-cdk/<path>`
 * the README or docs/ mention resolves through `exports`. Fast, no install: the packed package itself is exercised
 * by consumer.test.ts and cdk-terrain.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

interface Manifest {
  readonly exports: Record<string, null | string | { types: string; default: string }>;
  readonly typesVersions: { '*': Record<string, string[]> };
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** The `exports` key that serves `subpath` (`./x`), honouring `*` patterns and `null` blocks as Node does. */
function exportFor(subpath: string): string | undefined {
  if (subpath in pkg.exports) return pkg.exports[subpath] === null ? undefined : subpath;
  const pattern = Object.keys(pkg.exports)
    .filter((k) => k.includes('*'))
    .find((k) => subpath.startsWith(k.slice(0, k.indexOf('*'))) && subpath.endsWith(k.slice(k.indexOf('*') + 1)));
  return pattern !== undefined && pkg.exports[pattern] !== null ? pattern : undefined;
}

function markdownFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? e.name === 'api'
          ? []
          : markdownFiles(path.join(dir, e.name))
        : e.name.endsWith('.md')
          ? [path.join(dir, e.name)]
          : [],
    );
}

describe('package.json entry points', () => {
  const areas = fs
    .readdirSync(path.join(ROOT, 'lib'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(ROOT, 'lib', e.name, 'index.ts')))
    .map((e) => e.name);

  test.each(areas)('lib/%s/index.ts is exported with its types, for node16 and node10 resolution', (area) => {
    expect(pkg.exports[`./${area}`]).toEqual({
      types: `./build/lib/${area}/index.d.ts`,
      default: `./build/lib/${area}/index.js`,
    });
    expect(pkg.typesVersions['*'][area]).toEqual([`build/lib/${area}/index.d.ts`]);
  });

  test('every talos-platform-cdk/<path> in the README and docs/ resolves through exports', () => {
    const named = new Map<string, string>();
    for (const file of [path.join(ROOT, 'README.md'), ...markdownFiles(path.join(ROOT, 'docs'))]) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?<=[`'"])talos-platform-cdk\/([a-z][\w./<>-]*[\w>])/g)) {
        // An import is quoted or a code span (a tarball path is not); `talos-platform-cdk/v1alpha1` is the spec
        // apiVersion, not an import; `<name>` is a placeholder.
        if (!m[1]!.startsWith('v1alpha')) named.set(m[1]!.replace(/<[\w-]+>/g, 'x'), path.relative(ROOT, file));
      }
    }
    expect(named.size).toBeGreaterThan(5);
    const unresolved = [...named].filter(([p]) => exportFor(`./${p}`) === undefined).map(([p, f]) => `${p} (${f})`);
    expect(unresolved).toEqual([]);
  });

  test('the CLI entry files stay unexported', () => {
    for (const entry of ['main', 'tf-main', 'k8s-main']) expect(exportFor(`./stacks/${entry}`)).toBeUndefined();
    expect(exportFor('./stacks/10-mgmt-talos')).toBe('./stacks/*');
  });
});
