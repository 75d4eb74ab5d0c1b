/** Props of clusters with several worker pools, shared by the unit and the conformance tests. */
import type { WorkloadClusterProps } from '../../lib/capi/workload-cluster';
import { WorkloadClusterMode } from '../../lib/capi/workload-cluster-mode';

/** A control-plane template of a provider that ships one (CACPPT v0.5 has none). */
const TEMPLATE = {
  apiVersion: 'controlplane.cluster.x-k8s.io/v1beta2',
  kind: 'KubeadmControlPlaneTemplate',
  name: 'cp',
};

/** Default pool of 2, a GPU pool (own size, a Talos label, a taint), and an `infra` pool with only a synced label. */
export const CLASS_POOLS: WorkloadClusterProps = {
  clusterName: 'prod',
  workers: { count: 2 },
  workerPools: [
    {
      name: 'gpu',
      count: 1,
      cores: 16,
      memoryMiB: 65536,
      labels: { 'example.com/accelerator': 'nvidia-l4', 'node-role.kubernetes.io/gpu': '' },
      taints: [{ key: 'example.com/gpu', value: 'true', effect: 'NoSchedule' }],
    },
    { name: 'infra', count: 5, labels: { 'node-role.kubernetes.io/infra': '' } },
  ],
  network: {
    bridge: 'vmbr0',
    cidr: '10.30.0.0/24',
    endpointVip: '10.30.0.10',
    ipPool: { start: '10.30.0.20', end: '10.30.0.49' },
  },
  placement: { nodes: ['pve1'], template: { node: 'pve1', vmId: 9000 } },
  mode: WorkloadClusterMode.clusterClass(TEMPLATE),
};
