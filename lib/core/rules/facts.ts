/**
 * Platform facts: numbers and patterns that the spec checks, the constructs and the resolver all depend on. Each is
 * defined here once; everything else imports it (and comments refer to it by name rather than repeating its value).
 */

/** Kubernetes API server port: the control-plane endpoint is `https://<vip>:<KUBERNETES_API_PORT>`. */
export const KUBERNETES_API_PORT = 6443;

/** The first SCSI disk of a Proxmox VM (`scsi0` on virtio-scsi) as Talos names it: the default install disk. */
export const DEFAULT_INSTALL_DISK = '/dev/sda';

/** The VLAN tags IEEE 802.1Q leaves usable (0 and 4095 are reserved), as Proxmox and Talos accept them. */
export const VLAN_ID_RANGE = { min: 1, max: 4094 } as const;

/** Whether `tag` is a usable VLAN tag ({@link VLAN_ID_RANGE}). */
export function isVlanId(tag: number): boolean {
  return Number.isInteger(tag) && tag >= VLAN_ID_RANGE.min && tag <= VLAN_ID_RANGE.max;
}

/**
 * A MachineDeployment's rolling update where the spec sets none: Cluster API's defaulting webhook
 * (`internal/webhooks/machinedeployment.go`, v1.12.11).
 */
export const MACHINE_DEPLOYMENT_ROLLOUT = { maxSurge: 1, maxUnavailable: 0 } as const;

/**
 * Extra machines a rollout needs: CAPI MachineDeployments default to `maxSurge: 1`, and TalosControlPlane rolls out by
 * adding one new control plane before removing an old one. The IP pool and VM ID range must cover them.
 */
export const ROLLOUT_SURGE_MACHINES = MACHINE_DEPLOYMENT_ROLLOUT.maxSurge;

/** Lowest VM id Proxmox VE accepts (`qm create`: 100 to 999999999; 0-99 are reserved). */
export const MIN_VM_ID = 100;

/** Highest VM id Proxmox VE accepts. */
export const MAX_VM_ID = 999_999_999;

/** A machine's role in a Talos cluster (`machine.type`). */
export type MachineRole = 'controlplane' | 'worker';

/** A machine size in the units the spec uses. */
export interface MachineSize {
  readonly cores: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
}

/**
 * Talos minimum requirements per role (Talos docs, "System requirements", identical from v1.5 to v1.15): smaller VMs
 * fail to boot, to pull images into EPHEMERAL, or to keep etcd healthy.
 */
export const TALOS_MINIMUM_SIZE: Readonly<Record<MachineRole, MachineSize>> = {
  controlplane: { cores: 2, memoryMiB: 2048, diskGiB: 10 },
  worker: { cores: 1, memoryMiB: 1024, diskGiB: 10 },
};

/** Longest DNS-1123 label (RFC 1123; Kubernetes `IsDNS1123Label`). */
export const MAX_DNS_LABEL_LENGTH = 63;

/** Longest DNS-1123 subdomain (Kubernetes `IsDNS1123Subdomain`). */
export const MAX_DNS_SUBDOMAIN_LENGTH = 253;

/** One DNS-1123 label's characters (Kubernetes `dns1123LabelFmt`): lower-case alphanumerics and `-` inside. */
const DNS_1123_LABEL_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

/** A DNS-1123 label's characters, any length (for messages that tell the two apart). */
export const DNS_1123_LABEL_CHARACTERS = new RegExp(`^${DNS_1123_LABEL_FORMAT}$`);

/** A DNS-1123 label: its characters, at most {@link MAX_DNS_LABEL_LENGTH} of them. */
export const DNS_1123_LABEL_PATTERN = new RegExp(`^(?=.{1,${MAX_DNS_LABEL_LENGTH}}$)${DNS_1123_LABEL_FORMAT}$`);

/** A DNS-1123 subdomain: dot-separated labels, at most {@link MAX_DNS_SUBDOMAIN_LENGTH} characters. */
export const DNS_1123_SUBDOMAIN_PATTERN = new RegExp(
  `^(?=.{1,${MAX_DNS_SUBDOMAIN_LENGTH}}$)${DNS_1123_LABEL_FORMAT}(\\.${DNS_1123_LABEL_FORMAT})*$`,
);

/**
 * A host name of at least two labels whose last (the top-level domain) starts with a letter, e.g. `argocd.example.com`.
 */
export const HOST_NAME_PATTERN = new RegExp(`^(${DNS_1123_LABEL_FORMAT}\\.)+[a-z]([-a-z0-9]*[a-z0-9])?$`);

/** A Kubernetes label name (the part of a key after `/`) or non-empty value: 63 alphanumerics, `-_.` inside. */
const LABEL_NAME_FORMAT = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';

/** The name part of a label key, or a non-empty label value. */
export const LABEL_NAME_PATTERN = new RegExp(`^${LABEL_NAME_FORMAT}$`);

/** A Kubernetes label (or taint) key: an optional DNS-subdomain prefix and `/`, then a label name. */
export const LABEL_KEY_PATTERN = new RegExp(
  `^(${DNS_1123_LABEL_FORMAT}(\\.${DNS_1123_LABEL_FORMAT})*/)?${LABEL_NAME_FORMAT}$`,
);

/** A label (or taint) value: empty, or a label name. */
export const LABEL_VALUE_PATTERN = new RegExp(`^(${LABEL_NAME_FORMAT})?$`);

/**
 * Characters added to a workload cluster name by the longest Machine name CAPI derives from it
 * (`<cluster>-workers-<5>-<5>`; `<cluster>-control-plane-<5>` adds as many), which becomes the node host name.
 */
const MACHINE_NAME_SUFFIX_LENGTH = 20;

/** Longest workload cluster name: its Machine (and node host) names must stay DNS labels. */
export const MAX_WORKLOAD_CLUSTER_NAME_LENGTH = MAX_DNS_LABEL_LENGTH - MACHINE_NAME_SUFFIX_LENGTH;

/**
 * Name of a Linux bridge the platform creates: a letter, then letters or digits, 10 characters at most: the validator
 * of `name` on bpg/proxmox's `proxmox_network_linux_bridge` (`fwprovider/nodes/network/resource_linux_bridge.go`),
 * which fails the plan otherwise. An existing bridge is only referenced, so it may have any name Proxmox allowed.
 */
export const CREATED_BRIDGE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,9}$/;

/** A Talos system extension as Image Factory names it, `<organisation>/<name>`, e.g. `siderolabs/iscsi-tools`. */
export const TALOS_EXTENSION_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}\/[a-z0-9][a-z0-9.-]{0,62}$/;

/** An age X25519 recipient (public key): `age1` and 58 bech32 characters. */
export const AGE_RECIPIENT_PATTERN = /^age1[02-9ac-hj-np-z]{58}$/;
