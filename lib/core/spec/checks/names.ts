/**
 * Names: cluster names unique across environments and distinct from the management cluster (they name kubeconfig
 * contexts, Argo CD cluster secrets and CAPI objects in one namespace tree); no duplicate entries in the platform's
 * lists; environment folder names usable as Kubernetes names.
 */
import * as path from 'path';
import { MAX_DNS_LABEL_LENGTH, MAX_WORKLOAD_CLUSTER_NAME_LENGTH } from '../../rules/facts';
import { isDnsLabel } from '../../rules/names';
import { code } from '../issue';
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkNames(config: PlatformConfig): Issue[] {
  return [
    ...duplicateClusterNames(config),
    ...duplicateListEntries(config),
    ...environmentFolderNames(config),
    ...clusterNameLengths(config),
    ...managementHostnames(config),
    ...fileNames(config),
  ];
}

/** Management VM host names are `<name>-cp-<n>` and `<name>-worker-<n>`: each must stay a DNS label. */
function managementHostnames(config: PlatformConfig): Issue[] {
  const { management, sourceFile } = config.platform;
  const longest = management.machines.reduce((a, m) => (m.hostname.length > a.length ? m.hostname : a), '');
  if (longest.length <= MAX_DNS_LABEL_LENGTH) return [];
  return [
    {
      file: sourceFile,
      path: ['management', 'name'],
      rule: 'cluster-name-too-long',
      message: `the node host name ${code(longest)} would have ${longest.length} characters`,
      expected: `a cluster name of at most ${MAX_DNS_LABEL_LENGTH - (longest.length - management.name.length)} characters here (host names are DNS labels of ${MAX_DNS_LABEL_LENGTH})`,
      hint: 'shorten the management cluster name',
    },
  ];
}

function clusterNameLengths(config: PlatformConfig): Issue[] {
  return config.clusters
    .filter((c) => c.name.length > MAX_WORKLOAD_CLUSTER_NAME_LENGTH)
    .map((c) => ({
      file: c.sourceFile,
      path: ['name'],
      rule: 'cluster-name-too-long',
      message: `cluster name ${code(c.name)} has ${c.name.length} characters`,
      expected: `at most ${MAX_WORKLOAD_CLUSTER_NAME_LENGTH}: Machine and node names add up to ${MAX_DNS_LABEL_LENGTH - MAX_WORKLOAD_CLUSTER_NAME_LENGTH} characters to it and must stay within ${MAX_DNS_LABEL_LENGTH}`,
      hint: `shorten it, e.g. \`${c.name.slice(0, MAX_WORKLOAD_CLUSTER_NAME_LENGTH).replace(/-+$/, '')}\``,
    }));
}

/**
 * A cluster file is named after its cluster (`<env>/<name>.yaml`), so the file list is the cluster list: renaming
 * a file cannot silently rename (delete and recreate) a cluster, and `name` never disagrees with the file.
 * Specs passed in code (`<env/name>` in angle brackets) have no file.
 */
function fileNames(config: PlatformConfig): Issue[] {
  return config.clusters
    .filter((c) => !c.sourceFile.startsWith('<') && path.basename(c.sourceFile, '.yaml') !== c.name)
    .map((c) => ({
      file: c.sourceFile,
      path: ['name'],
      rule: 'cluster-name-file-mismatch',
      message: `cluster ${code(c.name)} is in ${path.basename(c.sourceFile)}`,
      expected: `the file to be named ${code(`${c.name}.yaml`)}`,
      hint: `rename the file to ${c.name}.yaml, or set \`name: ${path.basename(c.sourceFile, '.yaml')}\` (renaming a cluster replaces it: docs/clusters.md)`,
    }));
}

function duplicateClusterNames(config: PlatformConfig): Issue[] {
  const { management, sourceFile } = config.platform;
  const seen = new Map<string, string>([[management.name, `the management cluster (${sourceFile})`]]);
  const issues: Issue[] = [];
  for (const cluster of config.clusters) {
    const first = seen.get(cluster.name);
    if (first) {
      issues.push({
        file: cluster.sourceFile,
        path: ['name'],
        rule: 'duplicate-cluster-name',
        message: `cluster name ${code(cluster.name)} is already used by ${first}`,
        expected: 'a name unique across the management cluster and every environment',
        hint: `rename it, e.g. \`${cluster.environment}-${cluster.name}\``,
      });
    } else seen.set(cluster.name, `the cluster in ${cluster.sourceFile}`);
  }
  return issues;
}

function duplicateListEntries(config: PlatformConfig): Issue[] {
  const { platform } = config;
  const lists: [string[], readonly { name: string }[]][] = [
    [['proxmox', 'nodes'], platform.proxmox.nodes],
    [['proxmox', 'datastores'], platform.proxmox.datastores],
    [['proxmox', 'bridges'], platform.proxmox.bridges],
    [['environments'], platform.environments],
  ];
  const issues: Issue[] = [];
  for (const [path, entries] of lists) {
    const seen = new Set<string>();
    entries.forEach((entry, i) => {
      if (seen.has(entry.name)) {
        issues.push({
          file: platform.sourceFile,
          path: [...path, i, 'name'],
          rule: 'duplicate-name',
          message: `${code(entry.name)} is listed twice in ${path.join('.')}`,
          expected: 'each name once',
          hint: 'remove the second entry',
        });
      }
      seen.add(entry.name);
    });
  }
  return issues;
}

function environmentFolderNames(config: PlatformConfig): Issue[] {
  const reported = new Set<string>();
  const issues: Issue[] = [];
  for (const cluster of config.clusters) {
    if (isDnsLabel(cluster.environment)) continue;
    if (reported.has(cluster.environment)) continue;
    reported.add(cluster.environment);
    issues.push({
      file: cluster.sourceFile,
      path: [],
      rule: 'not-dns-1123-label',
      message: `environment folder ${code(cluster.environment)} is not a DNS-1123 label`,
      expected: 'lower-case letters, digits and `-`, starting and ending with a letter or digit',
      hint: `rename the folder to \`${cluster.environment
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, '')}\``,
    });
  }
  return issues;
}
