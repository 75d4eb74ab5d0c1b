/**
 * Malformed addresses and networks, checked on the spec before resolving (the resolver derives gateways from
 * `cidr`, so it needs them well-formed). The schema pattern only catches the shape; this catches `10.20.0.300`,
 * `/33`, host bits in a network and networks too small for nodes.
 */
import { formatCidr, formatIpv4, parseCidr, parseIpv4 } from '../../net/ipv4';
import { cidrHint, ipv4Hint } from '../address-hints';
import { code } from '../issue';
import type { Issue, SpecPath } from '../issue';
import type { NetworkSpec, PlatformSpec, WorkloadClusterSpec } from '../types';

/** A node network needs room for a gateway, a VIP and nodes: /30 (two hosts) at the very least. */
const MAX_NODE_NETWORK_PREFIX = 30;

interface AddressField {
  readonly path: SpecPath;
  readonly value: string;
  readonly kind: 'ip' | 'cidr';
}

export function platformAddressFields(spec: PlatformSpec): AddressField[] {
  const m = spec.management;
  const fields = [
    ...networkFields(['management', 'network'], m.network),
    ip(['management', 'vip'], m.vip),
    ...m.controlPlane.ips.map((v, i) => ip(['management', 'controlPlane', 'ips', i], v)),
    ...(m.workers?.ips ?? []).map((v, i) => ip(['management', 'workers', 'ips', i], v)),
  ];
  const l2 = spec.addons?.cilium?.l2Announcements;
  if (l2) {
    const at: SpecPath = ['addons', 'cilium', 'l2Announcements'];
    fields.push(ip([...at, 'start'], l2.start), ip([...at, 'end'], l2.end));
  }
  return fields;
}

export function workloadAddressFields(spec: WorkloadClusterSpec): AddressField[] {
  const n = spec.network;
  return [
    ...networkFields(['network'], n),
    ip(['network', 'endpointVip'], n.endpointVip),
    ip(['network', 'ipPool', 'start'], n.ipPool.start),
    ip(['network', 'ipPool', 'end'], n.ipPool.end),
    ...(n.pods !== undefined ? [{ path: ['network', 'pods'], value: n.pods, kind: 'cidr' } as const] : []),
    ...(n.services !== undefined ? [{ path: ['network', 'services'], value: n.services, kind: 'cidr' } as const] : []),
  ];
}

export function checkAddressSyntax(file: string, fields: readonly AddressField[]): Issue[] {
  const issues: Issue[] = [];
  for (const { path, value, kind } of fields) {
    if (kind === 'ip') {
      if (parseIpv4(value) === undefined) {
        issues.push({
          file,
          path,
          rule: 'malformed-ip',
          message: `malformed IPv4 address ${code(value)}`,
          expected: 'four numbers 0-255 without leading zeros, like `10.20.0.10`',
          hint: ipv4Hint(value),
        });
      }
      continue;
    }
    const cidr = parseCidr(value);
    if (!cidr) {
      issues.push({
        file,
        path,
        rule: 'malformed-cidr',
        message: `malformed IPv4 network ${code(value)}`,
        expected: 'an address and a prefix length 0-32, like `10.20.0.0/24`',
        hint: cidrHint(value),
      });
    } else if (cidr.address !== cidr.network) {
      issues.push({
        file,
        path,
        rule: 'cidr-host-bits',
        message: `${code(value)} has host bits set`,
        expected: 'the network address of the subnet',
        hint: `write \`${formatCidr(cidr)}\``,
      });
    } else if (cidr.prefix > MAX_NODE_NETWORK_PREFIX) {
      issues.push({
        file,
        path,
        rule: 'network-too-small',
        message: `${code(value)} has no room for a gateway, a VIP and nodes`,
        expected: `a prefix length of at most /${MAX_NODE_NETWORK_PREFIX}`,
        hint: `use the whole network the nodes are on, e.g. ${code(
          formatCidr(parseCidr(`${formatIpv4(cidr.network)}/24`)!),
        )}`,
      });
    }
  }
  return issues;
}

function networkFields(at: SpecPath, network: NetworkSpec): AddressField[] {
  return [
    { path: [...at, 'cidr'], value: network.cidr, kind: 'cidr' },
    ...(network.gateway !== undefined ? [ip([...at, 'gateway'], network.gateway)] : []),
    ...(network.dns ?? []).map((v, i) => ip([...at, 'dns', i], v)),
  ];
}

function ip(path: SpecPath, value: string): AddressField {
  return { path, value, kind: 'ip' };
}
