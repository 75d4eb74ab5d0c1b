/**
 * A workload cluster's steps: a spec edit and a commit of `dist/` that Cluster API rolls out (Talos on the control
 * planes by `talosctl`, since CACPPT does not replace them for a Talos change), in the order the matrix allows.
 */
import type { ResolvedWorkloadCluster } from '../core/spec/resolved';
import { nocloudInstallerImage } from '../talos/image-factory';
import { workloadWatch } from './commands';
import type { PlanDraft } from './plan-draft';
import { PLAN_SOURCES, moveAllowed } from './plan-draft';
import { poolNotes, poolRollouts, poolWatch, rollingPoolsText } from './pool-rollouts';
import { workloadTalosCommands } from './workload-talos';

/** Adds the steps of one workload cluster; returns whether it rolls (has a step that is not refused). */
export function addWorkloadSteps(
  plan: PlanDraft,
  before: ResolvedWorkloadCluster,
  after: ResolvedWorkloadCluster,
): boolean {
  const talos = plan.change('talos', before.versions.talos, after.versions.talos);
  const k8s = plan.change('kubernetes', before.versions.kubernetes, after.versions.kubernetes);
  if (!talos && !k8s) return false;
  const file = after.sourceFile;
  // Talos follows the platform (the template); its move was checked there.
  const okTalos = talos !== undefined && moveAllowed(talos);
  // A version inherited from the platform was checked (and refused) there, once.
  const inherited = k8s !== undefined && plan.sameAsPlatform(k8s);
  const okK8s =
    k8s !== undefined &&
    (inherited
      ? moveAllowed(k8s)
      : plan.checkMove(after.name, file, 'versions.kubernetes', k8s, PLAN_SOURCES.kubernetesSkew));
  const order = plan.order(
    after.name,
    file,
    before.versions,
    after.versions,
    okTalos ? talos : undefined,
    okK8s ? k8s : undefined,
  );
  const pools = poolRollouts(before, after);
  const rolling = rollingPoolsText(pools);
  if (order.length > 0) plan.notes.push(...poolNotes(after.name, pools));
  for (const which of order) {
    if (which === 'talos') {
      const image = nocloudInstallerImage({
        officialExtensions: plan.to.platform.proxmox.image.extensions,
        talosVersion: after.versions.talos,
      });
      plan.step(
        'workload-talos',
        after.name,
        [talos!],
        `Talos ${talos!.from} -> ${talos!.to} on workload cluster ${after.name}: the worker pools roll at once, ` +
          `each MachineDeployment with its own surge (${rolling}), then the control planes by talosctl`,
        [
          ...plan.commit(
            'talos',
            after,
            `# no edit: versions.talos of ${plan.platformFile} drives every cluster`,
            `chore: Talos ${talos!.to} on the workload clusters`,
          ),
          ...workloadTalosCommands(after, image),
        ],
        [...workloadWatch(after), ...poolWatch(after, pools)],
        pools,
      );
    } else {
      plan.step(
        'workload-kubernetes',
        after.name,
        [k8s!],
        `Kubernetes ${k8s!.from} -> ${k8s!.to} on workload cluster ${after.name}: CACPPT replaces the control planes ` +
          'one at a time (maxSurge 1); Cluster API holds the workers until they are done, then the worker pools roll ' +
          `at once, each MachineDeployment with its own surge (${rolling})`,
        plan.commit(
          'kubernetes',
          after,
          inherited
            ? `edit ${plan.platformFile}: versions.kubernetes: ${k8s!.to}    # ${after.name} follows the platform`
            : `edit ${file}: versions.kubernetes: ${k8s!.to}`,
          `chore(${after.name}): Kubernetes ${k8s!.to}`,
        ),
        [...workloadWatch(after), ...poolWatch(after, pools)],
        pools,
      );
    }
  }
  return order.length > 0;
}
