import type { Construct } from 'constructs';
import { MachineDeployment } from '../../../imports/k8s/cluster.x-k8s.io';
import { BOOTSTRAP_API_GROUP, CLUSTER_NAME_LABEL, DEPLOYMENT_NAME_LABEL, INFRASTRUCTURE_API_GROUP } from './api-groups';

/** Options of {@link addMachineDeployment}. */
export interface MachineDeploymentOptions {
  readonly name: string;
  readonly namespace: string;
  readonly clusterName: string;
  readonly replicas: number;
  /** `v1.35.6`. */
  readonly kubernetesVersion: string;
  readonly configTemplateName: string;
  readonly machineTemplateName: string;
  /**
   * Extra labels of the Machines (the pool's labels; Cluster API syncs those of its managed domains to the Nodes).
   * @default {}
   */
  readonly machineLabels?: Readonly<Record<string, string>> | undefined;
}

/**
 * A worker pool's `MachineDeployment` (`cluster.x-k8s.io/v1beta2`): the selector is the two labels Cluster API sets
 * itself, so it always matches; the template adds the pool's labels (Cluster API propagates template label changes
 * to the Machines in place). References are `{apiGroup, kind, name}`.
 */
export function addMachineDeployment(scope: Construct, id: string, o: MachineDeploymentOptions): MachineDeployment {
  const labels = { [CLUSTER_NAME_LABEL]: o.clusterName, [DEPLOYMENT_NAME_LABEL]: o.name };
  return new MachineDeployment(scope, id, {
    metadata: { name: o.name, namespace: o.namespace },
    spec: {
      clusterName: o.clusterName,
      replicas: o.replicas,
      selector: { matchLabels: { ...labels } },
      template: {
        metadata: { labels: { ...o.machineLabels, ...labels } },
        spec: {
          clusterName: o.clusterName,
          version: o.kubernetesVersion,
          bootstrap: {
            configRef: { apiGroup: BOOTSTRAP_API_GROUP, kind: 'TalosConfigTemplate', name: o.configTemplateName },
          },
          infrastructureRef: {
            apiGroup: INFRASTRUCTURE_API_GROUP,
            kind: 'ProxmoxMachineTemplate',
            name: o.machineTemplateName,
          },
        },
      },
    },
  });
}
