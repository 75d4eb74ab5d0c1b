/**
 * `talos-platform-cdk/capi`: cdk8s constructs over the Cluster API CRDs. The operator and its providers
 * ({@link CapiOperator} (CDKTF), {@link CapiProviders}, {@link CoreProvider}, ...), CAPMOX's credentials
 * ({@link ProxmoxCredentials}) and a whole Talos workload cluster on Proxmox ({@link WorkloadCluster}).
 *
 * @example
 * const { App, Chart } = require('cdk8s');
 * const { WorkloadCluster } = require('talos-platform-cdk/capi');
 * const chart = new Chart(new App(), 'prod');
 * new WorkloadCluster(chart, 'prod', {
 *   clusterName: 'prod',
 *   kubernetesVersion: '1.35.6',
 *   talosVersion: '1.13.9',
 *   controlPlane: { replicas: 3, cores: 2, memoryMiB: 4096, diskGiB: 20 },
 *   workers: { replicas: 2, cores: 4, memoryMiB: 8192, diskGiB: 50 },
 *   network: {
 *     bridge: 'vmbr0', cidr: '10.30.0.0/24', gateway: '10.30.0.1', dnsServers: ['10.30.0.1'],
 *     endpointVip: '10.30.0.10', ipPoolStart: '10.30.0.100', ipPoolEnd: '10.30.0.150',
 *   },
 *   proxmox: { templateNode: 'pve1', templateVmId: 9000, allowedNodes: ['pve1', 'pve2'] },
 * });
 *
 * @module capi
 */
export * from './capi-operator';
export * from './capi-providers';
export * from './proxmox-credentials';
export * from './workload-cluster';
export * from './providers/provider-props';
export * from './providers/provider-source';
export * from './providers/provider-base';
export * from './providers/compatibility';
export * from './providers/core-provider';
export * from './providers/bootstrap-provider';
export * from './providers/control-plane-provider';
export * from './providers/infrastructure-provider';
export * from './providers/ipam-provider';
export * from './providers/addon-provider';
export * from './workload/api-groups';
export { WorkloadClusterNames, KEEP_SUPERSEDED_TEMPLATE_ANNOTATIONS } from './workload/names';
export { checkCapiReferences } from './workload/references';
export type { CapiReferenceCheckOptions } from './workload/references';
export type { HealthCheckSettings } from './workload/cluster-class';
export * from './workload-cluster-cilium';
