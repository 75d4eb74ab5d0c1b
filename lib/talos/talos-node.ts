import type { ITerraformDependable } from 'cdktf';
import type { LinkSelector } from './patches/link-selector';
import type { TalosPatch } from './patches/talos-patch';

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
  readonly linkSelector?: LinkSelector;
  /**
   * What must exist before the config is applied, typically the VM (`TalosVm.resource`).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Patches for this machine only, after the platform's (e.g. its topology labels, which depend on the Proxmox node
   * its VM runs on).
   * @default []
   */
  readonly extraPatches?: readonly TalosPatch[];
}
