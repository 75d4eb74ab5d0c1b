/** Names that end up as Kubernetes object names, host names or kubeconfig contexts. */
import { DNS_1123_LABEL_CHARACTERS, MAX_DNS_LABEL_LENGTH, MAX_DNS_SUBDOMAIN_LENGTH } from './facts';
import type { RuleProblem } from './problem';

/** Whether `value` is a DNS-1123 label of at most `maxLength` characters. */
export function isDnsLabel(value: string, maxLength = MAX_DNS_LABEL_LENGTH): boolean {
  return value.length <= maxLength && DNS_1123_LABEL_CHARACTERS.test(value);
}

/** Whether `value` is a host name (Talos `HostnameConfig`): DNS-1123 labels joined by dots, a subdomain's length. */
export function isHostname(value: string): boolean {
  return value.length <= MAX_DNS_SUBDOMAIN_LENGTH && value.split('.').every((label) => isDnsLabel(label));
}

/**
 * `value` must be a DNS-1123 label (lower-case letters, digits and `-`, alphanumeric at both ends) of at most
 * `maxLength` characters. `why` says where the limit comes from when it is below 63.
 */
export function dnsLabelProblems(
  field: string,
  value: string,
  maxLength = MAX_DNS_LABEL_LENGTH,
  why?: string,
): RuleProblem[] {
  if (isDnsLabel(value, maxLength)) return [];
  const tooLong = value.length > maxLength && DNS_1123_LABEL_CHARACTERS.test(value);
  return [
    {
      rule: tooLong ? 'name-too-long' : 'not-dns-1123-label',
      field,
      message: tooLong
        ? `${field} "${value}" has ${value.length} characters`
        : `${field} "${value}" is not a DNS label`,
      expected:
        `lower-case letters, digits and "-", starting and ending with a letter or digit, at most ${maxLength} ` +
        `characters${why === undefined ? '' : ` (${why})`}`,
      hint: tooLong ? `shorten ${field}` : `rename it, e.g. "${suggestDnsLabel(value, maxLength)}"`,
    },
  ];
}

/** A DNS label close to `value`: lower case, other characters as `-`, trimmed to `maxLength`. */
function suggestDnsLabel(value: string, maxLength: number): string {
  const label = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '');
  return label === '' ? 'cluster-1' : label;
}
