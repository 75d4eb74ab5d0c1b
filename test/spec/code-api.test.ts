import { SpecValidationError } from '../../lib/core/spec-validation-error';
import * as spec from '../../lib/core/spec';
import { resolvePlatform, resolvePlatformConfig, resolveWorkloadCluster } from '../../lib/core/spec/resolve';
import { validatePlatformConfig } from '../../lib/core/spec/validate';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import type { PlatformSpec } from '../../lib/core/spec/types';
import { VALID_FIXTURES_DIR } from './fixture-overlay';
import { minimalCluster, minimalPlatform } from './specs';

function thrown(fn: () => unknown): SpecValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SpecValidationError) return err;
    throw err;
  }
  throw new Error('expected a SpecValidationError');
}

describe('specs written in code', () => {
  test('resolvePlatform validates the schema: every error at once, without positions', () => {
    const spec = {
      ...minimalPlatform(),
      gitops: { repoUrl: 'https://x/y.git', clusterDelivery: 'git' },
      extra: 1,
    } as unknown as PlatformSpec;
    const err = thrown(() => resolvePlatform(spec));
    expect(err.errors.map((e) => [e.file, e.line, e.path, e.rule])).toEqual([
      ['<platform>', 0, 'extra', 'unknown-key'],
      ['<platform>', 0, 'gitops.clusterDelivery', 'invalid-value'],
    ]);
  });

  test('resolvePlatform checks address syntax', () => {
    const spec = minimalPlatform();
    const err = thrown(() =>
      resolvePlatform(
        { ...spec, management: { ...spec.management, vip: '10.20.0.256' } },
        { sourceFile: 'platform.ts' },
      ),
    );
    expect(err.errors).toEqual([
      expect.objectContaining({
        file: 'platform.ts',
        path: 'management.vip',
        rule: 'malformed-ip',
        message: 'malformed IPv4 address `10.20.0.256`',
      }),
    ]);
  });

  test('resolveWorkloadCluster names the cluster in errors', () => {
    const platform = resolvePlatform(minimalPlatform());
    const err = thrown(() => resolveWorkloadCluster(minimalCluster({ workers: { count: -1 } }), platform, 'prod'));
    expect(err.errors).toEqual([
      expect.objectContaining({ file: '<prod/prod>', path: 'workers.count', rule: 'out-of-range' }),
    ]);
  });

  test('validatePlatformConfig runs the cross-checks', () => {
    const result = loadPlatformConfig(VALID_FIXTURES_DIR);
    if (!result.ok) throw new Error('expected ok');
    expect(validatePlatformConfig(result.config)).toEqual([]);
    const platform = resolvePlatform(minimalPlatform());
    const a = resolveWorkloadCluster(minimalCluster(), platform, 'prod');
    const b = resolveWorkloadCluster(minimalCluster(), platform, 'qa');
    const errors = validatePlatformConfig({ platform, clusters: [a, b] });
    expect(errors.map((e) => [e.file, e.path, e.rule])).toEqual([
      ['<qa/prod>', '', 'undefined-environment'],
      ['<qa/prod>', 'name', 'duplicate-cluster-name'],
      ['<qa/prod>', 'network.endpointVip', 'vip-conflict'],
      ['<qa/prod>', 'network.ipPool', 'overlapping-ip-pools'],
    ]);
    expect(errors.every((e) => e.line === 0 && e.column === 0)).toBe(true);
  });

  test('resolvePlatformConfig: everything at once, clusters sorted', () => {
    const config = resolvePlatformConfig({
      platform: minimalPlatform({ environments: [{ name: 'prod' }, { name: 'dev' }] }),
      clusters: [
        { environment: 'prod', spec: minimalCluster() },
        {
          environment: 'dev',
          spec: minimalCluster({
            name: 'dev',
            network: {
              ...minimalCluster().network,
              vlan: 40,
              cidr: '10.40.0.0/24',
              endpointVip: '10.40.0.10',
              ipPool: { start: '10.40.0.20', end: '10.40.0.29' },
            },
          }),
        },
      ],
    });
    expect(config.clusters.map((c) => c.name)).toEqual(['dev', 'prod']);
    const err = thrown(() =>
      resolvePlatformConfig({
        platform: minimalPlatform(),
        clusters: [{ environment: 'prod', spec: minimalCluster({ controlPlane: { count: 2 }, name: 'Bad' }) }],
      }),
    );
    expect(err.errors.map((e) => e.rule)).toEqual(['not-dns-1123-label']);
  });
});

test('the package entry exports the public API', () => {
  expect(Object.keys(spec).sort()).toEqual(
    expect.arrayContaining([
      'loadPlatformConfig',
      'loadPlatformConfigFromSources',
      'resolvePlatform',
      'resolveWorkloadCluster',
      'resolvePlatformConfig',
      'validatePlatformConfig',
      'formatSpecErrors',
      'SpecValidationError',
      'DEFAULT_CONTROL_PLANE_COUNT',
    ]),
  );
});
