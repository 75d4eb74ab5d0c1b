/** Parts both kinds of cluster share: machine sizes, the node network and the Proxmox placement. */

import type { Dns1123Label, IPv4Address, IPv4Cidr } from './values';

/** VM size of one machine role. */
export interface MachineSizeSpec {
  /**
   * Virtual CPU cores.
   * @asType integer
   * @minimum {@fact TALOS_MINIMUM_SIZE.worker.cores}
   * @maximum 512
   * @default {@fact DEFAULT_MACHINE_SIZE.cores}
   */
  readonly cores?: number | undefined;
  /**
   * Memory in MiB.
   * @asType integer
   * @minimum {@fact TALOS_MINIMUM_SIZE.worker.memoryMiB}
   * @default {@fact DEFAULT_MACHINE_SIZE.memoryMiB}
   */
  readonly memoryMiB?: number | undefined;
  /**
   * System disk size in GiB.
   * @asType integer
   * @minimum {@fact TALOS_MINIMUM_SIZE.worker.diskGiB}
   * @default {@fact DEFAULT_MACHINE_SIZE.diskGiB}
   */
  readonly diskGiB?: number | undefined;
}

/** A layer-3 network on one bridge (and optional VLAN). */
export interface NetworkSpec {
  /** Bridge the VMs attach to; must be one of `proxmox.bridges`. */
  readonly bridge: string;
  /**
   * VLAN tag on the bridge.
   * @asType integer
   * @minimum {@fact VLAN_ID_RANGE.min}
   * @maximum {@fact VLAN_ID_RANGE.max}
   * @default - untagged
   */
  readonly vlan?: number | undefined;
  /** The node network, e.g. `10.20.0.0/24`. */
  readonly cidr: IPv4Cidr;
  /**
   * Default gateway.
   * @default - the first usable address of `cidr`
   */
  readonly gateway?: IPv4Address | undefined;
  /**
   * DNS servers (CAPMOX requires at least one).
   * @minItems 1
   * @default - the gateway
   */
  readonly dns?: IPv4Address[] | undefined;
}

/** Where the VMs of a cluster run on Proxmox. */
export interface PlacementSpec {
  /**
   * Proxmox nodes the VMs may run on (spread round-robin).
   * @minItems 1
   * @default - every node in `proxmox.nodes`
   */
  readonly nodes?: Dns1123Label[] | undefined;
  /**
   * Datastore of the VM disks.
   * @default - the first datastore in `proxmox.datastores`
   */
  readonly datastore?: string | undefined;
}
