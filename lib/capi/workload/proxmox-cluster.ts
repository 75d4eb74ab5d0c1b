import type { Construct } from 'constructs';
import { ProxmoxCluster } from '../../../imports/k8s/infrastructure.cluster.x-k8s.io';
import { KUBERNETES_API_PORT } from '../../core/rules/facts';

/** Kubernetes API port of the control-plane endpoint (Talos and kube-apiserver default); defined in lib/core/rules. */
export { KUBERNETES_API_PORT };

/** Options of {@link proxmoxClusterSpec}. */
export interface ProxmoxClusterSpecOptions {
  readonly endpointVip: string;
  /** Node address range, `10.30.0.20-10.30.0.60`. */
  readonly ipRange: string;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly dnsServers: readonly string[];
  readonly allowedNodes: readonly string[];
}

/**
 * `ProxmoxCluster.spec` (`infrastructure.cluster.x-k8s.io/v1alpha2`). `ipv4Config` is the node address pool: CAPMOX
 * creates an `InClusterIPPool` named `<cluster>-v4-icip` from it and every machine's `net0` (`defaultIPv4`) claims
 * an address there; CAPMOX has no DHCP mode. Its webhook rejects an endpoint inside the pool.
 */
export function proxmoxClusterSpec(o: ProxmoxClusterSpecOptions) {
  return {
    controlPlaneEndpoint: { host: o.endpointVip, port: KUBERNETES_API_PORT },
    ipv4Config: { addresses: [o.ipRange], prefix: o.prefixLength, gateway: o.gateway },
    dnsServers: [...o.dnsServers],
    allowedNodes: [...o.allowedNodes],
  };
}

/** The `ProxmoxCluster`. */
export function addProxmoxCluster(
  scope: Construct,
  id: string,
  o: ProxmoxClusterSpecOptions & { readonly name: string; readonly namespace: string },
): ProxmoxCluster {
  return new ProxmoxCluster(scope, id, {
    metadata: { name: o.name, namespace: o.namespace },
    spec: proxmoxClusterSpec(o),
  });
}
