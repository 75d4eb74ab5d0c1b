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
 *   workers: { count: 2 },
 *   network: { bridge: 'vmbr0', cidr: '10.30.0.0/24', endpointVip: '10.30.0.10', ipPool: { start: '10.30.0.100', end: '10.30.0.150' } },
 *   placement: { nodes: ['pve1', 'pve2'], template: { node: 'pve1', vmId: 9000 } },
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
