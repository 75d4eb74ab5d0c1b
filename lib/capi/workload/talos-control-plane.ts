import type { Construct } from 'constructs';
import {
  TalosControlPlane,
  TalosControlPlaneSpecRolloutStrategyRollingUpdateMaxSurge,
} from '../../../imports/k8s/controlplane.cluster.x-k8s.io';
import { CAPMOX_API_VERSION } from './api-groups';

/** Options of {@link addTalosControlPlane}. */
export interface TalosControlPlaneOptions {
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  /** `v1.35.6`. */
  readonly kubernetesVersion: string;
  /** `v1.13.9`. */
  readonly talosVersion: string;
  readonly machineTemplateName: string;
  readonly strategicPatches: readonly string[];
}

/**
 * The `TalosControlPlane` (`controlplane.cluster.x-k8s.io/v1alpha3`, CACPPT). Its `infrastructureTemplate` is a
 * v1 ObjectReference (apiVersion/kind/name/namespace). CACPPT v0.4+ ignores `init`; every control plane gets
 * `generateType: controlplane` and CACPPT bootstraps etcd on the first one. Hostnames follow the Machine names.
 * `rolloutStrategy` is written with the CRD's default (one machine surged at a time) so the stored object and Git
 * agree.
 */
export function addTalosControlPlane(scope: Construct, id: string, o: TalosControlPlaneOptions): TalosControlPlane {
  return new TalosControlPlane(scope, id, {
    metadata: { name: o.name, namespace: o.namespace },
    spec: {
      version: o.kubernetesVersion,
      replicas: o.replicas,
      infrastructureTemplate: {
        apiVersion: CAPMOX_API_VERSION,
        kind: 'ProxmoxMachineTemplate',
        name: o.machineTemplateName,
        namespace: o.namespace,
      },
      controlPlaneConfig: {
        controlplane: {
          generateType: 'controlplane',
          talosVersion: o.talosVersion,
          hostname: { source: 'MachineName' },
          strategicPatches: [...o.strategicPatches],
        },
      },
      rolloutStrategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: TalosControlPlaneSpecRolloutStrategyRollingUpdateMaxSurge.fromNumber(1) },
      },
    },
  });
}
