/**
 * `npm run bump` (scripts/bump-versions.mjs), the tool docs/upgrades.md documents, run against a copy of the four
 * files it may edit: it changes exactly the keys of one component and refuses what it does not know.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const FILES = ['lib/core/versions.ts', 'lib/core/spec/types/versions.ts', 'imports/sources.json', 'scripts/tools.pins'];

let copy: string;

beforeEach(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-bump-'));
  for (const f of FILES) {
    fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(copy, f));
  }
});

afterEach(() => fs.rmSync(copy, { recursive: true, force: true }));

function bump(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bump-versions.mjs'), ...args], {
    env: { ...process.env, BUMP_ROOT: copy },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Lines that differ between the repository's file and the copy, as [before, after]. */
function changed(file: string): [string, string][] {
  const before = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const after = fs.readFileSync(path.join(copy, file), 'utf8').split('\n');
  expect(after.length).toBe(before.length);
  return before.flatMap((line, i) => (line === after[i] ? [] : [[line.trim(), after[i]!.trim()] as [string, string]]));
}

function current(pattern: RegExp, file = 'lib/core/versions.ts'): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8').match(pattern)![1]!;
}

test('talos: the constant and the documented spec default, nothing else', () => {
  const old = current(/export const TALOS_VERSION = '([^']+)';/);
  const r = bump('talos', '9.8.7');
  expect(r.status).toBe(0);
  expect(changed('lib/core/versions.ts')).toEqual([
    [`export const TALOS_VERSION = '${old}';`, "export const TALOS_VERSION = '9.8.7';"],
  ]);
  expect(changed('lib/core/spec/types/versions.ts')).toEqual([[`* @default "${old}"`, '* @default "9.8.7"']]);
  expect(changed('imports/sources.json')).toEqual([]);
  expect(r.stdout).toContain('the talos.dev group of imports/sources.json follows the Talos tag: re-transcribe');
  expect(r.stdout).toContain('npm run schema');
  expect(r.stdout).toContain('npm run conformance');
});

test('a v-prefixed pin keeps its prefix', () => {
  const old = current(/export const CAPMOX_VERSION = '([^']+)';/);
  expect(bump('capmox', '0.9.9').status).toBe(0);
  expect(changed('lib/core/versions.ts')).toEqual([
    [`export const CAPMOX_VERSION = '${old}';`, "export const CAPMOX_VERSION = 'v0.9.9';"],
  ]);
});

test('chart: one key of CHART_VERSIONS', () => {
  const old = current(/^ {2}cilium: '([^']+)',$/m);
  expect(bump('chart:cilium', '9.9.9').status).toBe(0);
  expect(changed('lib/core/versions.ts')).toEqual([[`cilium: '${old}',`, "cilium: '9.9.9',"]]);
  expect(changed('lib/core/spec/types/versions.ts')).toEqual([]);
});

test('provider built from its tag: sources.json, versions.ts and tools.pins agree afterwards', () => {
  const r = bump('provider:proxmox', '0.999.0');
  expect(r.status).toBe(0);
  const sources = JSON.parse(fs.readFileSync(path.join(copy, 'imports/sources.json'), 'utf8')) as {
    terraform: { providers: { name: string; version: string; goModule: string }[] };
  };
  const p = sources.terraform.providers.find((x) => x.name === 'proxmox')!;
  expect([p.version, p.goModule]).toEqual(['0.999.0', 'github.com/bpg/terraform-provider-proxmox@v0.999.0']);
  expect(fs.readFileSync(path.join(copy, 'lib/core/versions.ts'), 'utf8')).toContain(
    "proxmox: { source: 'bpg/proxmox', version: '0.999.0' },",
  );
  expect(fs.readFileSync(path.join(copy, 'scripts/tools.pins'), 'utf8')).toMatch(
    /^terraform-provider-proxmox +github\.com\/bpg\/terraform-provider-proxmox@v0\.999\.0 +provider:bpg\/proxmox@0\.999\.0$/m,
  );
  expect(r.stdout).toMatch(/npm run tools[\s\S]*npm run import/);
});

test('provider pinned by Go pseudo-version: refused, nothing written', () => {
  const r = bump('provider:helm', '9.9.9');
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('pseudo-version');
  for (const f of FILES) expect(changed(f)).toEqual([]);
});

test('tool: every binary of the same Go module moves together, columns kept', () => {
  expect(bump('tool:age', 'v9.9.9').status).toBe(0);
  const lines = changed('scripts/tools.pins').map(([, after]) => after.split(/\s+/).slice(0, 2).join(' '));
  expect(lines).toEqual(['age filippo.io/age/cmd/age@v9.9.9', 'age-keygen filippo.io/age/cmd/age-keygen@v9.9.9']);
});

test.each([
  [['nginx', '1.0.0'], 'unknown component "nginx"'],
  [['chart:nginx', '1.0.0'], 'unknown chart "nginx"'],
  [['provider:aws', '1.0.0'], 'unknown provider "aws"'],
  [['tool:kubectl', '1.0.0'], 'unknown tool "kubectl"'],
  [['talos', 'latest'], '"latest" is not a version'],
  [['talos'], 'give one component and one version'],
])('refuses %j', (args, message) => {
  const r = bump(...args);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(message);
  for (const f of FILES) expect(changed(f)).toEqual([]);
});

test('--list names every component with its version', () => {
  const r = bump('--list');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^talos +\d+\.\d+\.\d+ +lib\/core\/versions\.ts$/m);
  expect(r.stdout).toMatch(/^chart:argo-cd +/m);
  expect(r.stdout).toMatch(/^provider:talos +/m);
  expect(r.stdout).toMatch(/^tool:kubeconform +v/m);
});
