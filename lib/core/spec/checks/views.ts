/**
 * The management cluster and the workload clusters seen the same way by the address checks: a network, a VIP,
 * static node addresses and an IP pool, each with the file and field path errors point at.
 */
import { parseCidr, parseIpv4 } from '../../net/ipv4';
import type { Ipv4Cidr, Ipv4Range } from '../../net/ipv4';
import { formatPath } from '../issue';
import type { SpecPath } from '../issue';
import type { PlatformConfig, ResolvedNetwork } from '../resolved';

/** An address (or range) a cluster claims, and where it is written. */
export interface Claim {
  readonly path: SpecPath;
  readonly range: Ipv4Range;
  /** Words for messages: "the endpoint VIP", "node address". */
  readonly what: string;
}

export interface ClusterView {
  readonly file: string;
  /** "management cluster `mgmt`", "cluster `prod`". */
  readonly label: string;
  readonly kind: 'management' | 'workload';
  readonly networkPath: SpecPath;
  readonly network: ResolvedNetwork;
  readonly cidr: Ipv4Cidr;
  readonly gateway: number;
  readonly vip: Claim;
  readonly nodeIps: readonly Claim[];
  readonly pool: Claim | undefined;
}

/** Management first, then workload clusters in config order (environment, name). */
export function clusterViews(config: PlatformConfig): ClusterView[] {
  const { platform } = config;
  const m = platform.management;
  const management: ClusterView = {
    file: platform.sourceFile,
    label: `management cluster \`${m.name}\``,
    kind: 'management',
    networkPath: ['management', 'network'],
    network: m.network,
    cidr: cidrOf(m.network.cidr),
    gateway: ipOf(m.network.gateway),
    vip: single(['management', 'vip'], m.vip, 'the VIP'),
    nodeIps: [
      ...m.controlPlane.ips.map((ip, i) =>
        single(['management', 'controlPlane', 'ips', i], ip, 'control-plane address'),
      ),
      ...m.workers.ips.map((ip, i) => single(['management', 'workers', 'ips', i], ip, 'worker address')),
    ],
    pool: undefined,
  };
  const workloads = config.clusters.map((c): ClusterView => ({
    file: c.sourceFile,
    label: `cluster \`${c.name}\``,
    kind: 'workload',
    networkPath: ['network'],
    network: c.network,
    cidr: cidrOf(c.network.cidr),
    gateway: ipOf(c.network.gateway),
    vip: single(['network', 'endpointVip'], c.network.endpointVip, 'the endpoint VIP'),
    nodeIps: [],
    pool: {
      path: ['network', 'ipPool'],
      range: { first: ipOf(c.network.ipPool.start), last: ipOf(c.network.ipPool.end) },
      what: 'the IP pool',
    },
  }));
  return [management, ...workloads];
}

/** Parses an address the syntax check already accepted. */
export function ipOf(text: string): number {
  const value = parseIpv4(text);
  if (value === undefined) throw new Error(`internal: unvalidated address ${text}`);
  return value;
}

export function cidrOf(text: string): Ipv4Cidr {
  const value = parseCidr(text);
  if (value === undefined) throw new Error(`internal: unvalidated network ${text}`);
  return value;
}

function single(path: SpecPath, ip: string, what: string): Claim {
  const value = ipOf(ip);
  return { path, range: { first: value, last: value }, what };
}

/** `path` when in the reader's own file, else `path in file`. */
export function where(path: SpecPath, file: string, ownFile: string): string {
  return file === ownFile ? formatPath(path) : `${formatPath(path)} in ${file}`;
}
