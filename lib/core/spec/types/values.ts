/** Named value types of the spec: each is one definition in the JSON Schema and one row of docs/spec.md's "Value types". */

/** The API version both spec files declare. */
export type SpecApiVersion = 'talos-platform-cdk/v1alpha1';

/**
 * An IPv4 address in dotted-quad form, e.g. `10.20.0.10`.
 * @pattern ^[0-9]{1,3}(\.[0-9]{1,3}){3}$
 */
export type IPv4Address = string;

/**
 * An IPv4 network in CIDR form, e.g. `10.20.0.0/24`.
 * @pattern ^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$
 */
export type IPv4Cidr = string;

/**
 * A DNS-1123 label: lower-case letters, digits and `-`, starting and ending with an alphanumeric, at most
 * {@fact MAX_DNS_LABEL_LENGTH} characters. Used for cluster, environment and Proxmox node names.
 * @pattern {@fact DNS_1123_LABEL_CHARACTERS}
 * @maxLength {@fact MAX_DNS_LABEL_LENGTH}
 */
export type Dns1123Label = string;

/**
 * A Talos system extension as Image Factory names it, e.g. `siderolabs/iscsi-tools`.
 * @pattern {@fact TALOS_EXTENSION_NAME_PATTERN}
 */
export type TalosExtensionName = string;

/**
 * A version without a leading `v`, e.g. `1.13.9`.
 * @pattern ^[0-9]+\.[0-9]+\.[0-9]+$
 */
export type SemanticVersion = string;
