// Each addon's prerequisites (lib/core/addon-prerequisites.ts) in the synthesized output of the fixture with every
// addon on: the Image Factory schematic, the Talos patches of the management and workload clusters, the namespace
// Pod Security labels and the Proxmox CSI StorageClasses.
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { ADDON_PREREQUISITES, LONGHORN_DATA_PATH } from '../../../lib/core/addon-prerequisites';
import { imageFactorySchematicId } from '../../../lib/talos/image-factory';
import { workloadClusterProps } from '../../../stacks/gitops-capi';
import { workloadAddons } from '../../../stacks/gitops-platform';
import { platformConfig, workloadSpec } from '../helpers';
import type { Json } from '../helpers';
import { strategicPatches, synthesizeFixture } from './synth-fixture';

const fixture = synthesizeFixture();
const PRIVILEGED = {
  'pod-security.kubernetes.io/enforce': 'privileged',
  'pod-security.kubernetes.io/audit': 'privileged',
  'pod-security.kubernetes.io/warn': 'privileged',
};
const LONGHORN_MOUNT = {
  destination: '/var/lib/longhorn',
  type: 'bind',
  source: '/var/lib/longhorn',
  options: ['bind', 'rshared', 'rw'],
};
const SCHEMATIC_EXTENSIONS = ['siderolabs/iscsi-tools', 'siderolabs/qemu-guest-agent', 'siderolabs/util-linux-tools'];

function app(name: string): Json {
  const file = fixture.files().find((f) => f.startsWith('platform/apps/') && f.endsWith(`-${name}.yaml`));
  if (!file) throw new Error(`no Application ${name} in ${fixture.files().join(', ')}`);
  return fixture.docs(file)[0];
}

function managedLabels(application: Json): Record<string, string> {
  return application.spec.syncPolicy.managedNamespaceMetadata?.labels ?? {};
}

/** The parsed `config_patches` of the stage 10 machine configuration data sources, by construct id. */
function managementConfigPatches(): Record<string, Json[]> {
  const configs = fixture.stack('10-mgmt-talos').data.talos_machine_configuration as Record<string, Json>;
  return Object.fromEntries(
    Object.entries(configs).map(([id, c]) => [id, (c.config_patches as string[]).map((p) => parseYaml(p))]),
  );
}

/** The workload clusters' TalosControlPlane and TalosConfigTemplate documents. */
function talosMachineDocs(): Json[] {
  return fixture
    .files()
    .filter((f) => f.startsWith('clusters/'))
    .flatMap((f) => fixture.docs(f))
    .filter((d) => d.kind === 'TalosControlPlane' || d.kind === 'TalosConfigTemplate');
}

describe('Longhorn', () => {
  test('the schematic stage 00 builds carries iscsi-tools and util-linux-tools', () => {
    const schematics = fixture.stack('00-proxmox-foundation').resource.talos_image_factory_schematic;
    const [schematic] = Object.values(schematics) as Json[];
    for (const extension of ADDON_PREREQUISITES.longhorn!.talosExtensions) {
      expect(schematic.schematic).toContain(`- ${extension}\n`);
    }
    expect(fixture.config.platform.proxmox.image.extensions).toEqual(SCHEMATIC_EXTENSIONS);
  });

  test('every management machine config gets the kubelet mount of /var/lib/longhorn', () => {
    const patches = managementConfigPatches();
    expect(Object.keys(patches).length).toBeGreaterThan(0);
    for (const list of Object.values(patches)) {
      expect(list).toContainEqual({ machine: { kubelet: { extraMounts: [LONGHORN_MOUNT] } } });
    }
  });

  test('every workload control plane and worker template gets the mount, and the installer with the extensions', () => {
    const docs = talosMachineDocs();
    expect(docs.map((d) => `${d.metadata.namespace}/${d.kind}`).sort()).toEqual([
      'prod/TalosConfigTemplate',
      'prod/TalosControlPlane',
      'staging/TalosConfigTemplate',
      'staging/TalosControlPlane',
    ]);
    const installer = `factory.talos.dev/nocloud-installer/${imageFactorySchematicId(SCHEMATIC_EXTENSIONS)}:v1.13.9`;
    for (const doc of docs) {
      const patches = strategicPatches(doc);
      expect(patches).toContainEqual({ machine: { kubelet: { extraMounts: [LONGHORN_MOUNT] } } });
      expect(patches).toContainEqual({ machine: { install: { disk: '/dev/sda', image: installer } } });
    }
  });

  test('privileged namespace on the management cluster and through the fleet; the data path is the mounted one', () => {
    const longhorn = app('longhorn');
    expect(managedLabels(longhorn)).toEqual(PRIVILEGED);
    expect(longhorn.spec.source.helm.valuesObject.defaultSettings).toEqual({ defaultDataPath: LONGHORN_DATA_PATH });
    const [fleet] = fixture.docs('platform/fleet/longhorn.yaml');
    expect(fleet.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels).toEqual(PRIVILEGED);
  });

  test('a workload cluster that opts out of the fleet addon gets no mount', () => {
    const optedOut = { ...workloadSpec('dev'), labels: { 'talos-platform-cdk.dev/addon-longhorn': 'false' } };
    const base = workloadSpec('qa');
    const qaSpec = {
      ...base,
      network: {
        ...base.network,
        cidr: '10.40.0.0/24',
        endpointVip: '10.40.0.10',
        ipPool: { start: '10.40.0.20', end: '10.40.0.40' },
      },
    };
    const config = platformConfig({ addons: { longhorn: { enabled: true } } }, [optedOut, qaSpec]);
    const [dev, qa] = config.clusters.map((c) => workloadClusterProps(config, c));
    expect(dev.extraWorkerPatches).toBeUndefined();
    expect(dev.extraControlPlanePatches).toBeUndefined();
    expect(qa.extraWorkerPatches).toEqual([expect.stringContaining('destination: /var/lib/longhorn')]);
    expect(qa.extraControlPlanePatches).toEqual([expect.stringContaining('destination: /var/lib/longhorn')]);
  });
});

describe('monitoring (kube-prometheus-stack)', () => {
  test('monitoring is privileged: on the app, on the secrets app that creates it first, and through the fleet', () => {
    expect(app('kube-prometheus-stack').spec.destination.namespace).toBe('monitoring');
    expect(managedLabels(app('kube-prometheus-stack'))).toEqual(PRIVILEGED);
    expect(managedLabels(app('monitoring-secrets'))).toEqual(PRIVILEGED);
    const [fleet] = fixture.docs('platform/fleet/kube-prometheus-stack.yaml');
    expect(fleet.spec.template.spec.syncPolicy.managedNamespaceMetadata.labels).toEqual(PRIVILEGED);
  });
});

describe('Velero', () => {
  test('its node agent namespace is privileged', () => {
    expect(managedLabels(app('velero'))).toEqual(PRIVILEGED);
  });
});

describe('addons without prerequisites', () => {
  test.each(['external-dns', 'external-secrets', 'loki', 'alloy'])("%s keeps Talos' default level", (name) => {
    expect(managedLabels(app(name))).toEqual({});
  });
});

describe('Proxmox CSI', () => {
  test('every management node is labelled with the region and the Proxmox node of its VM', () => {
    const applies = fixture.stack('10-mgmt-talos').resource.talos_machine_configuration_apply as Record<string, Json>;
    const labels = Object.values(applies).map((a) => {
      const patch = (a.config_patches as string[]).map((p) => parseYaml(p)).find((p) => p.machine?.nodeLabels);
      return patch?.machine.nodeLabels;
    });
    const zones = fixture.config.platform.management.machines.map((m) => m.proxmoxNode);
    expect(zones).toEqual(['pve1', 'pve2', 'pve3']);
    expect(labels).toEqual(
      zones.map((zone) => ({ 'topology.kubernetes.io/region': 'lab', 'topology.kubernetes.io/zone': zone })),
    );
  });

  test('one StorageClass per datastore the spec names, the shared one binding at once', () => {
    const csi = app('proxmox-csi');
    expect(csi.spec.source).toMatchObject({
      repoURL: 'oci://ghcr.io/sergelogvinov/charts/proxmox-csi-plugin',
      path: '.',
      targetRevision: '0.5.9',
    });
    expect(csi.spec.source.helm.valuesObject.storageClass).toEqual([
      {
        name: 'proxmox-ceph-vm',
        storage: 'ceph-vm',
        fstype: 'xfs',
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'Immediate',
      },
      {
        name: 'proxmox-local',
        storage: 'local-lvm',
        fstype: 'ext4',
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
      },
    ]);
  });

  test('privileged csi-proxmox, created by the app that delivers the encrypted config', () => {
    expect(managedLabels(app('proxmox-csi'))).toEqual(PRIVILEGED);
    const secrets = app('proxmox-csi-secrets');
    expect(secrets.spec.destination.namespace).toBe('csi-proxmox');
    expect(managedLabels(secrets)).toEqual(PRIVILEGED);
    expect(app('proxmox-csi').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('2');
    const [secret] = fixture.docs('platform/proxmox-csi-secrets/proxmox-csi-plugin.sops.yaml');
    expect(secret.metadata).toEqual({ name: 'proxmox-csi-plugin', namespace: 'csi-proxmox' });
    // `--from-file` values go to `data`; sops encrypts them in place.
    expect(secret.data['config.yaml']).toMatch(/^ENC\[AES256_GCM,/);
    expect(secret.sops).toBeDefined();
  });

  test('not offered to workload clusters, whose nodes get no static topology labels', () => {
    expect(fixture.files()).not.toContain('platform/fleet/proxmox-csi.yaml');
    for (const doc of talosMachineDocs()) expect(strategicPatches(doc).some((p) => p.machine?.nodeLabels)).toBe(false);
  });
});

test('no plaintext value of the fixture Secrets anywhere in the output', () => {
  const plaintext = ['test-fixture-not-a-token', 'fixture-cf-token', 'fixture-grafana-password', 'fixture-s3-secret'];
  const read = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? read(p) : [fs.readFileSync(p, 'utf8')];
    });
  const all = [...read(fixture.tfOutdir), ...read(fixture.k8sOutdir)].join('\n');
  for (const value of plaintext) expect(all).not.toContain(value);
});

test('the data says which addons reach workload clusters: exactly the fleet addons that have prerequisites', () => {
  const fleet = workloadAddons(fixture.config);
  const reaching = Object.values(ADDON_PREREQUISITES).flatMap((p) => (p!.fleetAppName ? [p!.fleetAppName] : []));
  expect(
    fleet
      .filter((a) => a.prerequisites)
      .map((a) => a.name)
      .sort(),
  ).toEqual([...reaching].sort());
});
