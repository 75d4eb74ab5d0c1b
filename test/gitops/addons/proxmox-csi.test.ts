// The Proxmox CSI addon (lib/gitops/addons/proxmox-csi.ts) and the OCI chart source it is delivered with.
import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { CHART_VERSIONS } from '../../../lib/core/versions';
import { AppOfApps } from '../../../lib/gitops/app-of-apps';
import {
  PROXMOX_CSI_CHART,
  PROXMOX_CSI_CONFIG_SECRET,
  PROXMOX_CSI_HELM_REPOSITORY,
  PROXMOX_CSI_NAMESPACE,
  ProxmoxCsiAddon,
} from '../../../lib/gitops/addons/proxmox-csi';
import { ApplicationSource } from '../../../lib/gitops/source';
import { renderTree } from '../helpers';

const CEPH = { name: 'proxmox-ceph', datastore: 'ceph-vm', shared: true };
const LOCAL = { name: 'proxmox-local', datastore: 'local-lvm' };

describe('ProxmoxCsiAddon', () => {
  const addon = new ProxmoxCsiAddon({
    storageClasses: [CEPH, { ...LOCAL, isDefault: true }],
    configSecretApp: 'csi-secrets',
  });

  test('the pinned chart from the plugin registry, in csi-proxmox, after the app that delivers its config', () => {
    expect(addon.chart).toMatchObject({
      repoUrl: 'oci://ghcr.io/sergelogvinov/charts',
      chart: 'proxmox-csi-plugin',
      version: '0.5.9',
    });
    expect(CHART_VERSIONS.proxmoxCsi).toBe('0.5.9');
    expect(addon.namespace).toBe(PROXMOX_CSI_NAMESPACE);
    expect(addon.syncWave).toBe(2);
    expect(addon.needs).toEqual(['csi-secrets']);
  });

  test('privileged namespace and the topology labels as prerequisites', () => {
    expect(addon.namespaceLabels).toEqual({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/warn': 'privileged',
    });
    expect(addon.prerequisites?.nodeLabels).toEqual(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone']);
    expect(addon.prerequisites?.talosExtensions).toEqual([]);
  });

  test('the token only through the existing Secret; no config, no Namespace object from the chart', () => {
    const values = addon.chart!.values;
    expect(values.existingConfigSecret).toBe(PROXMOX_CSI_CONFIG_SECRET);
    expect(values.existingConfigSecretKey).toBe('config.yaml');
    expect(values.createNamespace).toBe(false);
    expect(values).not.toHaveProperty('config');
    expect(JSON.stringify(values)).not.toMatch(/token/i);
  });

  test('one StorageClass per datastore: shared binds at once, node-local at the first consumer; one default', () => {
    expect(addon.chart!.values.storageClass).toEqual([
      {
        name: 'proxmox-ceph',
        storage: 'ceph-vm',
        fstype: 'ext4',
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'Immediate',
      },
      {
        name: 'proxmox-local',
        storage: 'local-lvm',
        fstype: 'ext4',
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'WaitForFirstConsumer',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
    ]);
  });

  test('the controller on control planes (the plugin docs place it there)', () => {
    expect(addon.chart!.values.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': '' });
    expect(addon.chart!.values.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ]);
  });

  test('not offered to workload clusters: their VMs land on nodes CAPMOX picks, so no static zone label', () => {
    expect(addon.fleet).toBe(false);
  });

  test('bad input: no StorageClass, two defaults', () => {
    expect(() => new ProxmoxCsiAddon({ storageClasses: [] })).toThrow(/storageClasses is empty; expected at least one/);
    expect(
      () =>
        new ProxmoxCsiAddon({
          storageClasses: [
            { ...CEPH, isDefault: true },
            { ...LOCAL, isDefault: true },
          ],
        }),
    ).toThrow('proxmox-csi: proxmox-ceph, proxmox-local are all marked default; expected at most one');
  });
});

describe('an OCI chart source (Argo CD v3.1+)', () => {
  test('repoURL is the chart artifact, path ".", no chart field', () => {
    const source = ApplicationSource.helmChart({
      repoUrl: PROXMOX_CSI_HELM_REPOSITORY,
      chart: PROXMOX_CSI_CHART,
      targetRevision: '0.5.9',
      values: { a: 1 },
    });
    expect(source.sourceRepoUrl).toBe('oci://ghcr.io/sergelogvinov/charts/proxmox-csi-plugin');
    expect(source._render()).toEqual({
      repoUrl: 'oci://ghcr.io/sergelogvinov/charts/proxmox-csi-plugin',
      path: '.',
      targetRevision: '0.5.9',
      helm: { releaseName: undefined, valuesObject: { a: 1 } },
    });
  });

  test('an https chart repository is unchanged', () => {
    const source = ApplicationSource.helmChart({
      repoUrl: 'https://charts.longhorn.io',
      chart: 'longhorn',
      targetRevision: '1',
    });
    expect(source.sourceRepoUrl).toBe('https://charts.longhorn.io');
    expect(source._render()).toEqual({ repoUrl: 'https://charts.longhorn.io', chart: 'longhorn', targetRevision: '1' });
  });

  test('the Application the app-of-apps writes', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const apps = new AppOfApps(app, 'Platform', { repoUrl: 'https://g/r.git', targetRevision: 'main' });
    apps.addAddon(new ProxmoxCsiAddon({ storageClasses: [CEPH] }));
    const { files, errors } = renderTree(app);
    expect(errors).toEqual([]);
    const application = parse(files.get('platform/apps/02-proxmox-csi.yaml')!);
    expect(application.spec.source).toMatchObject({
      repoURL: 'oci://ghcr.io/sergelogvinov/charts/proxmox-csi-plugin',
      path: '.',
      targetRevision: '0.5.9',
    });
    expect(application.spec.source).not.toHaveProperty('chart');
    expect(application.spec.syncPolicy.managedNamespaceMetadata.labels['pod-security.kubernetes.io/enforce']).toBe(
      'privileged',
    );
  });
});
