/**
 * The commands of each kind of step, as a person types them. Management-cluster steps drive `talosctl` node by
 * node (the talos provider v0.11 does not upgrade running nodes); workload-cluster steps are a spec edit and a
 * commit, which Cluster API rolls out.
 */
import type { ResolvedManagementCluster, ResolvedWorkloadCluster } from '../core/spec/resolved';

/** Folders of the Terraform stages the plan names (`cdktf.out/stacks/<id>`). */
export interface StageFolders {
  /** Talos image and VM template. */
  readonly foundation: string;
  /** The management cluster. */
  readonly managementTalos: string;
  /** The Cluster API providers. */
  readonly providers: string;
}

/** The reference platform's stage folders (`STAGE_IDS` in stacks/platform.ts). */
export const REFERENCE_STAGE_FOLDERS: StageFolders = {
  foundation: 'cdktf.out/stacks/00-proxmox-foundation',
  managementTalos: 'cdktf.out/stacks/10-mgmt-talos',
  providers: 'cdktf.out/stacks/30-capmox',
};

/** Minutes `talosctl health` waits for the cluster after each node. */
export const HEALTH_WAIT = '10m';

/** Writes the stage 10 talosconfig to a file and points talosctl at it. */
export function talosconfigSetup(stages: StageFolders): string {
  return `tofu -chdir=${stages.managementTalos} output -raw talosconfig > talosconfig && export TALOSCONFIG=$PWD/talosconfig`;
}

/**
 * `talosctl upgrade` of every management node, control planes first and one at a time, each followed by
 * `talosctl health`. The endpoint is another control plane where there is one, so the client keeps its connection
 * while the node reboots.
 */
export function managementTalosCommands(
  management: ResolvedManagementCluster,
  installerImage: string,
  stages: StageFolders,
): string[] {
  const controlPlanes = management.machines.filter((m) => m.role === 'controlplane').map((m) => m.ip);
  const workers = management.machines.filter((m) => m.role === 'worker').map((m) => m.ip);
  const endpointFor = (ip: string): string => controlPlanes.find((cp) => cp !== ip) ?? ip;
  const commands = [
    talosconfigSetup(stages),
    `talosctl -e ${controlPlanes[0]} -n ${controlPlanes[0]} etcd snapshot ${management.name}-etcd-before-upgrade.snapshot`,
  ];
  for (const ip of [...controlPlanes, ...workers]) {
    commands.push(`talosctl -e ${endpointFor(ip)} -n ${ip} upgrade --image ${installerImage} --wait`);
    commands.push(`talosctl -e ${ip} -n ${ip} health --wait-timeout ${HEALTH_WAIT}`);
  }
  commands.push(`tofu -chdir=${stages.managementTalos} plan    # machine configs only: stop if a VM would be replaced`);
  commands.push(`tofu -chdir=${stages.managementTalos} apply`);
  return commands;
}

/** `talosctl upgrade-k8s` (control-plane components, then kubelets, node by node, each checked by talosctl). */
export function managementKubernetesCommands(
  management: ResolvedManagementCluster,
  kubernetes: string,
  stages: StageFolders,
): string[] {
  const cp = management.controlPlane.ips[0];
  return [
    talosconfigSetup(stages),
    `talosctl -e ${cp} -n ${cp} upgrade-k8s --to ${kubernetes} --dry-run`,
    `talosctl -e ${cp} -n ${cp} upgrade-k8s --to ${kubernetes}`,
    `talosctl -e ${cp} -n ${cp} health --wait-timeout ${HEALTH_WAIT}`,
    `tofu -chdir=${stages.managementTalos} apply    # machine configs now name Kubernetes ${kubernetes}`,
  ];
}

/** Exit criteria of a management-cluster step. */
export function managementWatch(management: ResolvedManagementCluster, what: string): string[] {
  const cp = management.controlPlane.ips[0];
  return [
    `talosctl -n ${management.machines.map((m) => m.ip).join(',')} version --short    # ${what} on every node`,
    'kubectl get nodes -o wide    # every node Ready',
    `talosctl -e ${cp} -n ${cp} etcd members    # ${management.controlPlane.count} members`,
  ];
}

/**
 * The spec edit and the commit that roll a workload cluster. `committedWith` names the earlier step whose commit of
 * `dist/` already carries this cluster's change (one commit rolls every cluster it changes).
 */
export function workloadCommitCommands(
  cluster: ResolvedWorkloadCluster,
  edit: string,
  subject: string,
  committedWith?: string,
): string[] {
  if (committedWith !== undefined) {
    return [`# nothing to commit: the commit of ${committedWith} already rolls ${cluster.name}`];
  }
  return [
    edit,
    'npm run validate && npm run synth',
    `git add clusters dist && git commit -m "${subject}" && git push`,
    `argocd app sync cluster-${cluster.name}    # or wait for the automated sync`,
  ];
}

/** How to follow a workload cluster's rollout from the management cluster. */
export function workloadWatch(cluster: ResolvedWorkloadCluster): string[] {
  const ns = cluster.name;
  return [
    `clusterctl describe cluster ${cluster.name} -n ${ns}    # every machine Ready, none left on the old version`,
    `kubectl -n ${ns} get taloscontrolplane,machinedeployment,machines -o wide`,
    `kubectl -n ${ns} get secret ${cluster.name}-kubeconfig -o jsonpath='{.data.value}' | base64 -d > ${cluster.name}.kubeconfig && kubectl --kubeconfig ${cluster.name}.kubeconfig get nodes -o wide`,
  ];
}
