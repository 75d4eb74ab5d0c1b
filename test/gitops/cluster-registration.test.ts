import { App, Chart, Testing } from 'cdk8s';
import { ArgoCdClusterRegistration } from '../../lib/gitops/cluster-registration';

// Synthesized JSON is untyped; tests read it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * JMESPath functions the policy may call: Kyverno 1.19.0's own (pkg/engine/jmespath/functions.go, the ones used
 * here) and the JMESPath standard library. A call to anything else would fail only on a live cluster.
 */
const KYVERNO_1_19_FUNCTIONS = new Set(['base64_decode', 'base64_encode', 'parse_yaml', 'parse_json']);
const JMESPATH_STANDARD_FUNCTIONS = new Set(['to_string', 'to_number', 'join', 'length', 'keys', 'values']);

function build(labels: Record<string, string> = { tier: 'production' }, argocdNamespace?: string): Json {
  const chart = new Chart(new App(), 'registration');
  new ArgoCdClusterRegistration(chart, 'Prod', {
    clusterName: 'prod',
    clusterNamespace: 'prod',
    labels,
    argocdNamespace,
  });
  return Testing.synth(chart)[0];
}

describe('ArgoCdClusterRegistration', () => {
  const policy = build();
  const rule = policy.spec.rules[0];

  test('a Kyverno ClusterPolicy triggered by the CAPI <cluster>-kubeconfig Secret', () => {
    expect(policy.apiVersion).toBe('kyverno.io/v1');
    expect(policy.kind).toBe('ClusterPolicy');
    expect(policy.metadata.name).toBe('argocd-cluster-prod');
    expect(rule.match).toEqual({
      any: [{ resources: { kinds: ['Secret'], names: ['prod-kubeconfig'], namespaces: ['prod'] } }],
    });
    expect(rule.context[0]).toEqual({
      name: 'kubeconfig',
      variable: { jmesPath: 'request.object.data.value | base64_decode(@) | parse_yaml(@)' },
    });
  });

  test('generates the Argo CD cluster Secret, kept in sync, removed with its trigger', () => {
    expect(rule.generate).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      name: 'cluster-prod',
      namespace: 'argocd',
      synchronize: true,
      generateExisting: true,
    });
    expect(rule.generate.orphanDownstreamOnPolicyDelete).toBeUndefined();
    const data = rule.generate.data;
    expect(data.metadata.labels).toEqual({ 'argocd.argoproj.io/secret-type': 'cluster', tier: 'production' });
    expect(Buffer.from(data.data.name, 'base64').toString()).toBe('prod');
    expect(data.data.server).toBe('{{ kubeconfig.clusters[0].cluster.server | base64_encode(@) }}');
    expect(data.data.config).toBe('{{ clusterConfig | base64_encode(@) }}');
    expect(rule.context[1].variable.value.tlsClientConfig).toEqual({
      caData: '{{ kubeconfig.clusters[0].cluster."certificate-authority-data" }}',
      certData: '{{ kubeconfig.users[0].user."client-certificate-data" }}',
      keyData: '{{ kubeconfig.users[0].user."client-key-data" }}',
    });
  });

  test('Argo CD keeps the policy when its file goes (Prune=false, Delete=false)', () => {
    expect(policy.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('Prune=false,Delete=false');
  });

  test('every JMESPath function called exists in Kyverno 1.19 or standard JMESPath', () => {
    const calls = [...JSON.stringify(policy.spec).matchAll(/\b([a-z][a-z0-9_]*)\(/g)].map((m) => m[1]);
    expect(new Set(calls)).toEqual(new Set(['base64_decode', 'parse_yaml', 'to_string', 'base64_encode']));
    expect(calls.filter((fn) => !KYVERNO_1_19_FUNCTIONS.has(fn) && !JMESPATH_STANDARD_FUNCTIONS.has(fn))).toEqual([]);
  });

  test('no credential in the policy: only JMESPath references to the kubeconfig', () => {
    const text = JSON.stringify(policy);
    expect(text).not.toMatch(/BEGIN (CERTIFICATE|PRIVATE KEY|RSA)/);
    expect(text).not.toMatch(/LS0tLS1CRUdJTi/); // base64 of "-----BEGIN"
  });

  test('another Argo CD namespace', () => {
    expect(build({}, 'gitops').spec.rules[0].generate.namespace).toBe('gitops');
  });

  test('bad input is refused', () => {
    const make =
      (clusterName: string, labels: Record<string, string> = {}) =>
      () =>
        new ArgoCdClusterRegistration(new Chart(new App(), 'c'), 'R', {
          clusterName,
          clusterNamespace: 'prod',
          labels,
        });
    expect(make('Prod')).toThrow('c/R: clusterName "Prod" is not a DNS label; expected e.g. "prod"');
    expect(make('prod', { 'argocd.argoproj.io/secret-type': 'repository' })).toThrow(
      'c/R: labels set argocd.argoproj.io/secret-type, which the registration owns; remove it',
    );
  });
});
