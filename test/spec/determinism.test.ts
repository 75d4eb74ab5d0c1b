import * as path from 'path';
import fc from 'fast-check';
import { loadPlatformConfig, loadPlatformConfigFromSources } from '../../lib/core/spec/load';
import type { SpecSource } from '../../lib/core/spec/load';
import { VALID_FIXTURES_DIR } from './fixture-overlay';
import { readValid } from './tmp-config';

const sources: SpecSource[] = [
  { file: path.join(VALID_FIXTURES_DIR, 'platform.yaml'), kind: 'Platform', text: readValid('platform.yaml') },
  {
    file: path.join(VALID_FIXTURES_DIR, 'prod/prod.yaml'),
    kind: 'WorkloadCluster',
    environment: 'prod',
    text: readValid('prod/prod.yaml'),
  },
  {
    file: path.join(VALID_FIXTURES_DIR, 'staging/staging.yaml'),
    kind: 'WorkloadCluster',
    environment: 'staging',
    text: readValid('staging/staging.yaml'),
  },
];

test('loading the same folder twice gives deep-equal configs', () => {
  expect(loadPlatformConfig(VALID_FIXTURES_DIR)).toEqual(loadPlatformConfig(VALID_FIXTURES_DIR));
});

test('the folder loader and the in-memory loader agree', () => {
  expect(loadPlatformConfigFromSources(sources)).toEqual(loadPlatformConfig(VALID_FIXTURES_DIR));
});

test('files listed in any order give the same config, and the same errors', () => {
  const broken = sources.map((s) =>
    s.kind === 'Platform'
      ? s
      : { ...s, text: s.text.replace(/vlan: \d+/, 'vlan: 30').replace(/cidr: .*/, 'cidr: 10.30.0.0/24') },
  );
  const expectedOk = loadPlatformConfigFromSources(sources);
  const expectedErrors = loadPlatformConfigFromSources(broken);
  expect(expectedOk.ok).toBe(true);
  expect(expectedErrors.ok).toBe(false);
  fc.assert(
    fc.property(fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }), (order) => {
      expect(loadPlatformConfigFromSources(order.map((i) => sources[i]))).toEqual(expectedOk);
      expect(loadPlatformConfigFromSources(order.map((i) => broken[i]))).toEqual(expectedErrors);
    }),
  );
});

test('key order in the YAML does not change the resolved model (labels are sorted)', () => {
  const reordered = sources.map((s) =>
    s.environment === 'prod'
      ? { ...s, text: s.text.replace('labels:\n  team: platform', 'labels:\n  zone: a\n  team: platform') }
      : s,
  );
  const result = loadPlatformConfigFromSources(reordered);
  if (!result.ok) throw new Error('expected ok');
  expect(Object.keys(result.config.clusters[0].labels)).toEqual(['team', 'tier', 'zone']);
});
