import type { Construct } from 'constructs';
import {
  MachineHealthCheck,
  MachineHealthCheckSpecRemediationTriggerIfUnhealthyLessThanOrEqualTo,
} from '../../../imports/k8s/cluster.x-k8s.io';

/** Options of {@link addMachineHealthCheck}. */
export interface MachineHealthCheckOptions {
  readonly name: string;
  readonly namespace: string;
  readonly clusterName: string;
  readonly matchLabels: Record<string, string>;
  readonly nodeStartupTimeoutSeconds: number;
  readonly unhealthyTimeoutSeconds: number;
  /** `40%` or a count: above it, remediation stops (a network outage must not replace every machine). */
  readonly maxUnhealthy: string;
}

/**
 * A `MachineHealthCheck` (`cluster.x-k8s.io/v1beta2`): a Machine is unhealthy when its Node's `Ready` condition is
 * `Unknown` or `False` for longer than the timeout, or when no Node appears within the startup timeout. v1beta2 names:
 * `spec.checks.unhealthyNodeConditions[].timeoutSeconds`, `spec.checks.nodeStartupTimeoutSeconds`,
 * `spec.remediation.triggerIf.unhealthyLessThanOrEqualTo` (v1beta1's `maxUnhealthy`).
 */
export function addMachineHealthCheck(scope: Construct, id: string, o: MachineHealthCheckOptions): MachineHealthCheck {
  const maxUnhealthy = /^\d+$/.test(o.maxUnhealthy)
    ? MachineHealthCheckSpecRemediationTriggerIfUnhealthyLessThanOrEqualTo.fromNumber(Number(o.maxUnhealthy))
    : MachineHealthCheckSpecRemediationTriggerIfUnhealthyLessThanOrEqualTo.fromString(o.maxUnhealthy);
  return new MachineHealthCheck(scope, id, {
    metadata: { name: o.name, namespace: o.namespace },
    spec: {
      clusterName: o.clusterName,
      selector: { matchLabels: { ...o.matchLabels } },
      checks: {
        nodeStartupTimeoutSeconds: o.nodeStartupTimeoutSeconds,
        unhealthyNodeConditions: [
          { type: 'Ready', status: 'Unknown', timeoutSeconds: o.unhealthyTimeoutSeconds },
          { type: 'Ready', status: 'False', timeoutSeconds: o.unhealthyTimeoutSeconds },
        ],
      },
      remediation: { triggerIf: { unhealthyLessThanOrEqualTo: maxUnhealthy } },
    },
  });
}
