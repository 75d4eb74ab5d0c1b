/**
 * Addons whose prerequisites (lib/core/addon-prerequisites.ts) the spec cannot meet:
 *
 * - a workload cluster cloned from a template of the user's whose image lacks a Talos extension an addon reaching it
 *   needs (the stage 00 template always has them: the platform schematic carries every enabled addon's extensions);
 * - a Proxmox CSI StorageClass on a datastore `proxmox.datastores` does not declare, or that is missing on a node a
 *   management VM runs on (the plugin creates each disk on the VM's node, so pods there could never get a volume);
 * - Proxmox CSI enabled without a StorageClass, with two StorageClasses of one name, or more than one default
 *   StorageClass in the cluster (Longhorn's chart makes `longhorn` the default, `persistence.defaultClass: true`).
 */
import { fleetAddonLabel } from '../../labels';
import { workloadRequirements } from '../../addon-prerequisites';
import { code } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig, ResolvedAddons, ResolvedWorkloadCluster } from '../resolved';
import { suggestion } from '../suggest';

const CSI_PATH = ['addons', 'proxmoxCsi'];

export function checkAddonPrerequisites(config: PlatformConfig): Issue[] {
  return [...config.clusters.flatMap((c) => templateExtensions(config.platform.addons, c)), ...proxmoxCsi(config)];
}

function templateExtensions(addons: ResolvedAddons, cluster: ResolvedWorkloadCluster): Issue[] {
  const have = cluster.placement.template.extensions;
  const issues: Issue[] = [];
  for (const { addon, prerequisites } of workloadRequirements(addons, cluster)) {
    const missing = prerequisites.talosExtensions.filter((e) => !(have ?? []).includes(e));
    if (missing.length === 0) continue;
    const names = missing.map((e) => code(e)).join(', ');
    const fleetLabel = fleetAddonLabel(prerequisites.fleetAppName!);
    issues.push({
      file: cluster.sourceFile,
      path: ['placement', 'template'],
      rule: 'addon-extension-missing',
      message:
        `addon ${code(addon)} reaches this cluster and needs the Talos extensions ${names}, ` +
        (have === undefined
          ? "but the template's image is not stage 00's and the spec does not list its extensions"
          : "which the template's image does not have"),
      expected: `a template whose Image Factory schematic includes ${names}`,
      hint:
        have === undefined
          ? `list the image's extensions in \`placement.template.extensions\`, use the stage 00 template (drop ` +
            `\`placement.template\`), or opt the cluster out with the label \`${fleetLabel}: "false"\``
          : `rebuild the template from a schematic with them, or opt out with the label \`${fleetLabel}: "false"\``,
    });
  }
  return issues;
}

function proxmoxCsi(config: PlatformConfig): Issue[] {
  const { addons, proxmox, management, sourceFile: file } = config.platform;
  const csi = addons.proxmoxCsi;
  if (!csi.enabled) return [];
  const issues: Issue[] = [];
  if (csi.storageClasses.length === 0) {
    issues.push({
      file,
      path: [...CSI_PATH, 'enabled'],
      rule: 'proxmox-csi-without-storage-class',
      message: 'the Proxmox CSI plugin is enabled but `storageClasses` is empty, so no volume could ever be created',
      expected: 'at least one entry `{ datastore: <proxmox.datastores name> }`',
      hint: `add \`storageClasses: [{ datastore: ${management.placement.datastore} }]\`, or disable the addon`,
    });
  }
  const declared = proxmox.datastores.map((d) => d.name);
  const vmNodes = [...new Set(management.machines.map((m) => m.proxmoxNode))];
  const seen = new Set<string>();
  csi.storageClasses.forEach((c, i) => {
    const at = [...CSI_PATH, 'storageClasses', i];
    if (seen.has(c.name)) {
      issues.push({
        file,
        path: at,
        rule: 'proxmox-csi-duplicate-storage-class',
        message: `StorageClass ${code(c.name)} is listed twice`,
        expected: 'one entry per StorageClass name',
        hint: 'give the second one another `name`, or remove it',
      });
    }
    seen.add(c.name);
    const store = proxmox.datastores.find((d) => d.name === c.datastore);
    if (!store) {
      issues.push({
        file,
        path: [...at, 'datastore'],
        rule: 'proxmox-csi-undeclared-datastore',
        message: `datastore ${code(c.datastore)} of StorageClass ${code(c.name)} is not in proxmox.datastores`,
        expected: `one of ${declared.map((d) => code(d)).join(', ')}`,
        hint: suggestion(c.datastore, declared) || 'declare it under proxmox.datastores',
      });
      return;
    }
    const missing = vmNodes.filter((n) => !store.nodes.includes(n));
    if (missing.length > 0) {
      issues.push({
        file,
        path: [...at, 'datastore'],
        rule: 'proxmox-csi-datastore-not-on-node',
        message:
          `datastore ${code(c.datastore)} is not available on ${missing.map((n) => code(n)).join(', ')}, where ` +
          'management VMs run: the plugin creates each disk on the node of the VM that mounts it',
        expected: `a datastore on every node of the management VMs (${vmNodes.map((n) => code(n)).join(', ')})`,
        hint: "add the nodes to the datastore's `nodes`, or pick a datastore every node has",
      });
    }
  });
  const defaults = csi.storageClasses.filter((c) => c.default).map((c) => c.name);
  // Longhorn's chart installs its StorageClass as the default (`persistence.defaultClass`).
  if (addons.longhorn.enabled) defaults.unshift('longhorn');
  if (defaults.length > 1) {
    issues.push({
      file,
      path: CSI_PATH,
      rule: 'default-storage-class-conflict',
      message: `${defaults.map((d) => code(d)).join(', ')} would all be the default StorageClass`,
      expected: 'at most one default StorageClass in the cluster',
      hint: addons.longhorn.enabled
        ? 'drop `default: true` from the Proxmox CSI StorageClasses (Longhorn is the default), or disable Longhorn'
        : 'keep `default: true` on one StorageClass',
    });
  }
  return issues;
}
