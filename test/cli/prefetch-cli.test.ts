/**
 * The compiled CLI, which parses on a worker past 50 spec files, prints exactly what the loader prints without one:
 * a schema error, a duplicate key and cross-check errors located in files the worker parsed (the locator parses
 * them again for positions). `npm run build` first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runValidate } from '../../lib/cli/validate';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO_ROOT, 'build', 'stacks', 'main.js');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-prefetch-cli-'));
  const script = `import(${JSON.stringify(path.join(REPO_ROOT, 'bench', 'gen-clusters.mjs'))})
    .then((m) => m.generateConfig(${JSON.stringify(REPO_ROOT)}, ${JSON.stringify(dir)}, 60))`;
  spawnSync(process.execPath, ['-e', script], { stdio: 'inherit' });
  const edit = (name: string, change: (text: string) => string): void => {
    const file = path.join(dir, 'prod', name);
    const before = fs.readFileSync(file, 'utf8');
    expect(change(before)).not.toBe(before);
    fs.writeFileSync(file, change(before));
  };
  edit('bench-0002.yaml', (t) => t.split('10.128.2.').join('10.128.0.')); // the network of bench-0000
  edit('bench-0004.yaml', (t) => t.replace('"cores": 8', '"cores": "eight"'));
  edit('bench-0006.yaml', (t) => t.replace('{', '{\n  "kind": "WorkloadCluster",'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('validate prints the same errors with the worker as the loader without it', () => {
  const cli = spawnSync(process.execPath, [CLI, 'validate', '--config', dir], {
    encoding: 'utf8',
    env: { ...process.env, TPC_NO_REBUILD: '1' },
  });
  let stdout = '';
  let stderr = '';
  // runValidate only writes
  const collect = (add: (s: string) => void): NodeJS.WritableStream =>
    ({ write: (s: string) => add(s) }) as unknown as NodeJS.WritableStream;
  const code = runValidate(
    dir,
    collect((s) => (stdout += s)),
    collect((s) => (stderr += s)),
  );
  expect(code).toBe(1);
  // a cross-check error located in a file the worker parsed (it parses cleanly)
  expect(stderr).toMatch(/bench-0002\.yaml:20:13 {2}network\.cidr: .* overlaps/);
  expect(stderr).toMatch(/bench-0006\.yaml:\d+:\d+.*duplicate key/);
  expect({ status: cli.status, stdout: cli.stdout, stderr: cli.stderr }).toEqual({ status: code, stdout, stderr });
});
