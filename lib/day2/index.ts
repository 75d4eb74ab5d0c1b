/**
 * Day 2 (`talos-platform-cdk/day2`): the upgrade planner over two platform configs and
 * the stage 10 client-certificate check. Light: no CDKTF, cdk8s or generated binding.
 *
 * @example
 * import { loadPlatformConfig } from 'talos-platform-cdk';
 * import { formatUpgradePlan, planUpgrade } from 'talos-platform-cdk/day2';
 *
 * const from = loadPlatformConfig('old/clusters');
 * const to = loadPlatformConfig('clusters');
 * if (from.ok && to.ok) process.stdout.write(formatUpgradePlan(planUpgrade(from.config, to.config)));
 *
 * @module day2
 */
export { planUpgrade } from './upgrade-plan';
export type { PlanUpgradeOptions } from './upgrade-plan';
export type { PoolRollout, UpgradePhase, UpgradePlan, UpgradeRefusal, UpgradeStep, VersionChange } from './plan-types';
export { formatUpgradePlan } from './format-plan';
export { REFERENCE_STAGE_FOLDERS } from './commands';
export type { StageFolders } from './commands';
export { talosKubernetesOrder } from './talos-kubernetes-order';
export { versionMove } from './version-rules';
export type { VersionMove } from './version-rules';
export { RENEWAL_WINDOW_DAYS, certificateStatus } from './certificates';
export type { CertificateStatus, ClientConfigKind } from './certificates';
export { loadPlatformConfigAtRevision } from './spec-at-revision';
