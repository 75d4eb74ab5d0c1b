/**
 * The management cluster's steps: the Talos image and VM template (stage 00), then Talos and Kubernetes on its nodes
 * by `talosctl`, in the order the matrix allows.
 */
import { nocloudInstallerImage } from '../talos/image-factory';
import { managementKubernetesCommands, managementTalosCommands, managementWatch } from './commands';
import type { VersionChange } from './plan-types';
import type { PlanDraft } from './plan-draft';
import { PLAN_SOURCES, moveAllowed } from './plan-draft';

/** Adds the image step when Talos moves and its move is allowed; returns the Talos change, if any. */
export function addImageStep(plan: PlanDraft): VersionChange | undefined {
  const { foundation } = plan.stages;
  const talos = plan.change('talos', plan.from.platform.versions.talos, plan.to.platform.versions.talos);
  if (talos && plan.checkMove(plan.mgmtName, plan.platformFile, 'versions.talos', talos, PLAN_SOURCES.talosPath)) {
    plan.step(
      'image',
      plan.mgmtName,
      [talos],
      `Talos ${talos.to} image and VM template (stage 00)`,
      [
        `tofu -chdir=${foundation} plan    # a new image on each node and a new template, same VM ID`,
        `tofu -chdir=${foundation} apply`,
      ],
      [`tofu -chdir=${foundation} plan    # empty`],
    );
  }
  return talos;
}

/** Adds Talos and Kubernetes on the management cluster; `talos` is the platform's Talos change (checked already). */
export function addManagementSteps(plan: PlanDraft, talos: VersionChange | undefined): void {
  const f = plan.from.platform.versions;
  const t = plan.to.platform.versions;
  const mgmt = plan.to.platform.management;
  const k8s = plan.change('kubernetes', f.kubernetes, t.kubernetes);
  const okK8s =
    k8s && plan.checkMove(plan.mgmtName, plan.platformFile, 'versions.kubernetes', k8s, PLAN_SOURCES.kubernetesSkew);
  const okTalos = talos !== undefined && moveAllowed(talos);
  const image = nocloudInstallerImage({
    officialExtensions: plan.to.platform.proxmox.image.extensions,
    talosVersion: t.talos.bare,
  });
  const talosStep = (): void =>
    plan.step(
      'management-talos',
      plan.mgmtName,
      [talos!],
      `Talos ${talos!.from} -> ${talos!.to} on the management cluster, one node at a time`,
      managementTalosCommands(mgmt, image, plan.stages),
      managementWatch(mgmt, `Talos v${talos!.to}`),
    );
  const k8sStep = (): void =>
    plan.step(
      'management-kubernetes',
      plan.mgmtName,
      [k8s!],
      `Kubernetes ${k8s!.from} -> ${k8s!.to} on the management cluster`,
      managementKubernetesCommands(mgmt, t.kubernetes.bare, plan.stages),
      managementWatch(mgmt, `kubelet v${k8s!.to}`),
    );
  const order = plan.order(
    plan.mgmtName,
    plan.platformFile,
    f,
    t,
    okTalos ? talos : undefined,
    okK8s ? k8s : undefined,
  );
  for (const which of order) (which === 'talos' ? talosStep : k8sStep)();
}
