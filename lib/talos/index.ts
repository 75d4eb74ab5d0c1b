/**
 * `talos-platform-cdk/talos`: CDKTF constructs over the siderolabs/talos provider. The management cluster
 * ({@link TalosManagementCluster}: machine secrets, configs, apply, bootstrap, kubeconfig), the interface later stages
 * read it through ({@link IManagementCluster}), and the Talos machine-config patch builders the workload clusters
 * share (`cniNonePatch`, `kubeProxyDisabledPatch`, `kubePrismPatch`, ...).
 *
 * @example
 * const { LinkSelector, TalosManagementCluster } = require('talos-platform-cdk/talos');
 * const linkSelector = LinkSelector.macAddress(vm.macAddress); // vm: a TalosVm from talos-platform-cdk/proxmox
 * const cluster = new TalosManagementCluster(stack, 'Cluster', {
 *   clusterName: 'mgmt',
 *   vip: '10.10.0.10',
 *   controlPlanes: [{ hostname: 'mgmt-cp-1', address: '10.10.0.11', machine: vm, linkSelector, dependsOn: [vm.resource] }],
 *   network: { cidr: '10.10.0.0/24', gateway: '10.10.0.1', dns: ['10.10.0.1'] }, // the VM's network description
 *   installerImage: image.installerImage,
 *   talosVersion: '1.13.9',
 *   kubernetesVersion: '1.35.6',
 * });
 *
 * @module talos
 */
export * from './management-cluster';
export * from './talos-api';
export * from './image-factory';
export * from './management-cluster-ref';
export { checkClusterInputs } from './management-cluster-checks';
export type { ClusterInputs } from './management-cluster-checks';
export type { TalosNode } from './talos-node';
export * from './patches';
export type * from './patches/types';
