/**
 * `planUpgrade`: the ordered, checked plan from one platform spec to another. Pure: no network, no files; both
 * configs come from the loader, which has already checked each one on its own (matrix, compatibility). This adds the
 * rules about the move between them: no downgrade, one Talos and one Kubernetes minor per plan, the new Cluster API
 * must still support every cluster's current Kubernetes (providers go first), the known-defect floors, and the order
 * of Talos and Kubernetes the matrix allows. Each kind of step has its own module; this one orders them.
 */
import type { PlatformConfig } from '../core/spec/resolved';
import { REFERENCE_STAGE_FOLDERS } from './commands';
import type { StageFolders } from './commands';
import { addImageStep, addManagementSteps } from './management-steps';
import type { UpgradePlan } from './plan-types';
import { PlanDraft } from './plan-draft';
import { addProviderSteps, checkCacpptFloor } from './provider-steps';
import { addWorkloadSteps } from './workload-steps';

/** Options of {@link planUpgrade}. */
export interface PlanUpgradeOptions {
  /**
   * Label of the current spec in the output.
   * @default "current"
   */
  readonly fromLabel?: string | undefined;
  /**
   * Label of the target spec in the output.
   * @default "target"
   */
  readonly toLabel?: string | undefined;
  /**
   * Terraform stage folders the commands name.
   * @default REFERENCE_STAGE_FOLDERS
   */
  readonly stages?: StageFolders | undefined;
}

/** The plan from `from` to `to`. */
export function planUpgrade(from: PlatformConfig, to: PlatformConfig, options: PlanUpgradeOptions = {}): UpgradePlan {
  const plan = new PlanDraft(from, to, options.stages ?? REFERENCE_STAGE_FOLDERS);
  addSteps(plan);
  const ok = plan.refusals.length === 0;
  return {
    from: options.fromLabel ?? 'current',
    to: options.toLabel ?? 'target',
    ok,
    steps: ok ? plan.steps.map((s, i) => ({ ...s, order: i + 1 })) : [],
    refusals: plan.refusals,
    notes: plan.notes,
  };
}

/** Providers, then the image and the management cluster, then each workload cluster in the target's order. */
function addSteps(plan: PlanDraft): void {
  addProviderSteps(plan);
  const talos = addImageStep(plan);
  addManagementSteps(plan, talos);
  const fromClusters = new Map(plan.from.clusters.map((c) => [c.name, c]));
  const rolling: string[] = [];
  for (const cluster of plan.to.clusters) {
    const before = fromClusters.get(cluster.name);
    if (before === undefined) {
      plan.notes.push(
        `${cluster.name} is new in the target spec: Cluster API creates it at the target versions; no upgrade step.`,
      );
      continue;
    }
    if (addWorkloadSteps(plan, before, cluster)) rolling.push(cluster.name);
  }
  const kept = new Set(plan.to.clusters.map((c) => c.name));
  for (const gone of plan.from.clusters.filter((c) => !kept.has(c.name))) {
    plan.notes.push(
      `${gone.name} is not in the target spec: removing a cluster is not an upgrade step; plan its deletion on its own.`,
    );
  }
  checkCacpptFloor(plan, rolling);
  if (rolling.length > 1) {
    plan.notes.push(
      `One commit of dist/ rolls ${rolling.join(', ')} together. To move Kubernetes one cluster at a time, pin ` +
        'versions.kubernetes in one cluster spec per commit and plan each; Talos follows the platform (the template).',
    );
  }
}
