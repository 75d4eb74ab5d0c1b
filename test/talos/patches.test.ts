import { parse } from 'yaml';
import {
  allowSchedulingOnControlPlanesPatch,
  clusterIdentityPatch,
  cniNonePatch,
  DEFAULT_LINK_ALIAS,
  externalCloudProviderPatch,
  hostnamePatch,
  installPatch,
  KUBEPRISM_DEFAULT_PORT,
  kubeletExternalCloudProviderPatch,
  kubeletNodeIpPatch,
  kubePrismPatch,
  kubeProxyDisabledPatch,
  kubernetesTalosApiAccessPatch,
  layer2VipPatch,
  LinkSelector,
  linkAliasPatch,
  nameserversPatch,
  patchesToYaml,
  staticLinkPatch,
  TALOS_CCM_NAMESPACE,
  TALOS_CCM_TALOS_API_ROLES,
  talosCcmManifestUrl,
  talosCcmPatches,
} from '../../lib/talos/patches';
import { TALOS_CCM_VERSION } from '../../lib/core/versions';
import type { TalosPatch } from '../../lib/talos/patches';
import { talosSchemaErrors } from './talos-schema';

const INSTALLER =
  'factory.talos.dev/nocloud-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.9';

/** Every builder with representative arguments: each must produce a document the Talos schema accepts. */
const ALL_PATCHES: Record<string, TalosPatch> = {
  cniNone: cniNonePatch(),
  kubeProxyDisabled: kubeProxyDisabledPatch(),
  kubePrism: kubePrismPatch(),
  kubePrismCustomPort: kubePrismPatch({ port: 7446 }),
  install: installPatch({ disk: '/dev/sda', image: INSTALLER }),
  hostname: hostnamePatch('mgmt-cp-1'),
  linkAliasMac: linkAliasPatch(LinkSelector.macAddress('BC:24:11:00:1F:A4')),
  linkAliasDriver: linkAliasPatch(LinkSelector.driver('virtio_net'), 'lan0'),
  staticLink: staticLinkPatch({ addresses: ['10.20.0.11/24'], gateway: '10.20.0.1' }),
  staticLinkNoGatewayMtu: staticLinkPatch({ addresses: ['10.20.0.11/24'], link: 'lan0', mtu: 9000 }),
  vip: layer2VipPatch('10.20.0.5'),
  nameservers: nameserversPatch(['10.20.0.1', '1.1.1.1']),
  scheduling: allowSchedulingOnControlPlanesPatch(),
  kubeletNodeIp: kubeletNodeIpPatch(['10.20.0.0/24']),
  clusterIdentity: clusterIdentityPatch({ clusterName: 'mgmt', endpoint: 'https://10.20.0.5:6443' }),
  externalCloudProvider: externalCloudProviderPatch([talosCcmManifestUrl()]),
  externalCloudProviderNoManifests: externalCloudProviderPatch(),
  kubeletExternalCloudProvider: kubeletExternalCloudProviderPatch(),
  kubernetesTalosApiAccess: kubernetesTalosApiAccessPatch({
    allowedRoles: ['os:reader'],
    allowedKubernetesNamespaces: ['kube-system'],
  }),
  ...Object.fromEntries(talosCcmPatches().controlPlane.map((p, i) => [`talosCcmControlPlane${i}`, p])),
  ...Object.fromEntries(talosCcmPatches().worker.map((p, i) => [`talosCcmWorker${i}`, p])),
};

describe('Talos patches against the Talos 1.13 machine-config schema', () => {
  it.each(Object.entries(ALL_PATCHES))('%s is valid', (_name, patch) => {
    expect(talosSchemaErrors(patch.document)).toEqual([]);
    // what Terraform and CABPT receive is the YAML text: it must parse back to the same document
    expect(parse(patch.toYaml())).toEqual(patch.document);
    expect(JSON.parse(patch.toJson())).toEqual(patch.document);
  });

  it('the schema rejects a field Talos 1.13 no longer has (the check is not a no-op)', () => {
    const legacy = { machine: { network: { interfaces: [{ vip: { ip: '10.20.0.5' } }] } } };
    expect(talosSchemaErrors(legacy).join('\n')).toContain('must NOT have additional properties');
  });
});

describe('patch documents', () => {
  it('CNI none', () => {
    expect(cniNonePatch().document).toEqual({ cluster: { network: { cni: { name: 'none' } } } });
  });

  it('kube-proxy disabled', () => {
    expect(kubeProxyDisabledPatch().document).toEqual({ cluster: { proxy: { disabled: true } } });
  });

  it('KubePrism on, default port 7445', () => {
    expect(KUBEPRISM_DEFAULT_PORT).toBe(7445);
    expect(kubePrismPatch().document).toEqual({ machine: { features: { kubePrism: { enabled: true, port: 7445 } } } });
  });

  it('install disk and image', () => {
    expect(installPatch({ disk: '/dev/sda', image: INSTALLER }).document).toEqual({
      machine: { install: { disk: '/dev/sda', image: INSTALLER } },
    });
  });

  it('hostname turns automatic hostnames off (the generated config has auto: stable)', () => {
    expect(hostnamePatch('mgmt-cp-1').document).toEqual({
      apiVersion: 'v1alpha1',
      kind: 'HostnameConfig',
      auto: 'off',
      hostname: 'mgmt-cp-1',
    });
    // `off` must stay a string for go-yaml: YAML 1.1 quoting
    expect(hostnamePatch('mgmt-cp-1').toYaml()).toContain('auto: "off"');
  });

  it('link alias by MAC (lower-cased) with the default alias net0', () => {
    expect(DEFAULT_LINK_ALIAS).toBe('net0');
    expect(linkAliasPatch(LinkSelector.macAddress('BC:24:11:00:1F:A4')).document).toEqual({
      apiVersion: 'v1alpha1',
      kind: 'LinkAliasConfig',
      name: 'net0',
      selector: { match: 'mac(link.permanent_addr) == "bc:24:11:00:1f:a4"' },
    });
  });

  it('link selector by driver and by expression', () => {
    expect(LinkSelector.driver('virtio_net').match).toBe('link.driver == "virtio_net"');
    expect(LinkSelector.expression('link.type == 1').match).toBe('link.type == 1');
  });

  it('static link with default route', () => {
    expect(staticLinkPatch({ addresses: ['10.20.0.11/24'], gateway: '10.20.0.1' }).document).toEqual({
      apiVersion: 'v1alpha1',
      kind: 'LinkConfig',
      name: 'net0',
      addresses: [{ address: '10.20.0.11/24' }],
      routes: [{ destination: '0.0.0.0/0', gateway: '10.20.0.1' }],
    });
  });

  it('static link without gateway has no routes', () => {
    expect(staticLinkPatch({ addresses: ['10.20.0.11/24'] }).document).not.toHaveProperty('routes');
  });

  it('VIP on net0', () => {
    expect(layer2VipPatch('10.20.0.5').document).toEqual({
      apiVersion: 'v1alpha1',
      kind: 'Layer2VIPConfig',
      name: '10.20.0.5',
      link: 'net0',
    });
  });

  it('nameservers', () => {
    expect(nameserversPatch(['10.20.0.1']).document).toEqual({
      apiVersion: 'v1alpha1',
      kind: 'ResolverConfig',
      nameservers: [{ address: '10.20.0.1' }],
    });
  });

  it('scheduling on control planes, kubelet node IP, cluster identity', () => {
    expect(allowSchedulingOnControlPlanesPatch().document).toEqual({
      cluster: { allowSchedulingOnControlPlanes: true },
    });
    expect(kubeletNodeIpPatch(['10.20.0.0/24']).document).toEqual({
      machine: { kubelet: { nodeIP: { validSubnets: ['10.20.0.0/24'] } } },
    });
    expect(clusterIdentityPatch({ clusterName: 'mgmt', endpoint: 'https://10.20.0.5:6443' }).document).toEqual({
      cluster: { clusterName: 'mgmt', controlPlane: { endpoint: 'https://10.20.0.5:6443' } },
    });
  });

  it('external cloud provider with the pinned Talos CCM manifest', () => {
    expect(TALOS_CCM_VERSION).toBe('v1.12.0');
    const url =
      'https://raw.githubusercontent.com/siderolabs/talos-cloud-controller-manager/v1.12.0/docs/deploy/cloud-controller-manager.yml';
    expect(talosCcmManifestUrl()).toBe(url);
    expect(externalCloudProviderPatch([url]).document).toEqual({
      cluster: { externalCloudProvider: { enabled: true, manifests: [url] } },
    });
    expect(externalCloudProviderPatch().document).toEqual({ cluster: { externalCloudProvider: { enabled: true } } });
  });

  it('kubelet cloud-provider external, and the flag stays a string', () => {
    const patch = kubeletExternalCloudProviderPatch();
    expect(patch.document).toEqual({ machine: { kubelet: { extraArgs: { 'cloud-provider': 'external' } } } });
    expect(patch.toYaml()).toBe('machine:\n  kubelet:\n    extraArgs:\n      cloud-provider: external\n');
  });

  it('Talos API access', () => {
    expect(
      kubernetesTalosApiAccessPatch({ allowedRoles: ['os:reader'], allowedKubernetesNamespaces: ['kube-system'] })
        .document,
    ).toEqual({
      machine: {
        features: {
          kubernetesTalosAPIAccess: {
            enabled: true,
            allowedRoles: ['os:reader'],
            allowedKubernetesNamespaces: ['kube-system'],
          },
        },
      },
    });
  });

  it('Talos CCM: kubelet flag everywhere; manifest and Talos API access (os:reader from kube-system) on control planes', () => {
    expect([TALOS_CCM_TALOS_API_ROLES, TALOS_CCM_NAMESPACE]).toEqual([['os:reader'], 'kube-system']);
    const ccm = talosCcmPatches();
    expect(ccm.worker.map((p) => p.document)).toEqual([kubeletExternalCloudProviderPatch().document]);
    expect(ccm.controlPlane.map((p) => p.document)).toEqual([
      kubeletExternalCloudProviderPatch().document,
      externalCloudProviderPatch([talosCcmManifestUrl()]).document,
      kubernetesTalosApiAccessPatch({ allowedRoles: ['os:reader'], allowedKubernetesNamespaces: ['kube-system'] })
        .document,
    ]);
    const mirror = 'https://mirror.example.internal/talos-ccm/v1.11.0/cloud-controller-manager.yml';
    expect(talosCcmPatches({ manifestUrl: mirror }).controlPlane[1].document).toEqual({
      cluster: { externalCloudProvider: { enabled: true, manifests: [mirror] } },
    });
  });

  it('document getter returns a copy', () => {
    const patch = cniNonePatch();
    (patch.document as { cluster: unknown }).cluster = 'changed';
    expect(patch.document).toEqual({ cluster: { network: { cni: { name: 'none' } } } });
  });

  it('patchesToYaml keeps order', () => {
    const yaml = patchesToYaml([cniNonePatch(), kubeProxyDisabledPatch()]);
    expect(yaml).toHaveLength(2);
    expect(parse(yaml[0])).toEqual(cniNonePatch().document);
    expect(parse(yaml[1])).toEqual(kubeProxyDisabledPatch().document);
  });
});

describe('patch input validation', () => {
  it('rejects a manifest that is not an https URL, and a CCM version that is not a tag', () => {
    expect(() => externalCloudProviderPatch(['http://example.com/ccm.yml'])).toThrow(
      'externalCloudProviderPatch: manifests[0] "http://example.com/ccm.yml" is not an https URL of a manifest',
    );
    expect(() => externalCloudProviderPatch(['https://example.com'])).toThrow('is not an https URL of a manifest');
    expect(() => talosCcmManifestUrl('main')).toThrow('talosCcmManifestUrl: version "main" is not a release tag');
  });

  it('rejects empty Talos API access lists and unknown roles', () => {
    expect(() =>
      kubernetesTalosApiAccessPatch({ allowedRoles: [], allowedKubernetesNamespaces: ['kube-system'] }),
    ).toThrow('kubernetesTalosApiAccessPatch: allowedRoles is empty');
    expect(() =>
      kubernetesTalosApiAccessPatch({ allowedRoles: ['os:reader'], allowedKubernetesNamespaces: [] }),
    ).toThrow('kubernetesTalosApiAccessPatch: allowedKubernetesNamespaces is empty');
    expect(() =>
      kubernetesTalosApiAccessPatch({ allowedRoles: ['reader'], allowedKubernetesNamespaces: ['kube-system'] }),
    ).toThrow('kubernetesTalosApiAccessPatch: allowedRoles[0] "reader" is not a Talos API role');
  });

  it('rejects a bad KubePrism port', () => {
    expect(() => kubePrismPatch({ port: 70000 })).toThrow(
      'kubePrismPatch: port 70000 is not a TCP port (expected an integer 1-65535). Fix: pick a free port.',
    );
  });

  it('rejects a bad install disk and an empty image', () => {
    expect(() => installPatch({ disk: 'sda', image: INSTALLER })).toThrow(
      'installPatch: disk "sda" is not a device path (expected e.g. /dev/sda or /dev/vda).',
    );
    expect(() => installPatch({ disk: '/dev/sda', image: ' ' })).toThrow('installPatch: image is empty');
  });

  it('rejects a bad hostname', () => {
    expect(() => hostnamePatch('Mgmt_CP')).toThrow('hostnamePatch: hostname "Mgmt_CP" is not a valid hostname');
    expect(() => hostnamePatch('a'.repeat(64))).toThrow('is not a valid hostname');
  });

  it('rejects a bad MAC, driver and empty expression', () => {
    expect(() => LinkSelector.macAddress('bc:24:11')).toThrow(
      'LinkSelector.macAddress: "bc:24:11" is not a MAC address (expected six colon-separated hex pairs',
    );
    expect(() => LinkSelector.driver('virtio net')).toThrow(
      'LinkSelector.driver: "virtio net" is not a kernel driver name',
    );
    expect(() => LinkSelector.expression(' ')).toThrow('LinkSelector.expression: the expression is empty');
  });

  it('rejects kernel-style aliases', () => {
    expect(() => linkAliasPatch(LinkSelector.driver('virtio_net'), 'eth0')).toThrow(
      'linkAliasPatch: alias "eth0" is not usable (expected at most 15 lower-case characters that do not look like a ' +
        'kernel interface name such as eth0 or ens18). Fix: use e.g. "net0".',
    );
    expect(() => linkAliasPatch(LinkSelector.driver('virtio_net'), 'ens18')).toThrow('alias "ens18" is not usable');
  });

  it('rejects addresses without prefix, bad gateway, empty list, bad MTU', () => {
    expect(() => staticLinkPatch({ addresses: ['10.20.0.11'] })).toThrow(
      'staticLinkPatch: addresses[0] "10.20.0.11" is not an address with a prefix length (expected e.g. 10.20.0.11/24).',
    );
    expect(() => staticLinkPatch({ addresses: ['10.20.0.11/24'], gateway: '10.20.0' })).toThrow(
      'staticLinkPatch: gateway "10.20.0" is not an IPv4 address',
    );
    expect(() => staticLinkPatch({ addresses: [] })).toThrow(
      'staticLinkPatch: addresses is empty (expected at least one entry)',
    );
    expect(() => staticLinkPatch({ addresses: ['10.20.0.11/24'], mtu: 100 })).toThrow(
      'staticLinkPatch: mtu 100 is out of range (expected an integer 576-9216)',
    );
  });

  it('rejects a bad VIP and bad nameservers', () => {
    expect(() => layer2VipPatch('10.20.0.5/24')).toThrow('layer2VipPatch: vip "10.20.0.5/24" is not an IPv4 address');
    expect(() => nameserversPatch([])).toThrow('nameserversPatch: nameservers is empty');
    expect(() => nameserversPatch(['dns.example'])).toThrow(
      'nameserversPatch: nameservers[0] "dns.example" is not an IPv4 address',
    );
  });

  it('rejects subnets with host bits and bad cluster identity', () => {
    expect(() => kubeletNodeIpPatch(['10.20.0.1/24'])).toThrow(
      'kubeletNodeIpPatch: validSubnets[0] "10.20.0.1/24" is not a network in CIDR form',
    );
    expect(() => kubeletNodeIpPatch([])).toThrow('kubeletNodeIpPatch: validSubnets is empty');
    expect(() => clusterIdentityPatch({ clusterName: 'Mgmt', endpoint: 'https://10.20.0.5:6443' })).toThrow(
      'clusterIdentityPatch: clusterName "Mgmt" is not a DNS label',
    );
    expect(() => clusterIdentityPatch({ clusterName: 'mgmt', endpoint: '10.20.0.5' })).toThrow(
      'clusterIdentityPatch: endpoint "10.20.0.5" is not a control-plane endpoint',
    );
  });
});
