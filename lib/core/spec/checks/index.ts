/** Every cross-check over the resolved model, in a fixed order. Each is a pure function returning issues. */
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';
import { checkAddonDependencies } from './addon-dependencies';
import { checkAddonPrerequisites } from './addon-prerequisites';
import { checkAddressConflicts } from './address-conflicts';
import { checkCreatedBridges } from './bridges';
import { checkClusterCidrs } from './cluster-cidrs';
import { checkClusterClass } from './cluster-class';
import { checkControlPlaneCounts } from './control-plane';
import { checkEndpoint } from './endpoint';
import { checkEtcdBackup } from './etcd-backup';
import { checkGateways } from './gateway';
import { checkGitOps } from './gitops';
import { checkGitOpsLayout } from './gitops-layout';
import { checkIpPools } from './ip-pool';
import { checkL2Pool } from './l2-pool';
import { checkLabels } from './labels';
import { checkMachineSizes } from './machine-size';
import { checkNames } from './names';
import { checkNodeIps } from './node-ips';
import { checkPlacement } from './placement';
import { checkReferences } from './references';
import { checkSubnets } from './subnet';
import { checkUrlCredentials } from './url-credentials';
import { checkVersions } from './versions';
import { checkVips } from './vip';
import { checkVmIds } from './vm-ids';
import { checkWorkerPools } from './worker-pools';

export type Check = (config: PlatformConfig) => Issue[];

export const CHECKS: readonly Check[] = [
  checkEndpoint,
  checkUrlCredentials,
  checkGitOps,
  checkGitOpsLayout,
  checkReferences,
  checkPlacement,
  checkCreatedBridges,
  checkNames,
  checkLabels,
  checkVersions,
  checkControlPlaneCounts,
  checkMachineSizes,
  checkWorkerPools,
  checkNodeIps,
  checkSubnets,
  checkGateways,
  checkVips,
  checkIpPools,
  checkL2Pool,
  checkAddressConflicts,
  checkClusterCidrs,
  checkVmIds,
  checkEtcdBackup,
  checkClusterClass,
  checkAddonDependencies,
  checkAddonPrerequisites,
];

export function runChecks(config: PlatformConfig): Issue[] {
  return CHECKS.flatMap((check) => check(config));
}
