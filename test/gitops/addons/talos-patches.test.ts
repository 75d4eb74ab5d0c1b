// The Talos patch builders for addon prerequisites (lib/talos/patches/kubelet-extra-mounts.ts, node-labels.ts,
// addon-patches.ts) and the prerequisite model they read (lib/core/addon-prerequisites.ts).
import {
  ADDON_PREREQUISITES,
  managementRequirements,
  requiredKubeletMounts,
  requiredTalosExtensions,
} from '../../../lib/core/addon-prerequisites';
import { addonTalosPatches, needsTopologyLabels, topologyLabelsPatch } from '../../../lib/talos/patches/addon-patches';
import { kubeletExtraMountsPatch } from '../../../lib/talos/patches/kubelet-extra-mounts';
import { nodeLabelsPatch } from '../../../lib/talos/patches/node-labels';
import { platformConfig } from '../helpers';

const MOUNT = {
  destination: '/var/lib/longhorn',
  type: 'bind',
  source: '/var/lib/longhorn',
  options: ['bind', 'rshared', 'rw'],
};

describe('kubeletExtraMountsPatch', () => {
  test('machine.kubelet.extraMounts, with the Talos v1alpha1.ExtraMount fields', () => {
    expect(kubeletExtraMountsPatch([MOUNT]).toYaml()).toBe(
      'machine:\n  kubelet:\n    extraMounts:\n      - destination: /var/lib/longhorn\n        type: bind\n' +
        '        source: /var/lib/longhorn\n        options:\n          - bind\n          - rshared\n          - rw\n',
    );
  });

  test('bad input: none, a relative path', () => {
    expect(() => kubeletExtraMountsPatch([])).toThrow(/kubeletExtraMountsPatch: mounts/);
    expect(() => kubeletExtraMountsPatch([{ ...MOUNT, source: 'var/lib/longhorn' }])).toThrow(
      'kubeletExtraMountsPatch: mounts[0].source "var/lib/longhorn" is not an absolute path',
    );
  });
});

describe('nodeLabelsPatch and the topology labels', () => {
  test('sorted machine.nodeLabels', () => {
    expect(nodeLabelsPatch({ b: '2', 'example.com/a': '1' }).document).toEqual({
      machine: { nodeLabels: { b: '2', 'example.com/a': '1' } },
    });
    expect(topologyLabelsPatch('lab', 'pve2').document).toEqual({
      machine: { nodeLabels: { 'topology.kubernetes.io/region': 'lab', 'topology.kubernetes.io/zone': 'pve2' } },
    });
  });

  test('bad input: no label, an invalid key or value', () => {
    expect(() => nodeLabelsPatch({})).toThrow('nodeLabelsPatch: labels is empty');
    expect(() => nodeLabelsPatch({ 'bad key': 'x' })).toThrow('"bad key: x" is not a valid Kubernetes label');
    expect(() => topologyLabelsPatch('lab', 'pve 2')).toThrow('is not a valid Kubernetes label');
  });
});

describe('the prerequisites of the enabled addons', () => {
  test('nothing on by default: no extension, no patch, no labels', () => {
    const none = managementRequirements(platformConfig().platform.addons);
    expect(none).toEqual([]);
    expect(addonTalosPatches(none)).toEqual([]);
    expect(needsTopologyLabels(none)).toBe(false);
  });

  test('Longhorn, monitoring and Proxmox CSI: their extensions once, one mount, topology labels', () => {
    const config = platformConfig({
      addons: {
        longhorn: { enabled: true },
        monitoring: { enabled: true },
        proxmoxCsi: { enabled: true, storageClasses: [{ datastore: 'local-lvm' }] },
      },
    });
    const requirements = managementRequirements(config.platform.addons);
    expect(requirements.map((r) => r.addon)).toEqual(['longhorn', 'monitoring', 'proxmoxCsi']);
    expect(requiredTalosExtensions(requirements)).toEqual(['siderolabs/iscsi-tools', 'siderolabs/util-linux-tools']);
    expect(requiredKubeletMounts([...requirements, ...requirements])).toEqual([MOUNT]);
    expect(addonTalosPatches(requirements).map((p) => p.document)).toEqual([
      { machine: { kubelet: { extraMounts: [MOUNT] } } },
    ]);
    expect(needsTopologyLabels(requirements)).toBe(true);
    expect(config.platform.proxmox.image.extensions).toEqual([
      'siderolabs/iscsi-tools',
      'siderolabs/qemu-guest-agent',
      'siderolabs/util-linux-tools',
    ]);
  });

  test('every addon with prerequisites needs a privileged namespace (each needs host access on Talos)', () => {
    expect(Object.entries(ADDON_PREREQUISITES).map(([k, p]) => [k, p!.podSecurity])).toEqual([
      ['longhorn', 'privileged'],
      ['monitoring', 'privileged'],
      ['velero', 'privileged'],
      ['proxmoxCsi', 'privileged'],
    ]);
  });
});
