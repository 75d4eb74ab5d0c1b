/** API groups and versions the workload-cluster objects use (DESIGN.md "Platform facts"). */
export const CLUSTER_API_GROUP = 'cluster.x-k8s.io';
/** Cluster API core objects: `cluster.x-k8s.io/v1beta2` (CAPI v1.12 storage version). */
export const CLUSTER_API_VERSION_V1BETA2 = `${CLUSTER_API_GROUP}/v1beta2`;
export const INFRASTRUCTURE_API_GROUP = 'infrastructure.cluster.x-k8s.io';
/** CAPMOX v0.9 objects: `infrastructure.cluster.x-k8s.io/v1alpha2`. */
export const CAPMOX_API_VERSION = `${INFRASTRUCTURE_API_GROUP}/v1alpha2`;
export const CONTROL_PLANE_API_GROUP = 'controlplane.cluster.x-k8s.io';
/** CACPPT v0.5 objects: `controlplane.cluster.x-k8s.io/v1alpha3`. */
export const CACPPT_API_VERSION = `${CONTROL_PLANE_API_GROUP}/v1alpha3`;
export const BOOTSTRAP_API_GROUP = 'bootstrap.cluster.x-k8s.io';
/** CABPT v0.6 objects: `bootstrap.cluster.x-k8s.io/v1alpha3`. */
export const CABPT_API_VERSION = `${BOOTSTRAP_API_GROUP}/v1alpha3`;
export const IPAM_API_GROUP = 'ipam.cluster.x-k8s.io';

/** Label Cluster API puts on every object of a cluster (`clusterv1.ClusterNameLabel`). */
export const CLUSTER_NAME_LABEL = 'cluster.x-k8s.io/cluster-name';
/** Label of a MachineDeployment's Machines (`clusterv1.MachineDeploymentNameLabel`). */
export const DEPLOYMENT_NAME_LABEL = 'cluster.x-k8s.io/deployment-name';
/** Label control-plane providers put on control-plane Machines (`clusterv1.MachineControlPlaneLabel`). */
export const CONTROL_PLANE_LABEL = 'cluster.x-k8s.io/control-plane';

/**
 * Label the platform puts on each workload `Cluster` object, valued with the cluster's name: the CAAPH
 * `HelmChartProxy` that delivers its Cilium selects exactly that Cluster with it.
 */
export const WORKLOAD_CLUSTER_LABEL = 'talos-platform-cdk.dev/workload-cluster';
