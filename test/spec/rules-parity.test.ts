/**
 * validate == construct, per rule (issue 15): the spec checks and the constructs call the same functions of
 * lib/core/rules, so for any version pair, control-plane count and cluster name the spec refuses exactly what the
 * constructs throw on. Each property builds both sides from the same generated value; nothing is synthesized.
 */
import { Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { WorkloadCluster } from '../../lib/capi/workload-cluster';
import { ProxmoxApi } from '../../lib/proxmox/proxmox-api';
import type { WorkloadClusterProps } from '../../lib/capi/workload-cluster';
import { SpecValidationError } from '../../lib/core/spec-validation-error';
import { resolvePlatformConfig } from '../../lib/core/spec/resolve';
import type { PlatformSpec, WorkloadClusterSpec } from '../../lib/core/spec/types';
import { TalosManagementCluster } from '../../lib/talos/management-cluster';
import { testStack } from '../proxmox/synth';
import { workloadClusterProps } from '../support/workload-cluster-props';
import { minimalCluster, minimalPlatform } from './specs';

/**
 * Rules only the spec runs: the constructs are not given the Cluster API version, and credentials in a URL are the
 * spec's plaintext guard (`url-credentials`), not a URL shape.
 */
const SPEC_ONLY_RULES = new Set(['kubernetes-version-unsupported-by-cluster-api', 'url-credentials']);

/** The spec errors at `paths` (prefixes), spec-only rules left out; [] when the spec is accepted. */
function specErrors(
  input: { platform: PlatformSpec; cluster?: WorkloadClusterSpec },
  paths: readonly string[],
): string[] {
  try {
    resolvePlatformConfig({
      platform: input.platform,
      clusters: input.cluster === undefined ? [] : [{ environment: 'prod', spec: input.cluster }],
    });
    return [];
  } catch (err) {
    if (!(err instanceof SpecValidationError)) throw err;
    return err.errors
      .filter((e) => !SPEC_ONLY_RULES.has(e.rule ?? '') && paths.some((p) => e.path.startsWith(p)))
      .map((e) => `${e.path}: ${e.rule}`);
  }
}

/** The construct's error message, or '' when it builds. */
function constructError(build: () => void): string {
  try {
    build();
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

function managementCluster(talosVersion: string, kubernetesVersion: string): void {
  new TalosManagementCluster(testStack(), 'Cluster', {
    clusterName: 'mgmt',
    vip: '10.20.0.10',
    controlPlanes: [11, 12, 13].map((n) => ({ hostname: `mgmt-cp-${n}`, address: `10.20.0.${n}` })),
    network: { cidr: '10.20.0.0/24', gateway: '10.20.0.1' },
    installerImage: 'factory.talos.dev/nocloud-installer/abc:v1.13.9',
    talosVersion,
    kubernetesVersion,
  });
}

function workloadCluster(overrides: Partial<WorkloadClusterProps>): void {
  new WorkloadCluster(new Chart(Testing.app(), 'test'), 'Cluster', workloadClusterProps(overrides));
}

/** `major.minor.patch` around the pinned matrix, so both sides of every range edge come up. */
const version = (major: number, minors: [number, number]) =>
  fc
    .tuple(fc.integer({ min: minors[0], max: minors[1] }), fc.integer({ min: 0, max: 12 }))
    .map(([minor, patch]) => `${major}.${minor}.${patch}`);
const talosVersion = version(1, [9, 15]);
const kubernetesVersion = version(1, [27, 38]);

test('the management cluster: validate and TalosManagementCluster accept the same Talos/Kubernetes pairs', () => {
  fc.assert(
    fc.property(talosVersion, kubernetesVersion, (talos, kubernetes) => {
      const spec = specErrors({ platform: minimalPlatform({ versions: { talos, kubernetes } }) }, [
        'versions.talos',
        'versions.kubernetes',
      ]);
      const construct = constructError(() => managementCluster(talos, kubernetes));
      expect({ talos, kubernetes, spec, rejected: spec.length > 0 }).toEqual({
        talos,
        kubernetes,
        spec,
        rejected: construct !== '',
      });
    }),
    { numRuns: 300 },
  );
});

test('a workload cluster: validate and WorkloadCluster accept the same Kubernetes versions', () => {
  fc.assert(
    fc.property(kubernetesVersion, (kubernetes) => {
      const spec = specErrors({ platform: minimalPlatform(), cluster: minimalCluster({ versions: { kubernetes } }) }, [
        'versions.',
      ]);
      const construct = constructError(() => workloadCluster({ kubernetesVersion: kubernetes }));
      expect({ kubernetes, rejectedBySpec: spec.length > 0 }).toEqual({ kubernetes, rejectedBySpec: construct !== '' });
    }),
    { numRuns: 200 },
  );
});

test('a workload cluster: validate and WorkloadCluster accept the same control-plane counts', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 9 }), (count) => {
      const spec = specErrors({ platform: minimalPlatform(), cluster: minimalCluster({ controlPlane: { count } }) }, [
        'controlPlane',
      ]);
      const construct = constructError(() =>
        workloadCluster({ controlPlane: { count, cores: 4, memoryMiB: 8192, diskGiB: 50 } }),
      );
      expect({ count, rejectedBySpec: spec.length > 0 }).toEqual({ count, rejectedBySpec: construct !== '' });
    }),
  );
});

test('a workload cluster: validate and WorkloadCluster accept the same names', () => {
  const name = fc.oneof(
    fc.stringMatching(/^[a-z0-9][-a-z0-9]{0,50}[a-z0-9]$/),
    fc.stringMatching(/^[-a-zA-Z0-9_.]{1,50}$/),
    fc.constantFrom('a', 'x'.repeat(43), 'y'.repeat(44), 'edge-', '-edge', 'Prod'),
  );
  fc.assert(
    fc.property(
      name.filter((n) => n !== 'mgmt'),
      (clusterName) => {
        const spec = specErrors({ platform: minimalPlatform(), cluster: minimalCluster({ name: clusterName }) }, [
          'name',
        ]);
        const construct = constructError(() => workloadCluster({ clusterName }));
        expect({ clusterName, rejectedBySpec: spec.length > 0 }).toEqual({
          clusterName,
          rejectedBySpec: construct !== '',
        });
      },
    ),
    { numRuns: 300 },
  );
});

test('the Proxmox endpoint: validate and ProxmoxApi accept the same URLs', () => {
  const endpoint = fc.oneof(
    fc.webUrl({ validSchemes: ['https', 'http'], withQueryParameters: true, withFragments: true }),
    fc.constantFrom(
      'https://pve1.example.internal:8006',
      'https://pve1.example.internal:8006/',
      'https://pve1.example.internal:8006/api2/json',
      'https://pve1.example.internal:8006?',
      'http://10.0.0.5:8006',
      'https://[fd00::5]:8006',
      'pve1:8006',
      'not a url',
    ),
  );
  fc.assert(
    fc.property(endpoint, (url) => {
      const platform = minimalPlatform();
      const spec = specErrors({ platform: { ...platform, proxmox: { ...platform.proxmox, endpoint: url } } }, [
        'proxmox.endpoint',
      ]);
      const construct = constructError(() => new ProxmoxApi(testStack(), 'Proxmox', { endpoint: url }));
      expect({ url, spec, rejected: spec.length > 0 }).toEqual({ url, spec, rejected: construct !== '' });
    }),
    { numRuns: 300 },
  );
});
