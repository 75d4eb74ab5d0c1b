// Builders shared by the stage 20-40 tests (stage-20-40.test.ts) and their tool-backed conformance test
// (stage-20-40.tools.test.ts): the example platform of clusters/, synthesized in a temporary folder.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App as K8sApp } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import { loadPlatformConfig } from '../../lib/core/spec/load';
import type { PlatformConfig } from '../../lib/core/spec/resolved';
import { renderGitOpsTree } from '../../lib/core/synth/gitops-writer';
import { collectValidationErrors } from '../../lib/core/synth/validate-tree';
import { ProxmoxFoundationStack } from '../../stacks/00-proxmox-foundation';
import { MgmtTalosStack } from '../../stacks/10-mgmt-talos';
import { CapiOperatorStack } from '../../stacks/20-capi-operator';
import { CapmoxStack } from '../../stacks/30-capmox';
import { ClustersStack } from '../../stacks/40-clusters';
import { addCapiCharts } from '../../stacks/gitops-capi';

// Synthesized JSON is untyped; tests read it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const REPO = path.resolve(__dirname, '../..');

export function exampleConfig(): PlatformConfig {
  const result = loadPlatformConfig(path.join(REPO, 'clusters'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

export function withDelivery(config: PlatformConfig, clusterDelivery: 'gitops' | 'terraform'): PlatformConfig {
  return { ...config, platform: { ...config.platform, gitops: { ...config.platform.gitops, clusterDelivery } } };
}

export interface Built {
  readonly outdir: string;
  readonly tree: Map<string, string>;
  readonly errors: string[];
  stack(id: string): Json;
}

export function build(config: PlatformConfig): Built {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-20-40-'));
  const tf = new TfApp({ outdir });
  const k8s = new K8sApp({ outdir: path.join(outdir, 'dist') });
  const s00 = new ProxmoxFoundationStack(tf, '00-proxmox-foundation', { config });
  const s10 = new MgmtTalosStack(tf, '10-mgmt-talos', { config, image: s00.image });
  const s20 = new CapiOperatorStack(tf, '20-capi-operator', { config, managementCluster: s10.cluster });
  const s30 = new CapmoxStack(tf, '30-capmox', { config, managementCluster: s10.cluster, operator: s20 });
  new ClustersStack(tf, '40-clusters', { config, managementCluster: s10.cluster, providers: s30 });
  addCapiCharts(k8s, config);
  const errors = collectValidationErrors(tf, k8s).map((e) => `${e.path}: ${e.message}`);
  if (errors.length === 0) tf.synth();
  return {
    outdir,
    tree: errors.length === 0 ? renderGitOpsTree(k8s) : new Map(),
    errors,
    stack: (id) => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8')),
  };
}
