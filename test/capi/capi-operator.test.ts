import { Testing } from 'cdktf';
import { ClusterProviders } from '../../lib/bridge/cluster-providers';
import {
  CAPI_OPERATOR_CHART_REPOSITORY,
  CERT_MANAGER_CHART_REPOSITORY,
  CapiOperator,
  DEFAULT_CAPI_OPERATOR_NAMESPACE,
  DEFAULT_CAPI_OPERATOR_TIMEOUT_SECONDS,
  DEFAULT_CERT_MANAGER_NAMESPACE,
} from '../../lib/capi/capi-operator';
import { CHART_VERSIONS } from '../../lib/core/versions';

// Synthesized JSON is untyped; tests read it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const client = { host: 'https://10.0.0.10:6443', caCertificate: 'CA', clientCertificate: 'CERT', clientKey: 'KEY' };

function synth(props: Partial<ConstructorParameters<typeof CapiOperator>[2]> = {}): Json {
  return JSON.parse(
    Testing.synthScope((scope) => {
      const providers = new ClusterProviders(scope, 'Mgmt', { kubernetesClient: client });
      new CapiOperator(scope, 'Operator', { providers, ...props });
    }),
  );
}

describe('CapiOperator', () => {
  test('cert-manager with CRDs, then the operator, both pinned, waiting and atomic', () => {
    const releases = synth().resource.helm_release;
    const certManager = Object.values(releases).find((r: Json) => r.name === 'cert-manager') as Json;
    const operator = Object.values(releases).find((r: Json) => r.name === 'capi-operator') as Json;
    expect(certManager).toMatchObject({
      repository: CERT_MANAGER_CHART_REPOSITORY,
      chart: 'cert-manager',
      version: CHART_VERSIONS.certManager,
      namespace: DEFAULT_CERT_MANAGER_NAMESPACE,
      create_namespace: true,
      values: ['crds:\n  enabled: true\n'],
      wait: true,
      wait_for_jobs: true,
      atomic: true,
      timeout: DEFAULT_CAPI_OPERATOR_TIMEOUT_SECONDS,
    });
    expect(operator).toMatchObject({
      repository: CAPI_OPERATOR_CHART_REPOSITORY,
      chart: 'cluster-api-operator',
      version: CHART_VERSIONS.capiOperator,
      namespace: DEFAULT_CAPI_OPERATOR_NAMESPACE,
      create_namespace: true,
      values: ['cert-manager:\n  enabled: false\n'],
      wait: true,
      atomic: true,
    });
    expect(operator.depends_on).toEqual([expect.stringMatching(/^helm_release\.Operator_CertManager_/)]);
  });

  test('defaults', () => {
    expect(CERT_MANAGER_CHART_REPOSITORY).toBe('https://charts.jetstack.io');
    expect(CAPI_OPERATOR_CHART_REPOSITORY).toBe('https://kubernetes-sigs.github.io/cluster-api-operator');
    expect(DEFAULT_CERT_MANAGER_NAMESPACE).toBe('cert-manager');
    expect(DEFAULT_CAPI_OPERATOR_NAMESPACE).toBe('capi-operator-system');
    expect(DEFAULT_CAPI_OPERATOR_TIMEOUT_SECONDS).toBe(600);
    expect(CHART_VERSIONS.certManager).toBe('v1.21.1');
    expect(CHART_VERSIONS.capiOperator).toBe('0.28.0');
  });

  test('options override versions, namespaces and timeout', () => {
    const releases = Object.values(
      synth({
        certManagerChartVersion: 'v1.20.0',
        operatorChartVersion: '0.27.0',
        certManagerNamespace: 'cm',
        operatorNamespace: 'capi-op',
        timeoutSeconds: 900,
      }).resource.helm_release,
    ) as Json[];
    expect(releases.map((r) => [r.name, r.version, r.namespace, r.timeout]).sort()).toEqual([
      ['capi-operator', '0.27.0', 'capi-op', 900],
      ['cert-manager', 'v1.20.0', 'cm', 900],
    ]);
  });

  test('rejects chart versions in the wrong form', () => {
    expect(() => synth({ certManagerChartVersion: '1.21.1' })).toThrow(
      'certManagerChartVersion "1.21.1" is not a jetstack chart version. Expected "v<major>.<minor>.<patch>" with the leading "v", e.g. "v1.21.1".',
    );
    expect(() => synth({ operatorChartVersion: 'v0.28.0' })).toThrow(
      'operatorChartVersion "v0.28.0" is not a cluster-api-operator chart version. Expected "<major>.<minor>.<patch>" without a leading "v", e.g. "0.28.0".',
    );
  });
});
