/**
 * `planUpgrade`: the ordered, checked plan from one platform spec to another. Pure: no network, no files; both
 * configs come from the loader, which has already checked each one on its own (matrix, compatibility). This adds the
 * rules about the move between them: no downgrade, one Talos and one Kubernetes minor per plan, the new Cluster API
 * must still support every cluster's current Kubernetes (providers go first), the known-defect floors, and the order
 * of Talos and Kubernetes the matrix allows.
 */
import type { Version } from '../core/rules/version';
import type { PlatformConfig, ResolvedWorkloadCluster, ResolvedWorkloadVersions } from '../core/spec/resolved';
import { nocloudInstallerImage } from '../talos/image-factory';
import {
  REFERENCE_STAGE_FOLDERS,
  managementKubernetesCommands,
  managementTalosCommands,
  managementWatch,
  workloadCommitCommands,
  workloadWatch,
} from './commands';
import type { StageFolders } from './commands';
import type { UpgradePhase, UpgradePlan, UpgradeRefusal, UpgradeStep, VersionChange } from './plan-types';
import {
  clusterApiKubernetesRange,
  clusterApiSupportsKubernetes,
  defectFloorBelow,
  nextMinor,
  versionMove,
} from './version-rules';
import { talosKubernetesOrder } from './talos-kubernetes-order';
import type { TalosKubernetes } from './talos-kubernetes-order';
import { workloadTalosCommands } from './workload-talos';

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

/** Provider keys of `versions`, in the order the plan lists them (core first, as the operator needs it). */
const PROVIDERS = ['clusterApi', 'capmox', 'cabpt', 'cacppt', 'ipamInCluster'] as const;

const SOURCES = {
  capiMatrix: 'CLUSTER_API_KUBERNETES_SUPPORT in lib/core/versions.ts (Cluster API release notes)',
  talosPath: 'Talos upgrade guide: upgrade one minor release at a time',
  kubernetesSkew: 'Kubernetes version skew policy: the control plane moves one minor at a time',
  downgrade: 'Talos, Kubernetes and the Cluster API providers do not support downgrades',
} as const;

/** The plan from `from` to `to`. */
export function planUpgrade(from: PlatformConfig, to: PlatformConfig, options: PlanUpgradeOptions = {}): UpgradePlan {
  const stages = options.stages ?? REFERENCE_STAGE_FOLDERS;
  const planner = new Planner(from, to, stages);
  planner.run();
  const ok = planner.refusals.length === 0;
  return {
    from: options.fromLabel ?? 'current',
    to: options.toLabel ?? 'target',
    ok,
    steps: ok ? planner.steps.map((s, i) => ({ ...s, order: i + 1 })) : [],
    refusals: planner.refusals,
    notes: planner.notes,
  };
}

type DraftStep = Omit<UpgradeStep, 'order'>;

class Planner {
  public readonly steps: DraftStep[] = [];
  public readonly refusals: UpgradeRefusal[] = [];
  public readonly notes: string[] = [];
  private readonly mgmtName: string;
  /** The first workload step that commits `dist/`, per kind of change: later clusters ride on that commit. */
  private readonly commits = new Map<'talos' | 'kubernetes', string>();
  private readonly platformFile: string;

  public constructor(
    private readonly from: PlatformConfig,
    private readonly to: PlatformConfig,
    private readonly stages: StageFolders,
  ) {
    this.mgmtName = to.platform.management.name;
    this.platformFile = to.platform.sourceFile;
  }

  public run(): void {
    this.providers();
    const talos = this.change('talos', this.from.platform.versions.talos, this.to.platform.versions.talos);
    if (talos && this.checkMove(this.mgmtName, this.platformFile, 'versions.talos', talos, SOURCES.talosPath)) {
      this.step(
        'image',
        this.mgmtName,
        [talos],
        `Talos ${talos.to} image and VM template (stage 00)`,
        [
          `tofu -chdir=${this.stages.foundation} plan    # a new image on each node and a new template, same VM ID`,
          `tofu -chdir=${this.stages.foundation} apply`,
        ],
        [`tofu -chdir=${this.stages.foundation} plan    # empty`],
      );
    }
    this.management(talos);
    const fromClusters = new Map(this.from.clusters.map((c) => [c.name, c]));
    const rolling: string[] = [];
    for (const cluster of this.to.clusters) {
      const before = fromClusters.get(cluster.name);
      if (before === undefined) {
        this.notes.push(
          `${cluster.name} is new in the target spec: Cluster API creates it at the target versions; no upgrade step.`,
        );
        continue;
      }
      if (this.workload(before, cluster)) rolling.push(cluster.name);
    }
    const kept = new Set(this.to.clusters.map((c) => c.name));
    for (const gone of this.from.clusters.filter((c) => !kept.has(c.name))) {
      this.notes.push(
        `${gone.name} is not in the target spec: removing a cluster is not an upgrade step; plan its deletion on its own.`,
      );
    }
    this.checkCacpptFloor(rolling);
    if (rolling.length > 1) {
      this.notes.push(
        `One commit of dist/ rolls ${rolling.join(', ')} together. To move Kubernetes one cluster at a time, pin ` +
          'versions.kubernetes in one cluster spec per commit and plan each; Talos follows the platform (the template).',
      );
    }
  }

  /** Provider bumps: one step, before everything else. */
  private providers(): void {
    const changes: VersionChange[] = [];
    for (const key of PROVIDERS) {
      const change = this.change(key, this.from.platform.versions[key], this.to.platform.versions[key]);
      if (!change) continue;
      if (versionMove(change.from, change.to) === 'downgrade') {
        this.refuse(this.mgmtName, this.platformFile, `versions.${key}`, change, {
          reason: `${key} ${change.from} -> ${change.to} is a downgrade`,
          source: SOURCES.downgrade,
          fix: `keep ${key} at ${change.from} or newer`,
        });
        continue;
      }
      if (key === 'cabpt' || key === 'cacppt' || key === 'capmox') {
        const floor = defectFloorBelow(key, change.to);
        if (floor) {
          this.refuse(this.mgmtName, this.platformFile, `versions.${key}`, change, {
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
    if (capi) this.checkClusterApiKeepsCurrentKubernetes(capi);
    if (changes.length === 0) return;
    this.step(
      'providers',
      this.mgmtName,
      changes,
      `Cluster API providers: ${changes.map((c) => `${c.component} ${c.from} -> ${c.to}`).join(', ')}`,
      [
        'npm run validate && npm run synth',
        `tofu -chdir=${this.stages.providers} plan    # only the provider CRs change`,
        `tofu -chdir=${this.stages.providers} apply    # the operator replaces each provider's components in place`,
      ],
      [
        'kubectl get coreproviders,bootstrapproviders,controlplaneproviders,infrastructureproviders,ipamproviders -A' +
          '    # every provider Ready, INSTALLEDVERSION the new one',
      ],
    );
  }

  /** Providers upgrade before the clusters: the new Cluster API must still support each cluster's current Kubernetes. */
  private checkClusterApiKeepsCurrentKubernetes(capi: VersionChange): void {
    const mgmtK8s = this.from.platform.versions.kubernetes.bare;
    if (!clusterApiSupportsKubernetes(capi.to, mgmtK8s, 'management')) {
      this.refuse(this.mgmtName, this.platformFile, 'versions.clusterApi', capi, {
        reason:
          `Cluster API ${capi.to} does not support the management cluster's current Kubernetes ${mgmtK8s} ` +
          `(supports ${clusterApiKubernetesRange(capi.to, 'management')}); providers are upgraded before clusters`,
        source: SOURCES.capiMatrix,
        fix: 'upgrade Kubernetes into that range first under the current Cluster API, then plan the provider bump',
      });
    }
    for (const cluster of this.from.clusters) {
      if (clusterApiSupportsKubernetes(capi.to, cluster.versions.kubernetes.bare, 'workload')) continue;
      this.refuse(cluster.name, this.platformFile, 'versions.clusterApi', capi, {
        reason:
          `Cluster API ${capi.to} does not support workload cluster ${cluster.name}'s current Kubernetes ` +
          `${cluster.versions.kubernetes} (supports ${clusterApiKubernetesRange(capi.to, 'workload')})`,
        source: SOURCES.capiMatrix,
        fix: `upgrade ${cluster.name} into that range first, then plan the provider bump`,
      });
    }
  }

  private management(talos: VersionChange | undefined): void {
    const f = this.from.platform.versions;
    const t = this.to.platform.versions;
    const mgmt = this.to.platform.management;
    const k8s = this.change('kubernetes', f.kubernetes, t.kubernetes);
    const okK8s =
      k8s && this.checkMove(this.mgmtName, this.platformFile, 'versions.kubernetes', k8s, SOURCES.kubernetesSkew);
    const okTalos = talos !== undefined && moveAllowed(talos);
    const image = nocloudInstallerImage({
      officialExtensions: this.to.platform.proxmox.image.extensions,
      talosVersion: t.talos.bare,
    });
    const talosStep = (): void =>
      this.step(
        'management-talos',
        this.mgmtName,
        [talos!],
        `Talos ${talos!.from} -> ${talos!.to} on the management cluster, one node at a time`,
        managementTalosCommands(mgmt, image, this.stages),
        managementWatch(mgmt, `Talos v${talos!.to}`),
      );
    const k8sStep = (): void =>
      this.step(
        'management-kubernetes',
        this.mgmtName,
        [k8s!],
        `Kubernetes ${k8s!.from} -> ${k8s!.to} on the management cluster`,
        managementKubernetesCommands(mgmt, t.kubernetes.bare, this.stages),
        managementWatch(mgmt, `kubelet v${k8s!.to}`),
      );
    const order = this.order(
      this.mgmtName,
      this.platformFile,
      f,
      t,
      okTalos ? talos : undefined,
      okK8s ? k8s : undefined,
    );
    for (const which of order) (which === 'talos' ? talosStep : k8sStep)();
  }

  /** Adds the steps of one workload cluster; returns whether it rolls (has a step that is not refused). */
  private workload(before: ResolvedWorkloadCluster, after: ResolvedWorkloadCluster): boolean {
    const talos = this.change('talos', before.versions.talos, after.versions.talos);
    const k8s = this.change('kubernetes', before.versions.kubernetes, after.versions.kubernetes);
    if (!talos && !k8s) return false;
    const file = after.sourceFile;
    // Talos follows the platform (the template); its move was checked there.
    const okTalos = talos !== undefined && moveAllowed(talos);
    // A version inherited from the platform was checked (and refused) there, once.
    const inherited = k8s !== undefined && this.sameAsPlatform(k8s);
    const okK8s =
      k8s !== undefined &&
      (inherited
        ? moveAllowed(k8s)
        : this.checkMove(after.name, file, 'versions.kubernetes', k8s, SOURCES.kubernetesSkew));
    const order = this.order(
      after.name,
      file,
      before.versions,
      after.versions,
      okTalos ? talos : undefined,
      okK8s ? k8s : undefined,
    );
    for (const which of order) {
      if (which === 'talos') {
        const image = nocloudInstallerImage({
          officialExtensions: this.to.platform.proxmox.image.extensions,
          talosVersion: after.versions.talos.bare,
        });
        this.step(
          'workload-talos',
          after.name,
          [talos!],
          `Talos ${talos!.from} -> ${talos!.to} on workload cluster ${after.name}: workers roll, then control planes by talosctl`,
          [
            ...this.commit(
              'talos',
              after,
              `# no edit: versions.talos of ${this.platformFile} drives every cluster`,
              `chore: Talos ${talos!.to} on the workload clusters`,
            ),
            ...workloadTalosCommands(after, image),
          ],
          workloadWatch(after),
        );
      } else {
        this.step(
          'workload-kubernetes',
          after.name,
          [k8s!],
          `Kubernetes ${k8s!.from} -> ${k8s!.to} on workload cluster ${after.name}: CACPPT replaces the control planes ` +
            'one at a time (maxSurge 1), then the MachineDeployment replaces the workers',
          this.commit(
            'kubernetes',
            after,
            inherited
              ? `edit ${this.platformFile}: versions.kubernetes: ${k8s!.to}    # ${after.name} follows the platform`
              : `edit ${file}: versions.kubernetes: ${k8s!.to}`,
            `chore(${after.name}): Kubernetes ${k8s!.to}`,
          ),
          workloadWatch(after),
        );
      }
    }
    return order.length > 0;
  }

  /** Workload rollouts run under the target CACPPT: refuse them, once, below a known-defect floor. */
  private checkCacpptFloor(rolling: readonly string[]): void {
    const cacppt = this.to.platform.versions.cacppt.bare;
    const floor = defectFloorBelow('cacppt', cacppt);
    if (!floor || rolling.length === 0) return;
    this.refuse(
      this.mgmtName,
      this.platformFile,
      'versions.cacppt',
      { component: 'cacppt', from: this.from.platform.versions.cacppt.bare, to: cacppt },
      {
        reason:
          `workload clusters ${rolling.join(', ')} would roll under CACPPT ${cacppt}, below the known-defect floor ` +
          `${floor.version}: ${floor.defect}`,
        source: `COMPATIBILITY in lib/core/versions.ts (${floor.issue})`,
        fix: `set versions.cacppt to ${floor.version} or newer (in this plan or an earlier one)`,
      },
    );
  }

  /** The order of Talos and Kubernetes for a cluster; a refusal is recorded and nothing runs. */
  private order(
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

  /** Refuses a downgrade or a skipped minor; returns whether the move is allowed. */
  private checkMove(cluster: string, file: string, field: string, change: VersionChange, pathSource: string): boolean {
    const move = versionMove(change.from, change.to);
    if (move === 'downgrade') {
      this.refuse(cluster, file, field, change, {
        reason: `${change.component} ${change.from} -> ${change.to} is a downgrade`,
        source: SOURCES.downgrade,
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

  /** The edit-and-commit commands of a workload step, or a pointer to the step whose commit already rolls it. */
  private commit(
    kind: 'talos' | 'kubernetes',
    cluster: ResolvedWorkloadCluster,
    edit: string,
    subject: string,
  ): string[] {
    const earlier = this.commits.get(kind);
    if (earlier === undefined) this.commits.set(kind, `the ${kind} step of ${cluster.name}`);
    return workloadCommitCommands(cluster, edit, subject, earlier);
  }

  private sameAsPlatform(k8s: VersionChange): boolean {
    return (
      k8s.from === this.from.platform.versions.kubernetes.bare && k8s.to === this.to.platform.versions.kubernetes.bare
    );
  }

  private change(component: string, from: Version, to: Version): VersionChange | undefined {
    return from === to ? undefined : { component, from: from.bare, to: to.bare };
  }

  private step(
    phase: UpgradePhase,
    cluster: string,
    changes: VersionChange[],
    summary: string,
    how: string[],
    watch: string[],
  ): void {
    this.steps.push({ phase, cluster, changes, summary, how, watch });
  }

  private refuse(
    cluster: string,
    file: string,
    field: string,
    change: VersionChange,
    why: Pick<UpgradeRefusal, 'reason' | 'source' | 'fix'>,
  ): void {
    this.refusals.push({ cluster, file, field, change, ...why });
  }
}

function moveAllowed(change: VersionChange): boolean {
  const move = versionMove(change.from, change.to);
  return move !== 'downgrade' && move !== 'skips-minor';
}
