import type { ITerraformDependable } from 'cdktf';
import type { NodeNetwork } from '../core/net/node-network';
import type { LinkSelector } from './patches/link-selector';
import type { TalosPatch } from './patches/talos-patch';

/** The machine a Talos node runs on, as far as its address goes; `TalosVm` is one. */
export interface ITalosNodeMachine {
  /** The machine's name, for messages. */
  readonly vmName: string;
  /** Its static address; `undefined` with DHCP. */
  readonly ip: string | undefined;
  /** The node network it is configured for; `undefined` with DHCP. */
  readonly network: NodeNetwork | undefined;
}

/** One machine of a Talos cluster built by Terraform. */
export interface TalosNode {
  /** Hostname (Talos `HostnameConfig`, Kubernetes node name). */
  readonly hostname: string;
  /** Static IPv4 address, without prefix length; also the Talos API endpoint of the node. */
  readonly address: string;
  /**
   * How Talos finds the NIC that carries `address` (and the VIP on control planes).
   * @default LinkSelector.driver("virtio_net") - the VM's single VirtIO NIC
   */
  readonly linkSelector?: LinkSelector | undefined;
  /**
   * The VM the node runs on: the cluster checks that its address and network are the node's.
   * @default - not cross-checked
   */
  readonly machine?: ITalosNodeMachine | undefined;
  /**
   * What must exist before the config is applied, typically the VM (`TalosVm.resource`).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[] | undefined;
  /**
   * Patches for this machine only, after the platform's (e.g. its topology labels, which depend on the Proxmox node
   * its VM runs on).
   * @default []
   */
  readonly extraPatches?: readonly TalosPatch[] | undefined;
}
