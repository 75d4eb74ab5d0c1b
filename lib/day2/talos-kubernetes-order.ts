/**
 * Which of Talos and Kubernetes a cluster moves first, from TALOS_KUBERNETES_SUPPORT: Talos, unless the new Talos
 * does not run the current Kubernetes while the current Talos runs the new one (then Kubernetes first). Pure: returns
 * the order, or why no order works.
 */
import type { UpgradeRefusal, VersionChange } from './plan-types';
import { talosKubernetesRange, talosSupportsKubernetes } from './version-rules';

/** Source named by every refusal of this module. */
export const TALOS_MATRIX_SOURCE = 'TALOS_KUBERNETES_SUPPORT in lib/core/versions.ts (Talos support matrix)';

/** Talos and Kubernetes of one cluster. */
export interface TalosKubernetes {
  readonly talos: string;
  readonly kubernetes: string;
}

/** The steps in order, or a refusal (without cluster and file, which the caller knows). */
export type TalosKubernetesOrder =
  | { readonly order: readonly ('talos' | 'kubernetes')[] }
  | { readonly refusal: Omit<UpgradeRefusal, 'cluster' | 'file'> };

/**
 * The order for a cluster going from `from` to `to`; `talos` and `k8s` are the changes that are allowed to run
 * (a refused move is left out by the caller).
 */
export function talosKubernetesOrder(
  from: TalosKubernetes,
  to: TalosKubernetes,
  talos: VersionChange | undefined,
  k8s: VersionChange | undefined,
): TalosKubernetesOrder {
  if (!talos && !k8s) return { order: [] };
  if (!k8s) {
    if (talosSupportsKubernetes(to.talos, from.kubernetes)) return { order: ['talos'] };
    return refusal('versions.talos', talos!, {
      reason:
        `Talos ${talos!.to} does not support the current Kubernetes ${from.kubernetes} ` +
        `(supports ${talosKubernetesRange(talos!.to)})`,
      fix: `upgrade Kubernetes into ${talosKubernetesRange(talos!.to)} first`,
    });
  }
  if (!talos) {
    if (talosSupportsKubernetes(from.talos, to.kubernetes)) return { order: ['kubernetes'] };
    return refusal('versions.kubernetes', k8s, {
      reason:
        `the running Talos ${from.talos} does not support Kubernetes ${k8s.to} ` +
        `(supports ${talosKubernetesRange(from.talos)})`,
      fix: 'upgrade Talos to a minor that supports it in the same plan, or pick a Kubernetes version in range',
    });
  }
  if (talosSupportsKubernetes(to.talos, from.kubernetes)) return { order: ['talos', 'kubernetes'] };
  if (talosSupportsKubernetes(from.talos, to.kubernetes)) return { order: ['kubernetes', 'talos'] };
  return refusal('versions', talos, {
    reason:
      `neither order works: Talos ${to.talos} does not support the current Kubernetes ${from.kubernetes}, and Talos ` +
      `${from.talos} does not support Kubernetes ${to.kubernetes}`,
    fix: 'split the change: first a Kubernetes version both Talos minors support, then the rest',
  });
}

function refusal(field: string, change: VersionChange, why: { reason: string; fix: string }): TalosKubernetesOrder {
  return { refusal: { field, change, source: TALOS_MATRIX_SOURCE, ...why } };
}
