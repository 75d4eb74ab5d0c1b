/**
 * Workload-cluster placement that Proxmox can actually clone.
 *
 * CAPMOX v0.9 clones every machine from the template's node (`sourceNode`) with `target` set to a node it picks
 * round-robin from `allowedNodes` (`internal/service/vmservice/vm.go` `createVM`, `internal/service/scheduler`), and
 * passes `storage` (our `placement.datastore`) for the full clone. Proxmox (`qemu-server` `PVE/API2/Qemu.pm`
 * `clone_vm`) drops `target` when it is the source node, and otherwise refuses the clone unless the target storage
 * is shared ("can't clone to non-shared storage") and every disk of the template is on shared storage ("can't clone
 * VM to node ... (VM uses local storage)"). `templateSelector` is no way around it: v0.9 wants exactly one matching
 * template in the whole Proxmox cluster (`FindVMTemplateByTags`), and a TalosControlPlane has one machine template,
 * so control planes cannot come from a template per node.
 *
 * The management VMs are not clones (each imports the Talos image on its own node), so this applies to workload
 * clusters only.
 */
import { code } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig, ResolvedDatastore, ResolvedWorkloadCluster } from '../resolved';

/** The nodes CAPMOX may clone to that are not the template's own node. */
export function crossNodeTargets(cluster: ResolvedWorkloadCluster): string[] {
  return cluster.placement.nodes.filter((n) => n !== cluster.placement.template.node);
}

export function checkPlacement(config: PlatformConfig): Issue[] {
  const { proxmox } = config.platform;
  const datastore = (name: string): ResolvedDatastore | undefined => proxmox.datastores.find((d) => d.name === name);
  const issues: Issue[] = [];
  for (const cluster of config.clusters) {
    const others = crossNodeTargets(cluster);
    if (others.length === 0) continue;
    const { placement, sourceFile: file } = cluster;
    const templateNode = placement.template.node;
    const onlyTemplateNode = `or keep the cluster on the template's node: \`placement.nodes: [${templateNode}]\``;
    const target = datastore(placement.datastore);
    // An unknown datastore is reported by the reference check.
    if (target && !target.shared) {
      issues.push({
        // Reported where the spec sets it; the locator falls back to `placement` when it is the default.
        file,
        path: ['placement', 'datastore'],
        rule: 'clone-storage-not-shared',
        message:
          `VM disks on ${code(placement.datastore)}, which is not shared, while CAPMOX may clone to ` +
          `${others.map((n) => code(n)).join(', ')} (Proxmox: "can't clone to non-shared storage")`,
        expected: `a datastore with \`shared: true\` for a cluster on more than the template's node ${code(templateNode)}`,
        hint:
          `set \`placement.datastore\` to shared storage (Ceph RBD, NFS) declared \`shared: true\` in ` +
          `${config.platform.sourceFile}, ${onlyTemplateNode}`,
      });
    }
    const templateStore = placement.template.datastore ? datastore(placement.template.datastore) : undefined;
    if (templateStore && !templateStore.shared) {
      issues.push({
        file,
        path: ['placement', 'nodes'],
        rule: 'template-not-shared',
        message:
          `the template (VM ${placement.template.vmId}) is on ${code(templateStore.name)} of ${code(templateNode)}, ` +
          `which is not shared, while CAPMOX may clone it to ${others.map((n) => code(n)).join(', ')} ` +
          '(Proxmox: "can\'t clone VM to node ... (VM uses local storage)")',
        expected: 'the template on a datastore with `shared: true`, or only the template node in `placement.nodes`',
        hint:
          `put the template on shared storage declared \`shared: true\` (the stage 00 template: ` +
          `\`proxmox.image.templateDatastore\` in ${config.platform.sourceFile}), ${onlyTemplateNode}`,
      });
    }
  }
  return issues;
}
