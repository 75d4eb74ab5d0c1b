import { Construct } from 'constructs';
import type { Addon } from './addons/addon';
import type { FolderDeliveryOptions, IPlatformDelivery } from './delivery';
import { GitOpsLayout } from './layout';

/** Props both engines' platform trees take. */
export interface PlatformDeliveryProps {
  /** The GitOps repository the engine clones. */
  readonly repoUrl: string;
  /** Branch, tag or commit the engine tracks. */
  readonly targetRevision: string;
  /**
   * Folder of the repository that holds the synthesized tree (this project's `dist/`).
   * @default "dist"
   */
  readonly basePath?: string | undefined;
  /**
   * Folders of the tree: the engine's units, the addon folders, the clusters.
   * @default GitOpsLayout.DEFAULT
   */
  readonly layout?: GitOpsLayout | undefined;
}

/**
 * What {@link AppOfApps} (Argo CD) and {@link FluxPlatform} (Flux) share: the repository, the layout, the paths in
 * the repository, and the list of addons. Each engine renders its own objects in `addAddon`/`addFolder`.
 */
export abstract class PlatformDeliveryBase extends Construct implements IPlatformDelivery {
  /** The engine that renders it. */
  public abstract readonly engine: 'argocd' | 'flux';
  /** Repository URL of the GitOps tree. */
  public readonly repoUrl: string;
  /** Revision the engine tracks. */
  public readonly targetRevision: string;
  /** Folder of the tree in the repository. */
  public readonly basePath: string;
  /** Folders of the tree. */
  public readonly layout: GitOpsLayout;

  /** Every addon added so far, in order; engines push to it in `addAddon`. */
  protected readonly addonList: Addon[] = [];

  protected constructor(scope: Construct, id: string, props: PlatformDeliveryProps) {
    super(scope, id);
    this.repoUrl = props.repoUrl;
    this.targetRevision = props.targetRevision;
    this.basePath = (props.basePath ?? 'dist').replace(/^\/+|\/+$/g, '');
    this.layout = props.layout ?? GitOpsLayout.DEFAULT;
  }

  /** Path (in the repository) of the folder the root unit (Application or Kustomization) applies. */
  public get appsPath(): string {
    return this.repoPath(this.layout.appsFolder);
  }

  /** The repository path of a folder of the tree: `<basePath>/<folder>`. */
  public repoPath(folder: string): string {
    return this.basePath === '' ? folder : `${this.basePath}/${folder}`;
  }

  /** Every addon added, in the order added. */
  public get addons(): Addon[] {
    return [...this.addonList];
  }

  /** Adds an addon: a chart, a folder of manifests, or (external) only a place in the order. */
  public abstract addAddon(addon: Addon): void;

  /** Adds a folder of the tree that is not an addon (workload clusters, registrations, per-cluster backups). */
  public abstract addFolder(options: FolderDeliveryOptions): void;
}
