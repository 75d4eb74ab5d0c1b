/**
 * The plan being built: the two configs, the steps and refusals so far, and the checks every kind of step shares
 * (a downgrade or a skipped minor, the order of Talos and Kubernetes, the one commit that rolls several clusters).
 */
import type { Version } from '../core/rules/version';
import type { PlatformConfig, ResolvedWorkloadCluster, ResolvedWorkloadVersions } from '../core/spec/resolved';
import { workloadCommitCommands } from './commands';
import type { StageFolders } from './commands';
import type { PoolRollout, UpgradePhase, UpgradeRefusal, UpgradeStep, VersionChange } from './plan-types';
import { talosKubernetesOrder } from './talos-kubernetes-order';
import type { TalosKubernetes } from './talos-kubernetes-order';
import { nextMinor, versionMove } from './version-rules';

/** Where each refusal's rule comes from. */
export const PLAN_SOURCES = {
  capiMatrix: 'CLUSTER_API_KUBERNETES_SUPPORT in lib/core/versions.ts (Cluster API release notes)',
  talosPath: 'Talos upgrade guide: upgrade one minor release at a time',
  kubernetesSkew: 'Kubernetes version skew policy: the control plane moves one minor at a time',
  downgrade: 'Talos, Kubernetes and the Cluster API providers do not support downgrades',
} as const;

/** A step before the plan numbers it. */
export type DraftStep = Omit<UpgradeStep, 'order'>;

/** The steps, refusals and notes of one plan, and the checks that add refusals. */
export class PlanDraft {
  public readonly steps: DraftStep[] = [];
  public readonly refusals: UpgradeRefusal[] = [];
  public readonly notes: string[] = [];
  /** The management cluster's name: the cluster of platform-wide steps and refusals. */
  public readonly mgmtName: string;
  /** The platform spec file: the file of platform-wide refusals. */
  public readonly platformFile: string;
  /** The first workload step that commits `dist/`, per kind of change: later clusters ride on that commit. */
  private readonly commits = new Map<'talos' | 'kubernetes', string>();

  public constructor(
    public readonly from: PlatformConfig,
    public readonly to: PlatformConfig,
    public readonly stages: StageFolders,
  ) {
    this.mgmtName = to.platform.management.name;
    this.platformFile = to.platform.sourceFile;
  }

  /** The change of `component`, or `undefined` when both versions are the same. */
  public change(component: string, from: Version, to: Version): VersionChange | undefined {
    return from === to ? undefined : { component, from: from.bare, to: to.bare };
  }

  public step(
    phase: UpgradePhase,
    cluster: string,
    changes: VersionChange[],
    summary: string,
    how: string[],
    watch: string[],
    pools?: readonly PoolRollout[],
  ): void {
    this.steps.push({ phase, cluster, changes, summary, how, watch, ...(pools ? { pools } : {}) });
  }

  public refuse(
    cluster: string,
    file: string,
    field: string,
    change: VersionChange,
    why: Pick<UpgradeRefusal, 'reason' | 'source' | 'fix'>,
  ): void {
    this.refusals.push({ cluster, file, field, change, ...why });
  }

  /** Refuses a downgrade or a skipped minor; returns whether the move is allowed. */
  public checkMove(cluster: string, file: string, field: string, change: VersionChange, pathSource: string): boolean {
    const move = versionMove(change.from, change.to);
    if (move === 'downgrade') {
      this.refuse(cluster, file, field, change, {
        reason: `${change.component} ${change.from} -> ${change.to} is a downgrade`,
        source: PLAN_SOURCES.downgrade,
        fix: `keep ${field} at ${change.from} or newer`,
      });
      return false;
    }
    if (move === 'skips-minor') {
      this.refuse(cluster, file, field, change, {
        reason: `${change.component} ${change.from} -> ${change.to} skips a minor`,
        source: pathSource,
        fix: `set ${field} to the newest ${nextMinor(change.from)}.x first, apply that plan, then move on`,
      });
      return false;
    }
    return true;
  }

  /** The order of Talos and Kubernetes for a cluster; a refusal is recorded and nothing runs. */
  public order(
    cluster: string,
    file: string,
    from: ResolvedWorkloadVersions,
    to: ResolvedWorkloadVersions,
    talos: VersionChange | undefined,
    k8s: VersionChange | undefined,
  ): readonly ('talos' | 'kubernetes')[] {
    const bare = (v: ResolvedWorkloadVersions): TalosKubernetes => ({
      talos: v.talos.bare,
      kubernetes: v.kubernetes.bare,
    });
    const result = talosKubernetesOrder(bare(from), bare(to), talos, k8s);
    if ('order' in result) return result.order;
    this.refusals.push({ cluster, file, ...result.refusal });
    return [];
  }

  /** The edit-and-commit commands of a workload step, or a pointer to the step whose commit already rolls it. */
  public commit(
    kind: 'talos' | 'kubernetes',
    cluster: ResolvedWorkloadCluster,
    edit: string,
    subject: string,
  ): string[] {
    const earlier = this.commits.get(kind);
    if (earlier === undefined) this.commits.set(kind, `the ${kind} step of ${cluster.name}`);
    return workloadCommitCommands(cluster, edit, subject, earlier);
  }

  /** Whether a Kubernetes change is the platform's own (inherited by a cluster that pins none). */
  public sameAsPlatform(k8s: VersionChange): boolean {
    return (
      k8s.from === this.from.platform.versions.kubernetes.bare && k8s.to === this.to.platform.versions.kubernetes.bare
    );
  }
}

/** Whether a move is neither a downgrade nor a skipped minor (for a change already checked, and refused, once). */
export function moveAllowed(change: VersionChange): boolean {
  const move = versionMove(change.from, change.to);
  return move !== 'downgrade' && move !== 'skips-minor';
}
