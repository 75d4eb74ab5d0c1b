// Fixture builders for the GitOps tests: a pinned platform spec and synth helpers. Versions come from
// lib/core/versions.ts through the resolver; nothing here depends on the example clusters/ folder.
import type { App, Chart } from 'cdk8s';
import { resolvePlatformConfig } from '../../lib/core/spec/resolve';
import type { PlatformConfig } from '../../lib/core/spec/resolved';
import type { AddonsSpec, PlatformSpec, WorkloadClusterSpec } from '../../lib/core/spec/types';
import { renderGitOpsTree } from '../../lib/core/synth/gitops-writer';
import { collectValidationErrors } from '../../lib/core/synth/validate-tree';

/** A parsed JSON or YAML document (typed loosely on purpose: tests assert on its shape). */
export type Json = ReturnType<typeof JSON.parse>;

/** A small valid platform spec; `addons` and `gitops` fields can be overridden. */
export function platformSpec(
  overrides: { addons?: AddonsSpec; gitops?: Partial<PlatformSpec['gitops']> } = {},
): PlatformSpec {
  return {
    apiVersion: 'talos-platform-cdk/v1alpha1',
    kind: 'Platform',
    proxmox: {
      endpoint: 'https://pve1.example.internal:8006',
      nodes: [{ name: 'pve1' }],
      datastores: [{ name: 'local-lvm' }, { name: 'local' }],
      bridges: [{ name: 'vmbr0' }],
      image: { datastore: 'local', templateNode: 'pve1' },
    },
    management: {
      name: 'mgmt',
      network: { bridge: 'vmbr0', cidr: '10.20.0.0/24' },
      vip: '10.20.0.10',
      controlPlane: { count: 3, ips: ['10.20.0.11', '10.20.0.12', '10.20.0.13'] },
    },
    gitops: { repoUrl: 'https://git.example.com/platform/gitops.git', ...overrides.gitops },
    environments: [{ name: 'staging' }],
    addons: overrides.addons,
  };
}

/** A workload cluster spec in environment `staging`. */
export function workloadSpec(name = 'dev'): WorkloadClusterSpec {
  return {
    apiVersion: 'talos-platform-cdk/v1alpha1',
    kind: 'WorkloadCluster',
    name,
    controlPlane: { count: 1 },
    workers: { count: 2 },
    network: {
      bridge: 'vmbr0',
      cidr: '10.30.0.0/24',
      endpointVip: '10.30.0.10',
      ipPool: { start: '10.30.0.20', end: '10.30.0.40' },
    },
  };
}

/** The resolved config of {@link platformSpec} (and optional workload clusters in `staging`). */
export function platformConfig(
  overrides: Parameters<typeof platformSpec>[0] = {},
  clusters: readonly WorkloadClusterSpec[] = [],
): PlatformConfig {
  return resolvePlatformConfig({
    platform: platformSpec(overrides),
    clusters: clusters.map((spec) => ({ environment: 'staging', spec })),
  });
}

/** The first object of `kind` (and `name`, if given) in a chart. */
export function objectOf(chart: Chart, kind: string, name?: string): Json {
  const found = chart.toJson().find((o: Json) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''} in ${chart.node.path}`);
  return found;
}

/** Every validation message, then (when there is none) the GitOps tree: path -> YAML text, as synth writes it. */
export function renderTree(app: App): { files: Map<string, string>; errors: string[] } {
  const errors = collectValidationErrors(app).map((e) => e.message);
  return { files: errors.length === 0 ? renderGitOpsTree(app) : new Map(), errors };
}
