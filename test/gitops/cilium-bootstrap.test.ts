import { Testing, TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { CiliumAddon, talosCiliumValues } from '../../lib/gitops/addons/cilium';
import { CiliumBootstrap, DEFAULT_CILIUM_BOOTSTRAP_TIMEOUT_SECONDS } from '../../lib/gitops/cilium-bootstrap';
import { CHART_VERSIONS } from '../../lib/core/versions';

interface ReleaseJson {
  name: string;
  namespace: string;
  chart: string;
  repository: string;
  version: string;
  values: string[];
  timeout: number;
  lifecycle: { ignore_changes: string[]; prevent_destroy: boolean };
}

function release(props: ConstructorParameters<typeof CiliumBootstrap>[2] = {}): ReleaseJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'stage');
  new CiliumBootstrap(stack, 'Cilium', props);
  const json = JSON.parse(Testing.synth(stack)) as { resource: { helm_release: Record<string, ReleaseJson> } };
  const releases = Object.values(json.resource.helm_release);
  expect(releases).toHaveLength(1);
  return releases[0];
}

describe('CiliumBootstrap (stage 10)', () => {
  test('release cilium in kube-system from helm.cilium.io at the pinned chart, with the defaults', () => {
    const r = release();
    expect([r.name, r.namespace, r.chart, r.repository, r.version]).toEqual([
      'cilium',
      'kube-system',
      'cilium',
      'https://helm.cilium.io',
      CHART_VERSIONS.cilium,
    ]);
    expect(r.timeout).toBe(DEFAULT_CILIUM_BOOTSTRAP_TIMEOUT_SECONDS);
  });

  test('Argo CD owns it after adoption: later values and versions are ignored, and destroying it is refused', () => {
    // hashicorp/helm always runs `helm uninstall` on destroy or replacement: the CNI would go with it.
    expect(release().lifecycle).toEqual({ ignore_changes: ['values', 'version'], prevent_destroy: true });
  });

  test('one definition of the values: stage 10 and the GitOps app that adopts it render the same', () => {
    const options = { l2Announcements: true, operatorReplicas: 1 };
    const bootstrapValues = parse(release(options).values[0]) as Record<string, unknown>;
    expect(bootstrapValues).toEqual(talosCiliumValues(options));
    expect(new CiliumAddon(options).chart!.values).toEqual(bootstrapValues);
  });

  test('Hubble certificates come from the certgen Job, not from each render (no perpetual diff)', () => {
    const values = parse(release().values[0]) as { hubble: { tls: { auto: { method: string } } } };
    expect(values.hubble.tls.auto.method).toBe('cronJob');
  });
});
