import { formatSpecErrors } from '../../lib/core/errors';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import { describeInvalidFixtures, invalidFixtures, VALID_FIXTURES_DIR } from './fixture-overlay';

const fixtures = invalidFixtures();

test('the valid base loads', () => {
  const result = loadPlatformConfig(VALID_FIXTURES_DIR);
  expect(result.ok ? [] : formatSpecErrors(result.errors)).toEqual([]);
});

test('there is a fixture per rule (at least 25)', () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(25);
});

describeInvalidFixtures(fixtures);
