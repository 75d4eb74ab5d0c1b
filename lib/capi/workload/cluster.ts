import type { Construct } from 'constructs';
import { Cluster } from '../../../imports/k8s/cluster.x-k8s.io';
import { CONTROL_PLANE_API_GROUP, INFRASTRUCTURE_API_GROUP } from './api-groups';

/** Options of {@link addCluster}. */
export interface ClusterObjectOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  /** Name of the TalosControlPlane. */
  readonly controlPlaneName: string;
  /** Name of the ProxmoxCluster. */
  readonly infrastructureName: string;
}

/**
 * The `Cluster` (`cluster.x-k8s.io/v1beta2`). In v1beta2 the references are `{apiGroup, kind, name}` (no
 * apiVersion: Cluster API picks the version from the provider's contract). `controlPlaneEndpoint` is left to
 * CAPI, which copies it from the ProxmoxCluster. CABPT/CACPPT generate Talos's pod and service subnets from
 * `clusterNetwork`.
 */
export function addCluster(scope: Construct, id: string, o: ClusterObjectOptions): Cluster {
  return new Cluster(scope, id, {
    metadata: {
      name: o.name,
      namespace: o.namespace,
      ...(Object.keys(o.labels).length > 0 ? { labels: o.labels } : {}),
    },
    spec: {
      clusterNetwork: {
        pods: { cidrBlocks: [...o.podCidrs] },
        services: { cidrBlocks: [...o.serviceCidrs] },
      },
      controlPlaneRef: { apiGroup: CONTROL_PLANE_API_GROUP, kind: 'TalosControlPlane', name: o.controlPlaneName },
      infrastructureRef: { apiGroup: INFRASTRUCTURE_API_GROUP, kind: 'ProxmoxCluster', name: o.infrastructureName },
    },
  });
}
