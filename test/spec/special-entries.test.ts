/**
 * The hostile entries of issue 16 that a YAML fixture cannot express (links, loops, FIFOs, a key file linked in from
 * outside): `validate` and `synth` both exit 1 naming the entry, print nothing of what it points at, and leave the
 * previous outputs byte-for-byte as they were. Before, each of them made a cluster vanish with exit 0.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { runValidate } from '../../lib/cli/validate';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import { synthCommand } from '../../lib/cli/synth-command';
import {
  captureOutput,
  mainHost,
  outDirs,
  prepopulate,
  rmDir,
  snapshot,
  stagingLeftovers,
  tmpDir,
} from '../synth/helpers';
import type { OutDirs } from '../synth/helpers';
import { VALID_FIXTURES_DIR } from './fixture-overlay';
import { tmpConfig } from './tmp-config';

const KEY = `AGE-SECRET-KEY-1${'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L'.repeat(2)}`;
const outsideKey = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-outside-')), 'id.yaml');
fs.writeFileSync(outsideKey, `${KEY}\n`);

/** Each case turns the staging cluster's file into something that is not a readable spec file. */
const CASES: Record<string, { rule: string; make: (file: string) => void }> = {
  'a dangling symlink': { rule: 'broken-symlink', make: (f) => fs.symlinkSync('/nonexistent/staging.yaml', f) },
  'a symlink loop': { rule: 'broken-symlink', make: (f) => fs.symlinkSync(path.basename(f), f) },
  'a FIFO': { rule: 'special-file', make: (f) => execFileSync('mkfifo', [f]) },
  'a folder': { rule: 'nested-folder', make: (f) => fs.mkdirSync(f) },
  'a link to a key file outside': { rule: 'symlink-outside-config', make: (f) => fs.symlinkSync(outsideKey, f) },
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk: Buffer, _e, done) {
        text += chunk.toString();
        done();
      },
    }),
    text: () => text,
  };
}

let dirs: OutDirs;
let baseline: ReturnType<typeof snapshot>;
beforeAll(() => {
  dirs = outDirs(tmpDir('special-entries-'));
  prepopulate(dirs, VALID_FIXTURES_DIR);
  baseline = snapshot(dirs);
});
afterAll(() => {
  rmDir(dirs?.root);
  rmDir(path.dirname(outsideKey));
});

describe.each(Object.entries(CASES))('staging/staging.yaml as %s', (_name, { rule, make }) => {
  let config: string;
  let file: string;
  beforeAll(() => {
    config = tmpConfig({ 'staging/staging.yaml': null });
    file = path.join(config, 'staging', 'staging.yaml');
    make(file);
  });
  afterAll(() => rmDir(config));

  test('validate: exit 1, the entry named, nothing of its target printed', () => {
    const out = sink();
    const err = sink();
    expect(runValidate(config, out.stream, err.stream)).toBe(1);
    expect(out.text()).toBe('');
    expect(err.text()).toMatch(new RegExp(`^${escape(file)}  (folder )?staging\\.yaml `, 'm'));
    expect(err.text()).not.toContain('AGE-SECRET-KEY');
    const result = loadPlatformConfig(config);
    expect(result.ok ? [] : result.errors.map((e) => e.rule)).toEqual([rule]);
  });

  test('synth: exit 1 and the previous outputs untouched', () => {
    const {
      result: code,
      stdout,
      stderr,
    } = captureOutput(() =>
      synthCommand({ configDir: config, tfOutdir: dirs.tfOutdir, k8sOutdir: dirs.k8sOutdir }, mainHost()),
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^${escape(file)}  (folder )?staging\\.yaml `, 'm'));
    expect(stderr).not.toContain('AGE-SECRET-KEY');
    expect(snapshot(dirs)).toEqual(baseline);
    expect(stagingLeftovers(dirs.root)).toEqual([]);
  });
});

describe('version-control folders at the top level are ignored', () => {
  test('a config folder that is a git repository of its own loads; a hidden folder of YAML does not', () => {
    const config = tmpConfig();
    fs.mkdirSync(path.join(config, '.git'));
    fs.writeFileSync(path.join(config, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    expect(loadPlatformConfig(config).ok).toBe(true);
    // Only VCS metadata is skipped: any other dot folder at the top level could hide a cluster.
    fs.mkdirSync(path.join(config, '.staging'));
    const result = loadPlatformConfig(config);
    expect(result.ok ? [] : result.errors.map((e) => e.rule)).toEqual(['nested-folder']);
  });
});
