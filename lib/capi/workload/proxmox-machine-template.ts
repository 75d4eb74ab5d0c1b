import type { Construct } from 'constructs';
import { ProxmoxMachineTemplate } from '../../../imports/k8s/infrastructure.cluster.x-k8s.io';
import type { ProxmoxMachineTemplateSpecTemplateSpec } from '../../../imports/k8s/infrastructure.cluster.x-k8s.io';
import { KEEP_SUPERSEDED_TEMPLATE_ANNOTATIONS } from './names';

/** Options of {@link proxmoxMachineSpec}. */
export interface ProxmoxMachineSpecOptions {
  readonly sourceNode: string;
  readonly templateVmId: number;
  readonly allowedNodes: readonly string[];
  readonly cores: number;
  readonly sockets: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  readonly bootDisk: string;
  readonly bridge: string;
  readonly vlan?: number | undefined;
  readonly datastore?: string | undefined;
  readonly vmIdRange?: { readonly start: number; readonly end: number } | undefined;
  /** Whether the template runs the QEMU guest agent (the Talos image's `qemu-guest-agent` extension). */
  readonly qemuGuestAgent: boolean;
}

/**
 * `ProxmoxMachineTemplate.spec.template.spec` for Talos VMs: a full clone of the Talos template, resized, on one
 * VirtIO NIC `net0` that takes its address from the cluster's pool (`defaultIPv4`). Talos has no cloud-init, so
 * `checks.skipCloudInitStatus` is set; the guest-agent check stays on when the image ships the agent.
 * `metadataSettings.providerIDInjection` puts `provider-id: proxmox://<uuid>` into the nocloud metadata, where a
 * cloud controller manager reads it to set `Node.spec.providerID` (see docs/clusters.md).
 */
export function proxmoxMachineSpec(o: ProxmoxMachineSpecOptions): ProxmoxMachineTemplateSpecTemplateSpec {
  return {
    sourceNode: o.sourceNode,
    templateId: o.templateVmId,
    full: true,
    ...(o.datastore !== undefined ? { storage: o.datastore } : {}),
    allowedNodes: [...o.allowedNodes],
    numSockets: o.sockets,
    numCores: o.cores,
    memoryMiB: o.memoryMiB,
    disks: { bootVolume: { disk: o.bootDisk, sizeGb: o.diskGiB } },
    network: {
      networkDevices: [
        {
          name: 'net0',
          bridge: o.bridge,
          model: 'virtio',
          ...(o.vlan !== undefined ? { vlan: o.vlan } : {}),
          defaultIPv4: true,
        },
      ],
    },
    checks: { skipCloudInitStatus: true, skipQemuGuestAgent: !o.qemuGuestAgent },
    metadataSettings: { providerIdInjection: true },
    ...(o.vmIdRange !== undefined ? { vmIdRange: { start: o.vmIdRange.start, end: o.vmIdRange.end } } : {}),
  } as ProxmoxMachineTemplateSpecTemplateSpec;
}

/** A `ProxmoxMachineTemplate` (`infrastructure.cluster.x-k8s.io/v1alpha2`). */
export function addProxmoxMachineTemplate(
  scope: Construct,
  id: string,
  name: string,
  namespace: string,
  spec: ProxmoxMachineTemplateSpecTemplateSpec,
): ProxmoxMachineTemplate {
  return new ProxmoxMachineTemplate(scope, id, {
    metadata: { name, namespace, annotations: { ...KEEP_SUPERSEDED_TEMPLATE_ANNOTATIONS } },
    spec: { template: { spec } },
  });
}
