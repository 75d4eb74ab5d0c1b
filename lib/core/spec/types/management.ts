/** The Talos management cluster (stage 10). */

import type { MachineSizeSpec, NetworkSpec, PlacementSpec } from './cluster-common';
import type { Dns1123Label, IPv4Address } from './values';

/** The management cluster's control plane. */
export interface ManagementControlPlaneSpec extends MachineSizeSpec {
  /**
   * Control-plane nodes; must be odd (etcd quorum). More than 7 etcd members only slows writes down.
   * @asType integer
   * @minimum 1
   * @maximum 9
   * @default {@fact DEFAULT_CONTROL_PLANE_COUNT}
   */
  readonly count?: number | undefined;
  /**
   * Static address of each control-plane node, in order; as many as `count`.
   * @minItems 1
   */
  readonly ips: IPv4Address[];
  /**
   * VM ID of the first control-plane VM; the others follow.
   * @asType integer
   * @minimum {@fact MIN_VM_ID}
   * @maximum {@fact MAX_VM_ID}
   * @default {@fact DEFAULT_CONTROL_PLANE_VM_ID_START}
   */
  readonly vmIdStart?: number | undefined;
}

/** The management cluster's workers. */
export interface ManagementWorkersSpec extends MachineSizeSpec {
  /**
   * Worker nodes (static addresses, one VM each; scale further with workload clusters).
   * @asType integer
   * @minimum 0
   * @maximum 250
   * @default {@fact DEFAULT_MANAGEMENT_WORKER_COUNT}
   */
  readonly count?: number | undefined;
  /**
   * Static address of each worker, in order; as many as `count`.
   * @default []
   */
  readonly ips?: IPv4Address[] | undefined;
  /**
   * VM ID of the first worker VM; the others follow.
   * @asType integer
   * @minimum {@fact MIN_VM_ID}
   * @maximum {@fact MAX_VM_ID}
   * @default {@fact DEFAULT_WORKER_VM_ID_START}
   */
  readonly vmIdStart?: number | undefined;
}

/** The Talos management cluster (stage 10). */
export interface ManagementClusterSpec {
  /** Cluster name (Talos cluster name, kubeconfig context). */
  readonly name: Dns1123Label;
  /** Node network; static addresses are set through nocloud network config. */
  readonly network: NetworkSpec;
  /**
   * Control-plane virtual IP (Talos VIP on the control-plane interface); the API endpoint is
   * `https://<vip>:{@fact KUBERNETES_API_PORT}`.
   */
  readonly vip: IPv4Address;
  /** Control-plane nodes. */
  readonly controlPlane: ManagementControlPlaneSpec;
  /**
   * Worker nodes.
   * @default - no workers (control planes run workloads)
   */
  readonly workers?: ManagementWorkersSpec | undefined;
  /**
   * Placement on Proxmox.
   * @default - all nodes, the first datastore
   */
  readonly placement?: PlacementSpec | undefined;
  /**
   * Install disk inside the VM (the first SCSI disk of a Proxmox VM is `{@fact DEFAULT_INSTALL_DISK}`, a VirtIO block disk
   * `/dev/vda`).
   * @pattern ^/dev/[^\s]+$
   * @examples [{@fact DEFAULT_INSTALL_DISK}]
   * @default {@fact DEFAULT_INSTALL_DISK}
   */
  readonly installDisk?: string | undefined;
  /**
   * Proxmox's `protection` flag on the management VMs: Proxmox refuses to remove them or their disks, so a plan
   * that would replace or destroy one fails instead of deleting an etcd member. Set it to false and apply before a
   * deliberate `tofu destroy` (docs/runbooks/bootstrap.md).
   * @default true
   */
  readonly deletionProtection?: boolean | undefined;
}
