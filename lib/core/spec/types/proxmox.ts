/** The Proxmox VE cluster: nodes, datastores, bridges and the Talos image stage 00 makes. */

import type { Dns1123Label, TalosExtensionName } from './values';

/**
 * The Proxmox VE cluster. Credentials are never part of the spec: see `TF_VAR_proxmox_api_token` and
 * `TF_VAR_capmox_token_id`/`TF_VAR_capmox_token_secret` in docs/secrets.md.
 */
export interface ProxmoxSpec {
  /**
   * Proxmox VE API endpoint, without `/api2/json` (CAPMOX and bpg/proxmox both append it).
   * @pattern ^https?://
   * @examples ["https://pve.example.internal:8006"]
   */
  readonly endpoint: string;
  /**
   * Skip TLS verification of the Proxmox API (self-signed certificates).
   * @default false
   */
  readonly insecure?: boolean | undefined;
  /**
   * Proxmox VE nodes VMs may be placed on.
   * @minItems 1
   */
  readonly nodes: ProxmoxNodeSpec[];
  /**
   * Datastores the platform uses. Each must exist on every node it lists.
   * @minItems 1
   */
  readonly datastores: DatastoreSpec[];
  /**
   * Linux bridges VMs attach to. Each must exist on every node (or is created, with `create: true`).
   * @minItems 1
   */
  readonly bridges: BridgeSpec[];
  /** Where stage 00 puts the Talos image and the VM template CAPMOX clones. */
  readonly image: TalosImageSpec;
  /**
   * Id of the Proxmox API token CAPMOX runs with, `<user>@<realm>!<token-name>`. It only names CAPMOX's config
   * Secret (`capmox-credentials-<hash of the id>`), so a new token is a new Secret that CAPMOX restarts with; the
   * values come from `TF_VAR_capmox_token_id` (the same id, checked at plan) and `TF_VAR_capmox_token_secret`. To
   * rotate, create a token with a new name and put its id here (docs/runbooks/capmox-credentials.md).
   * @pattern ^[^\s@!]+@[^\s@!]+![A-Za-z][A-Za-z0-9._-]*$
   * @default {@fact DEFAULT_CAPMOX_TOKEN_ID}
   * @examples ["capmox@pve!capi-2027"]
   */
  readonly capmoxTokenId?: string | undefined;
}

/** A Proxmox VE node. */
export interface ProxmoxNodeSpec {
  /** Node name as Proxmox shows it (`pvecm nodes`). */
  readonly name: Dns1123Label;
}

/** A Proxmox VE datastore (storage). */
export interface DatastoreSpec {
  /**
   * Storage ID, e.g. `local-lvm` (Proxmox storage IDs: a letter, then letters, digits, `-`, `_` or `.`).
   * @pattern ^[a-zA-Z][a-zA-Z0-9_.-]*[a-zA-Z0-9]$
   * @examples ["local-lvm"]
   */
  readonly name: string;
  /**
   * Nodes the datastore is available on.
   * @default - every node in `proxmox.nodes`
   */
  readonly nodes?: Dns1123Label[] | undefined;
  /**
   * Whether the storage is shared (Proxmox's `shared` flag: Ceph RBD, NFS, CIFS, shared LVM over iSCSI...), so
   * every node sees the same volumes. Proxmox clones a VM to another node only when the source disks and the target
   * storage are both shared, so a workload cluster placed on more than one node needs its template and VM disks
   * here. Stage 00 checks the declaration against the storage's real flag.
   * @default false
   */
  readonly shared?: boolean | undefined;
}

/** A Linux bridge (or VLAN-aware bridge) on the Proxmox nodes. */
export interface BridgeSpec {
  /**
   * Bridge interface name, e.g. `vmbr0`.
   * @pattern ^[a-zA-Z][a-zA-Z0-9_.-]{0,14}$
   * @examples ["vmbr0"]
   */
  readonly name: string;
  /**
   * Create the bridge in stage 00 instead of only checking that it exists.
   * @default false
   */
  readonly create?: boolean | undefined;
  /**
   * Physical ports of a bridge created by stage 00, e.g. `["enp1s0"]`.
   * @default - no ports (an internal bridge)
   */
  readonly ports?: string[] | undefined;
  /**
   * Make a bridge created by stage 00 VLAN-aware.
   * @default true
   */
  readonly vlanAware?: boolean | undefined;
}

/** The Talos image from Image Factory and the VM template made from it. */
export interface TalosImageSpec {
  /** Datastore the nocloud image is downloaded to (needs the `iso` or `import` content type). */
  readonly datastore: string;
  /**
   * Extra Talos system extensions, besides `siderolabs/qemu-guest-agent` which is always included.
   * @default []
   */
  readonly extensions?: TalosExtensionName[] | undefined;
  /** Node that holds the VM template CAPMOX clones workload machines from. */
  readonly templateNode: Dns1123Label;
  /**
   * VM ID of that template.
   * @asType integer
   * @minimum {@fact MIN_VM_ID}
   * @maximum {@fact MAX_VM_ID}
   * @default {@fact DEFAULT_TEMPLATE_VM_ID}
   */
  readonly templateVmId?: number | undefined;
  /**
   * Datastore of the template's disk.
   * @default - the first datastore in `proxmox.datastores`
   */
  readonly templateDatastore?: string | undefined;
}
