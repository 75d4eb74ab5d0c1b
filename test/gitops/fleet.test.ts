import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { CertManagerAddon } from '../../lib/gitops/addons/cert-manager';
import { CiliumAddon } from '../../lib/gitops/addons/cilium';
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
    new Fleet(app, 'Fleet', { addons: [new CertManagerAddon(), new LonghornAddon()], project: 'platform' });
  });
  const certManager = parse(files.get(`${FLEET_FOLDER}/cert-manager.yaml`)!);

  test('one ApplicationSet per addon under platform/fleet/', () => {
    expect([...files.keys()]).toEqual(['platform/fleet/cert-manager.yaml', 'platform/fleet/longhorn.yaml']);
    expect(certManager.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(certManager.kind).toBe('ApplicationSet');
    expect(certManager.metadata).toEqual({
      name: 'fleet-cert-manager',
      namespace: 'argocd',
      labels: { 'talos-platform-cdk.dev/app': 'cert-manager' },
    });
  });

  test('go templates with missingkey=error', () => {
    expect(certManager.spec.goTemplate).toBe(true);
    expect(certManager.spec.goTemplateOptions).toEqual(['missingkey=error']);
  });

  test('a clusters generator selecting on talos-platform-cdk.dev/addon-<addon>: "true"', () => {
    expect(certManager.spec.generators).toEqual([
      { clusters: { selector: { matchLabels: { 'talos-platform-cdk.dev/addon-cert-manager': 'true' } } } },
    ]);
    expect(fleetAddonLabel('cert-manager')).toBe('talos-platform-cdk.dev/addon-cert-manager');
  });

  test('the template: <cluster>-<addon>, cluster label, the cluster server, the addon chart', () => {
    const template = certManager.spec.template;
    expect(template.metadata).toMatchObject({
      name: '{{.name}}-cert-manager',
      labels: { 'talos-platform-cdk.dev/app': 'cert-manager', [FLEET_CLUSTER_LABEL]: '{{.name}}' },
    });
    expect(template.spec.project).toBe('platform');
    expect(template.spec.destination).toEqual({ server: '{{.server}}', namespace: 'cert-manager' });
    expect(template.spec.source).toMatchObject({ repoURL: 'https://charts.jetstack.io', chart: 'cert-manager' });
    expect(template.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('the CNI is refused: CAAPH owns Cilium on workload clusters', () => {
    const app = new App({ outdir: Testing.app().outdir });
    expect(() => new Fleet(app, 'Fleet', { addons: [new CiliumAddon()] })).toThrow(
      'Fleet: addon "cilium" is the CNI, which the fleet must not install: on a workload cluster Cluster API Add-on ' +
        'Provider Helm owns Cilium (WorkloadClusterCilium), from before the cluster is registered. Fix: leave it out of the fleet.',
    );
    expect(new CiliumAddon().fleet).toBe(false);
  });

  test('addons that cascade keep the finalizer; namespace labels carry over', () => {
    const longhorn = parse(files.get(`${FLEET_FOLDER}/longhorn.yaml`)!);
    expect(longhorn.spec.template.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    expect(
      longhorn.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels['pod-security.kubernetes.io/enforce'],
    ).toBe('privileged');
  });

  test('an addon that is not offered to workload clusters is refused', () => {
    const app = new App({ outdir: Testing.app().outdir });
    expect(() => new Fleet(app, 'Fleet', { addons: [new LokiAddon()] })).toThrow(
      'Fleet: addon "loki" is not offered to workload clusters; expected a chart addon with fleet: true ' +
        '(cert-manager, Longhorn, kube-prometheus-stack, External Secrets). Fix: leave it out of the fleet.',
    );
  });

  test('"{{" in values is refused (the ApplicationSet would evaluate it)', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const addon = new CertManagerAddon({ extraValues: { annotations: { x: '{{ .foo }}' } } });
    expect(() => new Fleet(app, 'Fleet', { addons: [addon] })).toThrow(
      'Fleet: the values of addon "cert-manager" contain "{{", which the fleet\'s ApplicationSet (goTemplate) would ' +
        'evaluate as a template. Expected no "{{" in fleet values. Fix: escape it as {{ "{{" }} or keep the addon ' +
        'off the fleet.',
    );
  });
});

test("fleetClusterLabels: one label per fleet addon; the cluster's own labels win", () => {
  expect(
    fleetClusterLabels([new CiliumAddon(), new CertManagerAddon(), new LokiAddon()], {
      team: 'a',
      'talos-platform-cdk.dev/addon-cert-manager': 'false',
    }),
  ).toEqual({
    'talos-platform-cdk.dev/addon-cert-manager': 'false',
    team: 'a',
  });
});
