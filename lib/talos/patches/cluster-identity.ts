import { KUBERNETES_API_PORT } from '../../core/rules/facts';
import { dnsLabelProblems } from '../../core/rules/names';
import { throwProblems } from '../../core/rules/problem';
import { TalosPatch } from './talos-patch';
import type { V1Alpha1ConfigPatch } from './types';

/** Options of {@link clusterIdentityPatch}. */
export interface ClusterIdentityPatchOptions {
  /** Cluster name (`cluster.clusterName`). */
  readonly clusterName: string;
  /** Control-plane endpoint, `https://<vip>:<port>` (`cluster.controlPlane.endpoint`). */
  readonly endpoint: string;
}

/**
 * Cluster name and control-plane endpoint. `talos_machine_configuration` and CACPPT already set both from their own
 * inputs; this is for configs generated elsewhere (e.g. `talosctl gen config` with a placeholder endpoint).
 */
export function clusterIdentityPatch(options: ClusterIdentityPatchOptions): TalosPatch<V1Alpha1ConfigPatch> {
  throwProblems('clusterIdentityPatch', dnsLabelProblems('clusterName', options.clusterName));
  if (!/^https:\/\/[^\s/]+:\d+$/.test(options.endpoint)) {
    throw new Error(
      `clusterIdentityPatch: endpoint "${options.endpoint}" is not a control-plane endpoint (expected ` +
        `https://<host>:<port>, e.g. https://10.20.0.5:${KUBERNETES_API_PORT}). Fix: pass the VIP endpoint.`,
    );
  }
  return TalosPatch.of<V1Alpha1ConfigPatch>({
    cluster: { clusterName: options.clusterName, controlPlane: { endpoint: options.endpoint } },
  });
}
