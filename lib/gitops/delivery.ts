import type { IConstruct } from 'constructs';
import type { Addon } from './addons/addon';
import type { GitOpsLayout } from './layout';

/**
 * One folder of the GitOps tree delivered as a unit, in the engine-neutral words both renderers read: an Argo CD
 * Application of the folder ({@link AppOfApps}), or a Flux Kustomization of it ({@link FluxPlatform}).
 */
export interface FolderDeliveryOptions {
  /** Name of the unit (Application or Kustomization), and the key other units name in `needs`. A DNS-1123 label. */
  readonly name: string;
  /** Place in the order: lower waves are Healthy (Argo CD) or Ready (Flux) first. */
  readonly syncWave: number;
  /** Folder of the tree (relative to the tree root, e.g. `clusters/prod/web`). */
  readonly folder: string;
  /** Namespace the folder's objects go to (the Argo CD destination namespace). */
  readonly namespace: string;
  /**
   * Units that must be ready first; each must be in an earlier wave.
   * @default []
   */
  readonly needs?: readonly string[] | undefined;
  /**
   * The workload cluster the folder is applied to, by its Cluster API name (its `<cluster>-kubeconfig` Secret lives
   * in the namespace of that name).
   * @default - the management cluster
   */
  readonly workloadCluster?: string | undefined;
  /**
   * Create the namespace when it is missing (Argo CD `CreateNamespace=true`).
   * @default true
   */
  readonly createNamespace?: boolean | undefined;
  /**
   * Removing the unit removes what it delivered (Argo CD resources finalizer, Flux `prune`).
   * @default true
   */
  readonly cascadeDelete?: boolean | undefined;
  /**
   * The unit is ready only once its objects are (Flux `wait: true`). Off for folders whose objects take long or
   * fail until something else exists (a Cluster API cluster provisioning, releases waiting for its kubeconfig), and
   * that nothing later waits for. Argo CD always rolls an Application's health up from its objects.
   * @default true
   */
  readonly waitForReady?: boolean | undefined;
}

/**
 * The GitOps tree of the management cluster as both engines build it: addons and folders go in, each engine renders
 * its own objects (Argo CD Applications in sync waves, or Flux Kustomizations with `dependsOn`) from the same
 * description. `stacks/gitops-platform.ts` composes the platform against this interface only.
 */
export interface IPlatformDelivery extends IConstruct {
  /** The engine that renders it. */
  readonly engine: 'argocd' | 'flux';
  /** The GitOps repository. */
  readonly repoUrl: string;
  /** Branch, tag or commit the engine tracks. */
  readonly targetRevision: string;
  /** Folders of the tree. */
  readonly layout: GitOpsLayout;
  /** Every addon added, in the order added. */
  readonly addons: Addon[];
  /** The repository path of a folder of the tree: `<basePath>/<folder>`. */
  repoPath(folder: string): string;
  /** Adds an addon: a chart, a folder of manifests, or (external) only a place in the order. */
  addAddon(addon: Addon): void;
  /** Adds a folder of the tree that is not an addon (workload clusters, registrations, per-cluster backups). */
  addFolder(options: FolderDeliveryOptions): void;
}
