import { parseAllDocuments } from 'yaml';
import type { PlatformConfig } from '../../lib/core/spec/resolved';
import { build, exampleConfig } from './stage-20-40-fixtures';
import type { Json } from './stage-20-40-fixtures';

/** The example platform with prod on its own pod and service networks. */
function withProdNetworks(config: PlatformConfig, pods: string, services: string): PlatformConfig {
  return {
    ...config,
    clusters: config.clusters.map((c) => (c.name === 'prod' ? { ...c, network: { ...c.network, pods, services } } : c)),
  };
}

function clusterNetwork(tree: Map<string, string>, env: string): Json {
  const docs = parseAllDocuments(tree.get(`clusters/${env}/${env}/cluster.yaml`)!).map((d) => d.toJSON() as Json);
  return docs.find((d) => d.kind === 'Cluster').spec.clusterNetwork;
}

describe('per-cluster pod and service networks reach the CAPI Cluster', () => {
  const built = build(withProdNetworks(exampleConfig(), '10.200.0.0/16', '10.210.0.0/16'));

  test("prod's own networks in clusterNetwork (CABPT makes them Talos's podSubnets/serviceSubnets)", () => {
    expect(built.errors).toEqual([]);
    expect(clusterNetwork(built.tree, 'prod')).toEqual({
      pods: { cidrBlocks: ['10.200.0.0/16'] },
      services: { cidrBlocks: ['10.210.0.0/16'] },
    });
  });

  test('staging keeps the defaults, as before', () => {
    expect(clusterNetwork(built.tree, 'staging')).toEqual({
      pods: { cidrBlocks: ['10.244.0.0/16'] },
      services: { cidrBlocks: ['10.96.0.0/12'] },
    });
  });

  test("Cilium needs no pod CIDR of its own: ipam.mode kubernetes uses each node's podCIDR from that network", () => {
    const docs = parseAllDocuments(built.tree.get('clusters/prod/prod/cni.yaml')!).map((d) => d.toJSON() as Json);
    const values = docs.find((d) => d.kind === 'HelmChartProxy').spec.valuesTemplate as string;
    expect(values).toContain('mode: kubernetes');
    expect(values).not.toContain('10.200.');
  });
});
