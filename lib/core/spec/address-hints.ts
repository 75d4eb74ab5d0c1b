/**
 * How to fix a malformed address or network: one wording for the schema's shape errors (`10.30.0`) and the checks'
 * range errors (`10.20.0.300`, `/33`), so both say the same thing about the same mistake.
 */
import { code } from './issue';

/** What is wrong with `value` as a dotted-quad IPv4 address, and how to write it. */
export function ipv4Hint(value: string): string {
  if (value.includes('/')) return 'drop the prefix length: this field is a single address';
  const parts = value.split('.');
  if (parts.length !== 4) {
    return `an IPv4 address has four numbers separated by dots; ${code(value)} has ${parts.length}`;
  }
  const notNumber = parts.find((p) => !/^[0-9]+$/.test(p));
  if (notNumber !== undefined) return `use only digits and dots: ${code(notNumber || '(empty)')} is not a number`;
  const tooLarge = parts.find((p) => Number(p) > 255);
  if (tooLarge !== undefined) return `each number is 0 to 255: ${code(tooLarge)} is too large`;
  if (parts.some((p) => p.length > 1 && p.startsWith('0'))) {
    return `drop the leading zeros: ${code(parts.map(Number).join('.'))}`;
  }
  return 'write four numbers 0 to 255 separated by dots, e.g. `10.20.0.10`';
}

/** What is wrong with `value` as an IPv4 network in CIDR form, and how to write it. */
export function cidrHint(value: string): string {
  const slash = value.indexOf('/');
  if (slash < 0)
    return /^[0-9.]+$/.test(value) ? `add the prefix length, e.g. ${code(`${value}/24`)}` : ipv4Hint(value);
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  if (!/^[0-9]{1,2}$/.test(prefix) || Number(prefix) > 32) {
    return `the prefix length after \`/\` is 0 to 32: ${code(prefix || '(empty)')} is not`;
  }
  return ipv4Hint(address);
}
