import { TOPOLOGY_REGION_LABEL, TOPOLOGY_ZONE_LABEL, requiredKubeletMounts } from '../../core/addon-prerequisites';
import type { AddonRequirement } from '../../core/addon-prerequisites';
import { kubeletExtraMountsPatch } from './kubelet-extra-mounts';
import { nodeLabelsPatch } from './node-labels';
import type { TalosPatch } from './talos-patch';

/**
 * The machine-config patches every node of a cluster needs for the addons that reach it (their
 * `kubeletExtraMounts`); none when no addon needs one. Node labels are per machine: {@link topologyLabelsPatch}.
 */
export function addonTalosPatches(requirements: readonly AddonRequirement[]): TalosPatch[] {
  const mounts = requiredKubeletMounts(requirements);
  return mounts.length > 0 ? [kubeletExtraMountsPatch(mounts)] : [];
}

/** Whether an addon that reaches the cluster reads the topology labels (the Proxmox CSI plugin). */
export function needsTopologyLabels(requirements: readonly AddonRequirement[]): boolean {
  return requirements.some((r) => r.prerequisites.nodeLabels.includes(TOPOLOGY_ZONE_LABEL));
}

/**
 * The topology labels of one machine: its Proxmox cluster (`region`) and the Proxmox node its VM runs on (`zone`),
 * as the Proxmox CSI plugin reads them to place and attach disks. Set by Talos from the spec's placement, so they
 * describe where stage 10 created the VM; after a VM migrates to another node they are stale until the next apply.
 */
export function topologyLabelsPatch(region: string, proxmoxNode: string): TalosPatch {
  return nodeLabelsPatch({ [TOPOLOGY_REGION_LABEL]: region, [TOPOLOGY_ZONE_LABEL]: proxmoxNode });
}
