/**
 * Pod and service networks across the platform. Every cluster has both (the management cluster Talos's defaults,
 * a workload cluster `network.pods`/`network.services`); none may overlap a node network (a node's address would
 * be taken for a pod or a service), a cluster's pods must not overlap its own services, and two clusters' networks
 * must not overlap: a routed pod network or a ClusterMesh needs each cluster's addresses to be its own. Clusters
 * that keep the defaults share them, as before this field existed: that is only fine while their pods stay behind
 * their nodes' addresses (Cilium's default tunnel mode), so it is not reported.
 */
import { cidrRange, parseCidr } from '../../net/ipv4';
import type { Ipv4Cidr } from '../../net/ipv4';
import { DEFAULT_CLUSTER_NETWORKS } from '../defaults';
import { code } from '../issue';
import type { Issue, SpecPath } from '../issue';
import type { PlatformConfig } from '../resolved';
import { earlierOverlaps } from './overlaps';
import { clusterViews } from './views';

type Kind = keyof typeof DEFAULT_CLUSTER_NETWORKS;

/** One pod or service network, with where it is written (the management cluster's have no field). */
interface ClusterNetwork {
  readonly kind: Kind;
  readonly text: string;
  readonly cidr: Ipv4Cidr;
  readonly owner: string;
  /** Which cluster: 0 for the management cluster, then config order (labels are not unique in a bad spec). */
  readonly cluster: number;
  readonly file: string;
  readonly path: SpecPath | undefined;
}

const WORDS: Record<Kind, string> = { pods: 'pod network', services: 'service network' };

export function checkClusterCidrs(config: PlatformConfig): Issue[] {
  const issues: Issue[] = [];
  const views = clusterViews(config);
  const networks: ClusterNetwork[] = [];
  const management = views[0];
  for (const kind of ['pods', 'services'] as const) {
    const text = DEFAULT_CLUSTER_NETWORKS[kind];
    const cidr = parseCidr(text)!;
    networks.push({ kind, text, cidr, owner: management.label, cluster: 0, file: management.file, path: undefined });
  }
  for (const [index, cluster] of config.clusters.entries()) {
    for (const kind of ['pods', 'services'] as const) {
      const text = cluster.network[kind];
      const cidr = parseCidr(text);
      if (cidr === undefined) continue; // the syntax check reports it
      const owner = `cluster \`${cluster.name}\``;
      networks.push({ kind, text, cidr, owner, cluster: index + 1, file: cluster.sourceFile, path: ['network', kind] });
    }
  }

  // One sweep over the node networks (first) and these networks finds every overlapping pair; the clusters that
  // keep a default share it without a report, so they are one clique.
  const overlaps = earlierOverlaps(
    [...views.map((v) => cidrRange(v.cidr)), ...networks.map((n) => cidrRange(n.cidr))],
    (i) => {
      const net = networks[i - views.length] as ClusterNetwork | undefined;
      return net && net.text === DEFAULT_CLUSTER_NETWORKS[net.kind] ? `default ${net.kind}` : undefined;
    },
  );
  const earlierOf = (n: number): number[] => overlaps[views.length + n];

  // Against every node network. A management network (which has no field here) is reported on the node network.
  for (const [n, net] of networks.entries()) {
    for (const view of earlierOf(n)
      .filter((j) => j < views.length)
      .map((j) => views[j])) {
      const where =
        net.path === undefined
          ? { file: view.file, path: [...view.networkPath, 'cidr'] }
          : { file: net.file, path: net.path };
      issues.push({
        ...where,
        rule: 'cluster-network-overlaps-node-network',
        message:
          `the ${WORDS[net.kind]} ${code(net.text)} of ${net.owner}${net.path === undefined ? ' (Talos default)' : ''} ` +
          `overlaps the node network ${code(view.network.cidr)} of ${view.label}`,
        expected: 'pod and service networks apart from every node network',
        hint:
          net.path === undefined
            ? `move the node network off ${code(net.text)}`
            : `pick a ${WORDS[net.kind]} that no node network uses`,
      });
    }
  }

  // Between clusters, and a cluster's pods against its own services. Reported on the later one (config order).
  for (let i = 0; i < networks.length; i++) {
    for (const j of earlierOf(i)
      .filter((k) => k >= views.length)
      .map((k) => k - views.length)) {
      const [earlier, later] = [networks[j], networks[i]];
      if (later.path === undefined) continue;
      const sameCluster = earlier.cluster === later.cluster;
      if (!sameCluster && sharesDefault(earlier, later)) continue;
      issues.push({
        file: later.file,
        path: later.path,
        rule: sameCluster ? 'pod-service-overlap' : 'cluster-networks-overlap',
        message:
          `the ${WORDS[later.kind]} ${code(later.text)} of ${later.owner} overlaps ` +
          (sameCluster
            ? `its ${WORDS[earlier.kind]} ${code(earlier.text)}`
            : `the ${WORDS[earlier.kind]} ${code(earlier.text)} of ${earlier.owner}`),
        expected: sameCluster ? 'pods and services in separate networks' : 'networks no other cluster uses',
        hint: sameCluster
          ? `change \`network.${later.kind}\``
          : `give ${later.owner} its own ${WORDS[later.kind]}, or remove \`network.${later.kind}\` to share the default`,
      });
    }
  }
  return issues;
}

/** Both are the same kind's default, which every cluster without the field shares. */
function sharesDefault(a: ClusterNetwork, b: ClusterNetwork): boolean {
  return a.kind === b.kind && a.text === DEFAULT_CLUSTER_NETWORKS[a.kind] && b.text === a.text;
}
