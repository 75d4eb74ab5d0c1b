import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { CertManagerAddon } from '../../lib/gitops/addons/cert-manager';
import { CiliumAddon, talosCiliumValues } from '../../lib/gitops/addons/cilium';
import { LokiAddon } from '../../lib/gitops/addons/loki';
import { LonghornAddon } from '../../lib/gitops/addons/longhorn';
import { fleetAddonLabel } from '../../lib/gitops/constants';
import { FLEET_CLUSTER_LABEL, FLEET_FOLDER, Fleet, fleetClusterLabels } from '../../lib/gitops/fleet';
import { renderTree } from './helpers';

function fleetFiles(build: (app: App) => void): Map<string, string> {
  const app = new App({ outdir: Testing.app().outdir });
  build(app);
  const { files, errors } = renderTree(app);
  expect(errors).toEqual([]);
  return files;
}

describe('Fleet', () => {
  const files = fleetFiles((app) => {
    new Fleet(app, 'Fleet', { addons: [new CiliumAddon(), new CertManagerAddon(), new LonghornAddon()], project: 'platform' });
  });
  const cilium = parse(files.get(`${FLEET_FOLDER}/cilium.yaml`)!);

  test('one ApplicationSet per addon under platform/fleet/', () => {
    expect([...files.keys()]).toEqual([
      'platform/fleet/cert-manager.yaml',
      'platform/fleet/cilium.yaml',
      'platform/fleet/longhorn.yaml',
    ]);
    expect(cilium.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(cilium.kind).toBe('ApplicationSet');
    expect(cilium.metadata).toEqual({ name: 'fleet-cilium', namespace: 'argocd', labels: { 'talos-platform-cdk.dev/app': 'cilium' } });
  });

  test('go templates with missingkey=error', () => {
    expect(cilium.spec.goTemplate).toBe(true);
    expect(cilium.spec.goTemplateOptions).toEqual(['missingkey=error']);
  });

  test('a clusters generator selecting on talos-platform-cdk.dev/addon-<addon>: "true"', () => {
    expect(cilium.spec.generators).toEqual([
      { clusters: { selector: { matchLabels: { 'talos-platform-cdk.dev/addon-cilium': 'true' } } } },
    ]);
    expect(fleetAddonLabel('cilium')).toBe('talos-platform-cdk.dev/addon-cilium');
  });

  test('the template: <cluster>-<addon>, cluster label, the cluster server, the same Talos Cilium values', () => {
    const template = cilium.spec.template;
    expect(template.metadata).toEqual({
      name: '{{.name}}-cilium',
      labels: { 'talos-platform-cdk.dev/app': 'cilium', [FLEET_CLUSTER_LABEL]: '{{.name}}' },
    });
    expect(template.spec.project).toBe('platform');
    expect(template.spec.destination).toEqual({ server: '{{.server}}', namespace: 'kube-system' });
    expect(template.spec.source).toEqual({
      repoURL: 'https://helm.cilium.io',
      chart: 'cilium',
      targetRevision: '1.20.2',
      helm: { releaseName: 'cilium', valuesObject: talosCiliumValues() },
    });
    expect(template.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'ServerSideApply=true']);
    expect(template.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('addons that cascade keep the finalizer; namespace labels carry over', () => {
    const longhorn = parse(files.get(`${FLEET_FOLDER}/longhorn.yaml`)!);
    expect(longhorn.spec.template.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    expect(longhorn.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels['pod-security.kubernetes.io/enforce']).toBe(
      'privileged',
    );
  });

  test('an addon that is not offered to workload clusters is refused', () => {
    const app = new App({ outdir: Testing.app().outdir });
    expect(() => new Fleet(app, 'Fleet', { addons: [new LokiAddon()] })).toThrow(
      'Fleet: addon "loki" is not offered to workload clusters; expected a chart addon with fleet: true (Cilium, ' +
        'cert-manager, Longhorn, kube-prometheus-stack, External Secrets). Fix: leave it out of the fleet.',
    );
  });

  test('"{{" in values is refused (the ApplicationSet would evaluate it)', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const addon = new CiliumAddon({ extraValues: { annotations: { x: '{{ .foo }}' } } });
    expect(() => new Fleet(app, 'Fleet', { addons: [addon] })).toThrow(
      'Fleet: the values of addon "cilium" contain "{{", which the fleet\'s ApplicationSet (goTemplate) would ' +
        'evaluate as a template. Expected no "{{" in fleet values. Fix: escape it as {{ "{{" }} or keep the addon ' +
        'off the fleet.',
    );
  });
});

test('fleetClusterLabels: one label per fleet addon; the cluster\'s own labels win', () => {
  expect(fleetClusterLabels([new CiliumAddon(), new CertManagerAddon(), new LokiAddon()], {
    team: 'a',
    'talos-platform-cdk.dev/addon-cert-manager': 'false',
  })).toEqual({
    'talos-platform-cdk.dev/addon-cert-manager': 'false',
    'talos-platform-cdk.dev/addon-cilium': 'true',
    team: 'a',
  });
});
