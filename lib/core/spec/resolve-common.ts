/** Resolution helpers shared by the platform and the workload clusters. */
import { formatCidr, formatIpv4, hostRange, parseCidr } from '../net/ipv4';
import { Version } from '../rules/version';
import { DEFAULT_MACHINE_SIZE } from './defaults';
import type { ResolvedMachineSize, ResolvedNetwork, ResolvedPlacement, ResolvedProxmox } from './resolved';
import type { MachineSizeSpec, NetworkSpec, PlacementSpec } from './types';

/** Assumes `cidr` passed address validation (`checks/address-syntax.ts`). */
export function resolveNetwork(spec: NetworkSpec): ResolvedNetwork {
  const cidr = parseCidr(spec.cidr);
  if (!cidr) throw new Error(`internal: unvalidated cidr ${spec.cidr}`);
  const gateway = spec.gateway ?? formatIpv4(hostRange(cidr).first);
  return {
    bridge: spec.bridge,
    vlan: spec.vlan,
    cidr: formatCidr(cidr),
    prefixLength: cidr.prefix,
    gateway,
    dns: spec.dns ? [...spec.dns] : [gateway],
  };
}

export function resolveMachineSize(spec: MachineSizeSpec | undefined): ResolvedMachineSize {
  return {
    cores: spec?.cores ?? DEFAULT_MACHINE_SIZE.cores,
    memoryMiB: spec?.memoryMiB ?? DEFAULT_MACHINE_SIZE.memoryMiB,
    diskGiB: spec?.diskGiB ?? DEFAULT_MACHINE_SIZE.diskGiB,
  };
}

export function resolvePlacement(spec: PlacementSpec | undefined, proxmox: ResolvedProxmox): ResolvedPlacement {
  return {
    nodes: spec?.nodes ? [...spec.nodes] : proxmox.nodes.map((n) => n.name),
    datastore: spec?.datastore ?? proxmox.datastores[0].name,
  };
}

/**
 * Merged copy (later records win) with keys in sorted order, so output and deep-equality never depend on how the YAML
 * was written. Keys are defined as own properties, so even `__proto__` stays a plain key (and fails label checks).
 */
export function sortedRecord(...records: (Readonly<Record<string, string>> | undefined)[]): Record<string, string> {
  const merged = new Map<string, string>();
  for (const record of records) for (const [key, value] of Object.entries(record ?? {})) merged.set(key, value);
  const sorted: Record<string, string> = {};
  for (const key of [...merged.keys()].sort()) {
    Object.defineProperty(sorted, key, {
      value: merged.get(key),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return sorted;
}

/** `https://<vip>:<KUBERNETES_API_PORT>`. */
export function apiEndpoint(vip: string, port: number): string {
  return `https://${vip}:${port}`;
}

/** The {@link Version} of a spec field (the schema has checked its form), or `undefined` when the spec sets none. */
export function parsed(version: string | undefined): Version | undefined {
  return version === undefined ? undefined : Version.of(version);
}
