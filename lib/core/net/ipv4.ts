/**
 * IPv4 math on unsigned 32-bit integers. Parsing is strict: four decimal octets 0-255 without leading zeros
 * (`010.0.0.1` is rejected, since some tools read it as octal), prefixes 0-32.
 */

/** An inclusive address range, as unsigned 32-bit integers. */
export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

/** A parsed CIDR. `address` is what was written; it differs from `network` when host bits are set. */
export interface Ipv4Cidr {
  readonly address: number;
  readonly prefix: number;
  readonly network: number;
  readonly broadcast: number;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** The address as an unsigned integer, or undefined when it is not a strict dotted quad. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Dotted-quad form of an unsigned integer address. */
export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** The netmask of a prefix length as an unsigned integer. */
export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * A CIDR such as `10.20.0.0/24`, or undefined when malformed. Host bits may be set: compare `address` and `network`.
 */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^(0|[1-9][0-9]?)$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const network = (address & prefixMask(prefix)) >>> 0;
  const broadcast = (network | (~prefixMask(prefix) >>> 0)) >>> 0;
  return { address, prefix, network, broadcast };
}

/** `network/prefix` in canonical form (host bits cleared). */
export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefix}`;
}

/** Whether the address lies inside the CIDR (network and broadcast addresses included). */
export function cidrContains(cidr: Ipv4Cidr, address: number): boolean {
  return address >= cidr.network && address <= cidr.broadcast;
}

/**
 * Usable host addresses: all but the network and broadcast addresses. A /31 (RFC 3021) and a /32 have no such
 * reserved addresses, but a node network needs at least a /30 anyway.
 */
export function hostRange(cidr: Ipv4Cidr): Ipv4Range {
  if (cidr.prefix >= 31) return { first: cidr.network, last: cidr.broadcast };
  return { first: cidr.network + 1, last: cidr.broadcast - 1 };
}

/** The whole CIDR as a range. */
export function cidrRange(cidr: Ipv4Cidr): Ipv4Range {
  return { first: cidr.network, last: cidr.broadcast };
}

/** Whether two inclusive ranges share at least one address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Whether `inner` lies entirely inside `outer`. */
export function rangeWithin(inner: Ipv4Range, outer: Ipv4Range): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

/** Whether the address lies in the inclusive range. */
export function rangeContains(range: Ipv4Range, address: number): boolean {
  return address >= range.first && address <= range.last;
}

/** Number of addresses in an inclusive range (0 when `first > last`). */
export function rangeSize(range: Ipv4Range): number {
  return range.last >= range.first ? range.last - range.first + 1 : 0;
}

/** `a-b` for messages; a single address when both ends are equal. */
export function formatRange(range: Ipv4Range): string {
  return range.first === range.last ? formatIpv4(range.first) : `${formatIpv4(range.first)}-${formatIpv4(range.last)}`;
}
