/**
 * Addresses claimed by two clusters: overlapping workload IP pools, management addresses inside a workload pool, a
 * VIP used twice, the Cilium L2 pool overlapping a workload, and one subnet on two different networks. Each conflict
 * is reported once, on the cluster declared later (platform first, then environment/name order).
 */
import { formatRange } from '../../net/ipv4';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';
import { earlierOverlaps } from './overlaps';
import { clusterViews, ipOf, where } from './views';
import type { Claim, ClusterView } from './views';

type ClaimKind = 'management-ip' | 'workload-vip' | 'workload-pool' | 'l2-pool';

interface OwnedClaim extends Claim {
  readonly kind: ClaimKind;
  readonly owner: ClusterView;
}

export function checkAddressConflicts(config: PlatformConfig): Issue[] {
  const views = clusterViews(config);
  return [...claimConflicts(config, views), ...networkConflicts(views)];
}

function claimConflicts(config: PlatformConfig, views: readonly ClusterView[]): Issue[] {
  const claims: OwnedClaim[] = [];
  for (const owner of views) {
    if (owner.kind === 'management') {
      for (const c of [owner.vip, ...owner.nodeIps]) claims.push({ ...c, kind: 'management-ip', owner });
      const l2 = config.platform.addons.cilium.l2Announcements;
      if (l2) {
        const range = { first: ipOf(l2.start), last: ipOf(l2.end) };
        claims.push({
          path: ['addons', 'cilium', 'l2Announcements'],
          range,
          what: 'the Cilium L2 pool',
          kind: 'l2-pool',
          owner,
        });
      }
    } else {
      claims.push({ ...owner.vip, kind: 'workload-vip', owner });
      if (owner.pool) claims.push({ ...owner.pool, kind: 'workload-pool', owner });
    }
  }
  const valid = claims.filter((c) => c.range.first <= c.range.last); // inverted ranges are reported elsewhere
  const issues: Issue[] = [];
  const overlaps = earlierOverlaps(valid.map((c) => c.range));
  valid.forEach((later, i) => {
    const hits = overlaps[i].map((j) => valid[j]).filter((e) => e.owner !== later.owner);
    // One issue per claim, other cluster and rule, listing every address it collides with.
    const groups = new Map<string, OwnedClaim[]>();
    for (const hit of hits) {
      const key = `${hit.owner.file}\u0000${ruleFor(hit.kind, later.kind)}`;
      const group = groups.get(key);
      if (group) group.push(hit);
      else groups.set(key, [hit]);
    }
    for (const group of groups.values()) {
      const owner = group[0].owner;
      const items = group.map(
        (e) => `${e.what} ${formatRange(e.range)} (${where(e.path, owner.file, later.owner.file)})`,
      );
      issues.push({
        file: later.owner.file,
        path: later.path,
        rule: ruleFor(group[0].kind, later.kind),
        message: `${later.what} ${formatRange(later.range)} overlaps ${items.join(', ')} of ${owner.label}`,
        expected: 'addresses no other cluster uses',
        hint: 'every VIP, static node address and IP pool must be unique across the platform',
      });
    }
  });
  return issues;
}

function ruleFor(a: ClaimKind, b: ClaimKind): string {
  const kinds = new Set([a, b]);
  if (kinds.has('l2-pool')) return 'l2-pool-conflict';
  if (kinds.has('workload-vip')) return 'vip-conflict';
  if (kinds.has('management-ip')) return 'management-ip-in-workload-pool';
  return 'overlapping-ip-pools';
}

/**
 * Overlapping subnets are fine on one layer-2 network (same bridge and VLAN), but on two different networks the
 * management cluster cannot route to both, and CAPI must reach every workload API endpoint.
 */
function networkConflicts(views: readonly ClusterView[]): Issue[] {
  const issues: Issue[] = [];
  const overlaps = earlierOverlaps(views.map((v) => ({ first: v.cidr.network, last: v.cidr.broadcast })));
  views.forEach((later, i) => {
    for (const earlier of overlaps[i].map((j) => views[j])) {
      const sameSegment =
        earlier.network.bridge === later.network.bridge && earlier.network.vlan === later.network.vlan;
      if (sameSegment) continue;
      issues.push({
        file: later.file,
        path: [...later.networkPath, 'cidr'],
        rule: 'overlapping-networks',
        message: `${later.network.cidr} on ${segment(later)} overlaps ${earlier.network.cidr} on ${segment(
          earlier,
        )} of ${earlier.label} (${where([...earlier.networkPath, 'cidr'], earlier.file, later.file)})`,
        expected: 'a subnet of its own, or the same bridge and VLAN as the other cluster',
        hint: 'give each VLAN its own subnet',
      });
    }
  });
  return issues;
}

function segment(view: ClusterView): string {
  return view.network.vlan === undefined
    ? `bridge ${view.network.bridge} untagged`
    : `bridge ${view.network.bridge} VLAN ${view.network.vlan}`;
}
