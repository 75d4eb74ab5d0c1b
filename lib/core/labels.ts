/**
 * Label names of this project. They live in core because the spec checks and the resolver need them as much as the
 * GitOps constructs that write them (`lib/gitops/constants.ts` re-exports them).
 */

/** Label prefix of this project (fleet selectors, app labels). */
export const LABEL_PREFIX = 'talos-platform-cdk.dev';

/**
 * The label a workload cluster's Argo CD cluster Secret carries to receive an addon from the fleet:
 * `talos-platform-cdk.dev/addon-<addon>: "true"`.
 */
export function fleetAddonLabel(addonName: string): string {
  return `${LABEL_PREFIX}/addon-${addonName}`;
}
