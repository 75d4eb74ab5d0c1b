import type { ResolvedWorkloadCluster } from '../core/spec/resolved';
import { HEALTH_WAIT } from './commands';

/**
 * Talos on a workload cluster's control planes. The commit rolls the workers (their TalosConfigTemplate gets a new
 * name, so the MachineDeployment replaces them with clones of the new template); CACPPT does not replace control
 * planes for a Talos change (docs/clusters.md), so they are upgraded in place, one at a time, with the cluster's
 * talosconfig that CACPPT keeps in the management cluster (Secret `<cluster>-talosconfig`).
 */
export function workloadTalosCommands(cluster: ResolvedWorkloadCluster, installerImage: string): string[] {
  const ns = cluster.name;
  const talosconfig = `${cluster.name}.talosconfig`;
  const list = `${cluster.name}-control-planes.txt`;
  return [
    `kubectl -n ${ns} get secret ${cluster.name}-talosconfig -o jsonpath='{.data.talosconfig}' | base64 -d > ${talosconfig}`,
    `kubectl -n ${ns} get machines -l cluster.x-k8s.io/control-plane -o jsonpath='{range .items[*]}{.status.addresses[?(@.type=="InternalIP")].address}{"\\n"}{end}' > ${list}`,
    // The endpoint is another control plane (not the VIP, which moves while its holder reboots).
    `for ip in $(cat ${list}); do other=$(grep -vx "$ip" ${list} | head -n 1); ` +
      `talosctl --talosconfig ${talosconfig} -e "\${other:-$ip}" -n "$ip" upgrade --image ${installerImage} --wait && ` +
      `talosctl --talosconfig ${talosconfig} -e "$ip" -n "$ip" health --wait-timeout ${HEALTH_WAIT} || break; done`,
  ];
}
