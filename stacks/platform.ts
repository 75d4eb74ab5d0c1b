import type { PlatformConfig } from '../lib/core/spec/resolved';
import type { PlatformApps } from '../lib/core/synth/synthesize';
import { ProxmoxFoundationStack } from './00-proxmox-foundation';
import { MgmtTalosStack } from './10-mgmt-talos';
import { CapiOperatorStack } from './20-capi-operator';
import { CapmoxStack } from './30-capmox';
import { ClustersStack } from './40-clusters';
import { ArgoStack } from './50-argo';
import { FluxStack } from './50-flux';
import { addCapiCharts } from './gitops-capi';
import { addPlatformCharts } from './gitops-platform';

/** Stack ids, in apply order. They are the folder names under `cdktf.out/stacks/`. */
export const STAGE_IDS = [
  '00-proxmox-foundation',
  '10-mgmt-talos',
  '20-capi-operator',
  '30-capmox',
  '40-clusters',
  '50-argo',
] as const;

/**
 * The reference platform: one Terraform stack per stage and the GitOps tree, all from one resolved config.
 * Composition only; every decision lives in the constructs under `lib/`.
 */
export function buildPlatform(config: PlatformConfig, apps: PlatformApps): void {
  const [s00, s10, s20, s30, s40, s50] = STAGE_IDS;
  const foundation = new ProxmoxFoundationStack(apps.tf, s00, { config });
  const mgmt = new MgmtTalosStack(apps.tf, s10, { config, image: foundation.image });
  const operator = new CapiOperatorStack(apps.tf, s20, { config, managementCluster: mgmt.cluster });
  const capmox = new CapmoxStack(apps.tf, s30, { config, managementCluster: mgmt.cluster, operator });
  new ClustersStack(apps.tf, s40, { config, managementCluster: mgmt.cluster, providers: capmox });
  if (config.platform.gitops.engine === 'flux')
    new FluxStack(apps.tf, s50, { config, managementCluster: mgmt.cluster });
  else new ArgoStack(apps.tf, s50, { config, managementCluster: mgmt.cluster });

  addCapiCharts(apps.k8s, config);
  addPlatformCharts(apps.k8s, config);
}
