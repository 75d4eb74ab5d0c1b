import * as fs from 'fs';
import * as path from 'path';
import { formatSpecErrors } from '../../lib/core/errors';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import { invalidFixtures, overlayFixture, readFixtureHeader, VALID_FIXTURES_DIR } from './fixture-overlay';

const fixtures = invalidFixtures();

test('the valid base loads', () => {
  const result = loadPlatformConfig(VALID_FIXTURES_DIR);
  expect(result.ok ? [] : formatSpecErrors(result.errors)).toEqual([]);
});

test('there is a fixture per rule (at least 25)', () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(25);
});

describe.each(fixtures.map((f) => [path.basename(f, '.yaml'), f]))('%s', (_name, fixture) => {
  const header = readFixtureHeader(fixture);
  let dir: string;
  beforeAll(() => {
    dir = overlayFixture(fixture);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test(`reports ${header.rule} at ${header.field || '(file)'}`, () => {
    const result = loadPlatformConfig(dir);
    if (result.ok) throw new Error('expected the fixture to be rejected');
    const target = path.join(dir, header.target);
    const match = result.errors.find((e) => e.message.includes(header.expect) && e.path === header.field);
    if (!match)
      throw new Error(`no error with "${header.expect}" at "${header.field}":\n${formatSpecErrors(result.errors)}`);
    expect(match.file).toBe(target);
    expect(match.rule).toBe(header.rule);
    if (header.line !== undefined) expect(match.line).toBe(header.line);
    if (header.hint !== undefined) expect(match.hint).toBe(header.hint);
    // Every error lands in the fixture's own file: the fixture breaks one thing, and cross-file conflicts are
    // reported on the file declared later.
    expect(result.errors.filter((e) => e.file !== target)).toEqual([]);
  });
});
