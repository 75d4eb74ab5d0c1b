import type { Construct } from 'constructs';
import {
  MachineDeployment,
  MachineDeploymentSpecRolloutStrategyRollingUpdateMaxSurge as MaxSurge,
  MachineDeploymentSpecRolloutStrategyRollingUpdateMaxUnavailable as MaxUnavailable,
  MachineDeploymentSpecRolloutStrategyType,
} from '../../../imports/k8s/cluster.x-k8s.io';
import { MACHINE_DEPLOYMENT_ROLLOUT } from '../../core/rules/worker-rollout';
import type { PoolRolloutSettings } from '../../core/rules/worker-rollout';
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
  /**
   * Rolling-update settings; written only when they differ from Cluster API's defaults.
   * @default MACHINE_DEPLOYMENT_ROLLOUT
   */
  readonly rollout?: PoolRolloutSettings | undefined;
}

/** A count (`2`, `"2"`) or a percentage (`"40%"`) as the int-or-string a binding takes: digits become a number. */
export function intOrString<T>(factory: { fromNumber(n: number): T; fromString(s: string): T }, v: number | string): T {
  if (typeof v === 'number') return factory.fromNumber(v);
  return /^\d+$/.test(v) ? factory.fromNumber(Number(v)) : factory.fromString(v);
}

/** Whether `rollout` is Cluster API's default (1 and 0), which the platform leaves to the defaulting webhook. */
export function isDefaultRollout(rollout: PoolRolloutSettings | undefined): boolean {
  return (
    rollout === undefined ||
    (String(rollout.maxSurge) === String(MACHINE_DEPLOYMENT_ROLLOUT.maxSurge) &&
      String(rollout.maxUnavailable) === String(MACHINE_DEPLOYMENT_ROLLOUT.maxUnavailable))
  );
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
      ...(isDefaultRollout(o.rollout)
        ? {}
        : {
            rollout: {
              strategy: {
                type: MachineDeploymentSpecRolloutStrategyType.ROLLING_UPDATE,
                rollingUpdate: {
                  maxSurge: intOrString(MaxSurge, o.rollout!.maxSurge),
                  maxUnavailable: intOrString(MaxUnavailable, o.rollout!.maxUnavailable),
                },
              },
            },
          }),
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
