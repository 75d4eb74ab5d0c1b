/**
 * Issue 3 item 5: an invalid spec never touches the previous outputs. For every invalid fixture, `synth` (in process,
 * with the host of stacks/cli.ts) exits 1, names the fixture's file, line and field on stderr, and leaves
 * `cdktf.out/` and `dist/` byte-for-byte as they were, with no staging folder behind.
 */
import * as path from 'path';
import { synthCommand } from '../../lib/cli/synth-command';
import { invalidFixtures, overlayFixture, readFixtureHeader } from '../spec/fixture-overlay';
import {
  VALID_FIXTURES_DIR,
  captureOutput,
  mainHost,
  outDirs,
  prepopulate,
  rmDir,
  snapshot,
  stagingLeftovers,
  tmpDir,
} from './helpers';
import type { OutDirs } from './helpers';

const fixtures = invalidFixtures();
const host = mainHost();

let dirs: OutDirs;
let baseline: ReturnType<typeof snapshot>;

beforeAll(() => {
  // One valid synth shared by every fixture: they must all leave it exactly as it is.
  dirs = outDirs(tmpDir('synth-invalid-'));
  prepopulate(dirs, VALID_FIXTURES_DIR);
  baseline = snapshot(dirs);
});

afterAll(() => rmDir(dirs?.root));

test('the baseline holds a full synth plus the sentinels', () => {
  expect(Object.keys(baseline.tf)).toEqual(
    expect.arrayContaining(['manifest.json', 'stacks/00-proxmox-foundation/cdk.tf.json', 'SENTINEL.txt']),
  );
  expect(Object.keys(baseline.k8s)).toEqual(
    expect.arrayContaining(['platform/hand-made/SENTINEL.yaml', 'empty-folder/']),
  );
  expect(Object.keys(baseline.k8s).filter((p) => p.endsWith('.yaml')).length).toBeGreaterThan(5);
});

test('every invalid fixture is covered', () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(69);
});

test.each(fixtures.map((f) => [path.basename(f, '.yaml'), f]))(
  '%s: exit 1, error at file:line and field, outputs unchanged',
  (_name, fixture) => {
    const header = readFixtureHeader(fixture);
    const configDir = overlayFixture(fixture);
    try {
      const {
        result: code,
        stdout,
        stderr,
      } = captureOutput(() => synthCommand({ configDir, tfOutdir: dirs.tfOutdir, k8sOutdir: dirs.k8sOutdir }, host));
      expect(code).toBe(1);
      expect(stdout).toBe('');

      const file = path.join(configDir, header.target);
      const where = header.line === undefined ? file : `${file}:${header.line}:`;
      const line = stderr
        .split('\n')
        .find(
          (l) =>
            l.startsWith(where) &&
            (header.field === '' || l.includes(`  ${header.field}: `)) &&
            l.includes(header.expect),
        );
      if (line === undefined) {
        throw new Error(
          `stderr has no line starting with "${where}" naming field "${header.field}" and "${header.expect}":\n${stderr}`,
        );
      }
      expect(stderr).toContain(`error(s) in ${configDir}; nothing was written.\n`);

      expect(snapshot(dirs)).toEqual(baseline);
      expect(stagingLeftovers(dirs.root)).toEqual([]);
    } finally {
      rmDir(configDir);
    }
  },
);
