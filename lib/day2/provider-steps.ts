/**
 * The Cluster API provider bumps: one step before everything else (the operator replaces each provider in place),
 * refused for a downgrade, below a known-defect floor, or when the new Cluster API drops a cluster's current
 * Kubernetes.
 */
import type { VersionChange } from './plan-types';
import type { PlanDraft } from './plan-draft';
import { PLAN_SOURCES } from './plan-draft';
import {
  clusterApiKubernetesRange,
  clusterApiSupportsKubernetes,
  defectFloorBelow,
  versionMove,
} from './version-rules';

/** Provider keys of `versions`, in the order the plan lists them (core first, as the operator needs it). */
const PROVIDERS = ['clusterApi', 'capmox', 'cabpt', 'cacppt', 'ipamInCluster'] as const;

/** Adds the provider step, or the refusals of its changes. */
export function addProviderSteps(plan: PlanDraft): void {
  const changes: VersionChange[] = [];
  for (const key of PROVIDERS) {
    const change = plan.change(key, plan.from.platform.versions[key], plan.to.platform.versions[key]);
    if (!change) continue;
    if (versionMove(change.from, change.to) === 'downgrade') {
      plan.refuse(plan.mgmtName, plan.platformFile, `versions.${key}`, change, {
        reason: `${key} ${change.from} -> ${change.to} is a downgrade`,
        source: PLAN_SOURCES.downgrade,
        fix: `keep ${key} at ${change.from} or newer`,
      });
      continue;
    }
    if (key === 'cabpt' || key === 'cacppt' || key === 'capmox') {
      const floor = defectFloorBelow(key, change.to);
      if (floor) {
        plan.refuse(plan.mgmtName, plan.platformFile, `versions.${key}`, change, {
          reason: `${key} ${change.to} is below the known-defect floor ${floor.version}: ${floor.defect}`,
          source: `COMPATIBILITY in lib/core/versions.ts (${floor.issue})`,
          fix: `set versions.${key} to ${floor.version} or newer`,
        });
        continue;
      }
    }
    changes.push(change);
  }
  const capi = changes.find((c) => c.component === 'clusterApi');
  if (capi) checkClusterApiKeepsCurrentKubernetes(plan, capi);
  if (changes.length === 0) return;
  plan.step(
    'providers',
    plan.mgmtName,
    changes,
    `Cluster API providers: ${changes.map((c) => `${c.component} ${c.from} -> ${c.to}`).join(', ')}`,
    [
      'npm run validate && npm run synth',
      `tofu -chdir=${plan.stages.providers} plan    # only the provider CRs change`,
      `tofu -chdir=${plan.stages.providers} apply    # the operator replaces each provider's components in place`,
    ],
    [
      'kubectl get coreproviders,bootstrapproviders,controlplaneproviders,infrastructureproviders,ipamproviders -A' +
        '    # every provider Ready, INSTALLEDVERSION the new one',
    ],
  );
}

/** Providers upgrade before the clusters: the new Cluster API must still support each cluster's current Kubernetes. */
function checkClusterApiKeepsCurrentKubernetes(plan: PlanDraft, capi: VersionChange): void {
  const mgmtK8s = plan.from.platform.versions.kubernetes.bare;
  if (!clusterApiSupportsKubernetes(capi.to, mgmtK8s, 'management')) {
    plan.refuse(plan.mgmtName, plan.platformFile, 'versions.clusterApi', capi, {
      reason:
        `Cluster API ${capi.to} does not support the management cluster's current Kubernetes ${mgmtK8s} ` +
        `(supports ${clusterApiKubernetesRange(capi.to, 'management')}); providers are upgraded before clusters`,
      source: PLAN_SOURCES.capiMatrix,
      fix: 'upgrade Kubernetes into that range first under the current Cluster API, then plan the provider bump',
    });
  }
  for (const cluster of plan.from.clusters) {
    if (clusterApiSupportsKubernetes(capi.to, cluster.versions.kubernetes.bare, 'workload')) continue;
    plan.refuse(cluster.name, plan.platformFile, 'versions.clusterApi', capi, {
      reason:
        `Cluster API ${capi.to} does not support workload cluster ${cluster.name}'s current Kubernetes ` +
        `${cluster.versions.kubernetes} (supports ${clusterApiKubernetesRange(capi.to, 'workload')})`,
      source: PLAN_SOURCES.capiMatrix,
      fix: `upgrade ${cluster.name} into that range first, then plan the provider bump`,
    });
  }
}

/** Workload rollouts run under the target CACPPT: refuse them, once, below a known-defect floor. */
export function checkCacpptFloor(plan: PlanDraft, rolling: readonly string[]): void {
  const cacppt = plan.to.platform.versions.cacppt.bare;
  const floor = defectFloorBelow('cacppt', cacppt);
  if (!floor || rolling.length === 0) return;
  plan.refuse(
    plan.mgmtName,
    plan.platformFile,
    'versions.cacppt',
    { component: 'cacppt', from: plan.from.platform.versions.cacppt.bare, to: cacppt },
    {
      reason:
        `workload clusters ${rolling.join(', ')} would roll under CACPPT ${cacppt}, below the known-defect floor ` +
        `${floor.version}: ${floor.defect}`,
      source: `COMPATIBILITY in lib/core/versions.ts (${floor.issue})`,
      fix: `set versions.cacppt to ${floor.version} or newer (in this plan or an earlier one)`,
    },
  );
}
