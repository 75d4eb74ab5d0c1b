import { App, Chart, Testing } from 'cdk8s';
import { CapiProviders, CLUSTER_TOPOLOGY_FEATURE_GATE } from '../../lib/capi/capi-providers';
import { BootstrapProvider } from '../../lib/capi/providers/bootstrap-provider';
import { checkProviderCompatibility } from '../../lib/capi/providers/compatibility';
import { ControlPlaneProvider } from '../../lib/capi/providers/control-plane-provider';
import { CoreProvider } from '../../lib/capi/providers/core-provider';
import { InfrastructureProvider } from '../../lib/capi/providers/infrastructure-provider';
import { IpamProvider } from '../../lib/capi/providers/ipam-provider';
import { findProviders } from '../../lib/capi/providers/provider-base';
import { ProviderSource } from '../../lib/capi/providers/provider-source';
import {
  CAAPH_VERSION,
  CABPT_VERSION,
  CACPPT_VERSION,
  CAPMOX_VERSION,
  CLUSTER_API_VERSION,
  IPAM_IN_CLUSTER_VERSION,
} from '../../lib/core/versions';

const creds = { name: 'capmox-credentials', namespace: 'capmox-system' };

function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

function validate(c: Chart): string[] {
  return c.node.findAll().flatMap((x) => x.node.validate());
}

describe('CapiProviders', () => {
  test('six providers in their conventional namespaces, pinned, namespaces first', () => {
    const c = chart();
    new CapiProviders(c, 'Providers', { proxmoxCredentials: creds });
    const docs = Testing.synth(c);
    expect(docs.filter((d) => d.kind === 'Namespace').map((d) => d.metadata.name)).toEqual([
      'capi-system',
      'cabpt-system',
      'cacppt-system',
      'capmox-system',
      'capi-ipam-in-cluster-system',
      'caaph-system',
    ]);
    expect(docs.slice(0, 6).every((d) => d.kind === 'Namespace')).toBe(true);
    const providers = docs.filter((d) => d.kind !== 'Namespace');
    expect(providers.map((d) => [d.apiVersion, d.kind, d.metadata.namespace, d.metadata.name, d.spec.version])).toEqual(
      [
        ['operator.cluster.x-k8s.io/v1alpha2', 'CoreProvider', 'capi-system', 'cluster-api', CLUSTER_API_VERSION],
        ['operator.cluster.x-k8s.io/v1alpha2', 'BootstrapProvider', 'cabpt-system', 'talos', CABPT_VERSION],
        ['operator.cluster.x-k8s.io/v1alpha2', 'ControlPlaneProvider', 'cacppt-system', 'talos', CACPPT_VERSION],
        ['operator.cluster.x-k8s.io/v1alpha2', 'InfrastructureProvider', 'capmox-system', 'proxmox', CAPMOX_VERSION],
        [
          'operator.cluster.x-k8s.io/v1alpha2',
          'IPAMProvider',
          'capi-ipam-in-cluster-system',
          'in-cluster',
          IPAM_IN_CLUSTER_VERSION,
        ],
        ['operator.cluster.x-k8s.io/v1alpha2', 'AddonProvider', 'caaph-system', 'helm', CAAPH_VERSION],
      ],
    );
    const infra = providers.find((d) => d.kind === 'InfrastructureProvider');
    // The manager reads the config Secret by name, so a new Secret (a rotated token) rolls its Deployment.
    const env = ['PROXMOX_URL', 'PROXMOX_TOKEN', 'PROXMOX_SECRET'].map((key) => ({
      name: key,
      valueFrom: { secretKeyRef: { name: creds.name, key } },
    }));
    expect(infra.spec).toEqual({
      version: CAPMOX_VERSION,
      configSecret: creds,
      deployment: { containers: [{ name: 'manager', env }] },
    });
    // Built-in providers: no fetchConfig, no feature gates by default.
    expect(providers.every((d) => d.spec.fetchConfig === undefined && d.spec.manager === undefined)).toBe(true);
    expect(validate(c)).toEqual([]);
  });

  test('pinned versions', () => {
    expect([CLUSTER_API_VERSION, CAPMOX_VERSION, CABPT_VERSION, CACPPT_VERSION, IPAM_IN_CLUSTER_VERSION]).toEqual([
      'v1.12.11',
      'v0.9.0',
      'v0.6.12',
      'v0.5.13',
      'v1.1.0',
    ]);
  });

  test('clusterTopology turns on ClusterTopology in the core and CAPMOX; createNamespaces false omits namespaces', () => {
    const c = chart();
    new CapiProviders(c, 'Providers', { proxmoxCredentials: creds, clusterTopology: true, createNamespaces: false });
    const docs = Testing.synth(c);
    expect(docs.some((d) => d.kind === 'Namespace')).toBe(false);
    const gated = docs.filter((d) => d.spec.manager !== undefined).map((d) => [d.kind, d.spec.manager]);
    expect(gated).toEqual([
      ['CoreProvider', { featureGates: { [CLUSTER_TOPOLOGY_FEATURE_GATE]: true } }],
      ['InfrastructureProvider', { featureGates: { ClusterTopology: true } }],
    ]);
  });
});

describe('provider constructs', () => {
  test('ProviderSource.releasesUrl and oci set fetchConfig', () => {
    const c = chart();
    new CoreProvider(c, 'Core', { version: 'v1.12.11' });
    new InfrastructureProvider(c, 'Infra', {
      version: 'v0.9.0',
      source: ProviderSource.releasesUrl('https://github.com/ionos-cloud/cluster-api-provider-proxmox/releases'),
    });
    new IpamProvider(c, 'Ipam', { version: 'v1.1.0', source: ProviderSource.oci('registry.example/capi/ipam:v1.1.0') });
    const docs = Testing.synth(c);
    expect(docs[1].spec.fetchConfig).toEqual({
      url: 'https://github.com/ionos-cloud/cluster-api-provider-proxmox/releases',
    });
    expect(docs[2].spec.fetchConfig).toEqual({ oci: 'registry.example/capi/ipam:v1.1.0' });
    expect(ProviderSource.builtIn().toFetchConfig()).toBeUndefined();
  });

  test('ProviderSource rejects bad input', () => {
    expect(() => ProviderSource.releasesUrl('github.com/x')).toThrow(
      'ProviderSource.releasesUrl: "github.com/x" is not an https URL. Expected e.g. "https://github.com/<owner>/<repo>/releases".',
    );
    expect(() => ProviderSource.oci('a b')).toThrow('ProviderSource.oci: "a b" is not an OCI reference.');
  });

  test('a version without the leading v is rejected', () => {
    expect(() => new CoreProvider(chart(), 'Core', { version: '1.12.11' })).toThrow(
      'test/Core: CoreProvider "cluster-api" version "1.12.11" is not a release tag. Expected "v<major>.<minor>.<patch>" with the leading "v", e.g. "v1.12.11".',
    );
  });

  test('a provider name without a conventional namespace needs one', () => {
    expect(() => new BootstrapProvider(chart(), 'Kubeadm', { version: 'v1.12.11', providerName: 'kubeadm' })).toThrow(
      'test/Kubeadm: BootstrapProvider "kubeadm" has no conventional namespace. Expected a namespace prop, e.g. "kubeadm-system".',
    );
    const c = chart();
    new CoreProvider(c, 'Core', { version: 'v1.12.11' });
    const kubeadm = new ControlPlaneProvider(c, 'Kubeadm', {
      version: 'v1.12.11',
      providerName: 'kubeadm',
      namespace: 'capi-kubeadm-control-plane-system',
    });
    expect(kubeadm.namespace).toBe('capi-kubeadm-control-plane-system');
  });

  test('exactly one CoreProvider: two are reported once', () => {
    const c = chart();
    new CoreProvider(c, 'CoreA', { version: 'v1.12.11' });
    new CoreProvider(c, 'CoreB', { version: 'v1.12.11' });
    expect(validate(c)).toEqual([
      'found 2 CoreProviders (test/CoreA, test/CoreB); a management cluster runs exactly one Cluster API core. Expected: one CoreProvider. Fix: remove the extra ones.',
    ]);
  });

  test('exactly one CoreProvider: none is reported by the other providers', () => {
    const c = chart();
    new BootstrapProvider(c, 'Bootstrap', { version: 'v0.6.12' });
    expect(validate(c)).toEqual([
      'BootstrapProvider "talos" has no CoreProvider in the same app; the operator installs no provider before the core. Expected: exactly one CoreProvider. Fix: add a CoreProvider (or use CapiProviders).',
    ]);
  });

  test('the rule spans charts of one app', () => {
    const app = new App();
    new CoreProvider(new Chart(app, 'a'), 'Core', { version: 'v1.12.11' });
    const b = new Chart(app, 'b');
    new CoreProvider(b, 'Core', { version: 'v1.12.11' });
    expect(findProviders(b)).toHaveLength(2);
  });
});

describe('compatibility (COMPATIBILITY in lib/core/versions.ts)', () => {
  function problems(versions: {
    core: string;
    capmox?: string;
    cabpt?: string;
    cacppt?: string;
    ipam?: string;
  }): string[] {
    const c = chart();
    new CoreProvider(c, 'Core', { version: versions.core });
    if (versions.capmox) new InfrastructureProvider(c, 'Infra', { version: versions.capmox, configSecret: creds });
    if (versions.cabpt) new BootstrapProvider(c, 'Bootstrap', { version: versions.cabpt });
    if (versions.cacppt) new ControlPlaneProvider(c, 'ControlPlane', { version: versions.cacppt });
    if (versions.ipam) new IpamProvider(c, 'Ipam', { version: versions.ipam });
    return validate(c);
  }

  test('the pinned set is compatible', () => {
    expect(
      problems({ core: 'v1.12.11', capmox: 'v0.9.0', cabpt: 'v0.6.12', cacppt: 'v0.5.13', ipam: 'v1.1.0' }),
    ).toEqual([]);
  });

  test('CAPMOX v0.9 on CAPI v1.13', () => {
    expect(problems({ core: 'v1.13.0', capmox: 'v0.9.0', ipam: 'v1.1.0' })).toEqual([
      'InfrastructureProvider "proxmox": CAPMOX v0.9.0 does not support Cluster API v1.13.0. Expected Cluster API 1.11.x or 1.12.x. Fix: change the Cluster API version or the CAPMOX version.',
    ]);
  });

  test('CAPMOX without or with an old in-cluster IPAM', () => {
    expect(problems({ core: 'v1.12.11', capmox: 'v0.9.0' })).toEqual([
      'InfrastructureProvider "proxmox": CAPMOX v0.9.0 needs the in-cluster IPAM provider 1.1.0 or newer, and there is none. Expected 1.1.0 or newer. Fix: set the in-cluster IPAM provider to 1.1.0 or newer.',
    ]);
    expect(problems({ core: 'v1.12.11', capmox: 'v0.9.0', ipam: 'v1.0.3' })).toEqual([
      'InfrastructureProvider "proxmox": CAPMOX v0.9.0 needs the in-cluster IPAM provider 1.1.0 or newer, found v1.0.3. Expected 1.1.0 or newer. Fix: set the in-cluster IPAM provider to 1.1.0 or newer.',
    ]);
  });

  test('a provider minor without a rule', () => {
    expect(problems({ core: 'v1.12.11', cacppt: 'v0.6.0' })).toEqual([
      'ControlPlaneProvider "talos": CACPPT v0.6.0 is not in the compatibility table. Expected CACPPT 0.5.x. Fix: pin a known version, or add a rule to COMPATIBILITY in lib/core/versions.ts after reading its support matrix.',
    ]);
  });

  test('CACPPT below the known-defect floor (upstream #237)', () => {
    expect(problems({ core: 'v1.12.11', cacppt: 'v0.5.12' })).toEqual([
      'ControlPlaneProvider "talos": CACPPT v0.5.12 has a known defect (siderolabs/cluster-api-control-plane-provider-talos#237): every control-plane rolling update deadlocks (the etcd health check counts the machine that already left etcd; fixed by #250 in v0.5.13). Expected CACPPT 0.5.13 or newer. Fix: upgrade CACPPT to 0.5.13 or newer.',
    ]);
    expect(problems({ core: 'v1.12.11', cacppt: 'v0.5.13' })).toEqual([]);
  });

  test('no core: nothing to check', () => {
    expect(checkProviderCompatibility([])).toEqual([]);
  });
});
