import { parseCidr, parseIpv4 } from '../../core/net/ipv4';
import { isHostname } from '../../core/rules/names';

/**
 * Input checks shared by the patch builders. Each throws with the value received, the value expected and the fix,
 * prefixed by the builder name (the builders are plain functions, so there is no construct path).
 */

/** A dotted-quad IPv4 address. */
export function checkIpv4(where: string, field: string, value: string): void {
  if (parseIpv4(value) === undefined) {
    throw new Error(
      `${where}: ${field} "${value}" is not an IPv4 address (expected a dotted quad such as 10.20.0.10). ` +
        `Fix: pass the address without a prefix length.`,
    );
  }
}

/** An address with its prefix length, `10.20.0.11/24`. */
export function checkAddressWithPrefix(where: string, field: string, value: string): void {
  if (parseCidr(value) === undefined) {
    throw new Error(
      `${where}: ${field} "${value}" is not an address with a prefix length (expected e.g. 10.20.0.11/24). ` +
        'Fix: append the prefix length of the node network.',
    );
  }
}

/** A non-empty list. */
export function checkNotEmpty(where: string, field: string, values: readonly unknown[]): void {
  if (values.length === 0) {
    throw new Error(`${where}: ${field} is empty (expected at least one entry). Fix: pass at least one value.`);
  }
}

/** A Talos hostname: DNS labels (Talos `HostnameConfig` validation limits the first label and the whole name). */
export function checkHostname(where: string, value: string): void {
  if (!isHostname(value)) {
    throw new Error(
      `${where}: hostname "${value}" is not a valid hostname (expected lower-case DNS labels, the first one at most ` +
        '63 characters, e.g. mgmt-cp-1). Fix: rename the node.',
    );
  }
}

/** A TCP port. */
export function checkPort(where: string, field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(
      `${where}: ${field} ${value} is not a TCP port (expected an integer 1-65535). Fix: pick a free port.`,
    );
  }
}
