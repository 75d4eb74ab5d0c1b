// Invalid inputs for the addon prerequisites that need an addon on (Longhorn, Proxmox CSI): each
// test/fixtures/addons-invalid/<rule>.yaml is one file laid over a copy of the every-addon fixture
// (test/fixtures/addons), with the header format of test/spec/fixture-overlay.ts. The rules that need no other
// addon have their fixtures in test/fixtures/invalid/ (proxmox-csi-*).
import * as fs from 'fs';
import * as path from 'path';
import { formatSpecErrors } from '../../../lib/core/errors';
import { loadPlatformConfig } from '../../../lib/core/spec/load';
import { overlayFixture, readFixtureHeader } from '../../spec/fixture-overlay';
import { ADDONS_FIXTURE_DIR } from './synth-fixture';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'addons-invalid');
const fixtures = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => path.join(DIR, f));

test('the every-addon base loads', () => {
  const result = loadPlatformConfig(ADDONS_FIXTURE_DIR);
  expect(result.ok ? [] : formatSpecErrors(result.errors)).toEqual([]);
});

test('a fixture per rule', () => {
  expect(fixtures.map((f) => path.basename(f, '.yaml'))).toEqual([
    'addon-extension-missing',
    'addon-extension-unknown',
    'default-storage-class-conflict',
  ]);
});

describe.each(fixtures.map((f) => [path.basename(f, '.yaml'), f]))('%s', (_name, fixture) => {
  const header = readFixtureHeader(fixture);
  let dir: string;
  beforeAll(() => {
    dir = overlayFixture(fixture, ADDONS_FIXTURE_DIR);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test(`reports ${header.rule} at ${header.field}`, () => {
    const result = loadPlatformConfig(dir);
    if (result.ok) throw new Error('expected the fixture to be rejected');
    const target = path.join(dir, header.target);
    const match = result.errors.find((e) => e.message.includes(header.expect) && e.path === header.field);
    if (!match)
      throw new Error(`no error with "${header.expect}" at "${header.field}":\n${formatSpecErrors(result.errors)}`);
    expect(match.file).toBe(target);
    expect(match.rule).toBe(header.rule);
    if (header.line !== undefined) expect(match.line).toBe(header.line);
    expect(match.hint).toBeTruthy();
    expect(result.errors.filter((e) => e.file !== target)).toEqual([]);
  });
});
