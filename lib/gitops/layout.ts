import { DEFAULT_GITOPS_LAYOUT } from '../core/spec/defaults';

/** Props of {@link GitOpsLayout.of}. */
export interface GitOpsLayoutProps {
  /**
   * Folder of the root app's children (Argo CD Applications, Flux Kustomizations).
   * @default "platform/apps"
   */
  readonly apps?: string | undefined;
  /**
   * Folder of the addons (`<platform>/<addon>/`), the fleet and the registrations.
   * @default "platform"
   */
  readonly platform?: string | undefined;
  /**
   * Folder of the workload clusters (`<clusters>/<environment>/<cluster>/`).
   * @default "clusters"
   */
  readonly clusters?: string | undefined;
}

/**
 * Where the GitOps tree puts each kind of folder, relative to the tree root (`gitops.path`, e.g. `dist/`). Both
 * engines read every folder from here, so an Application `path` and a Kustomization `path` always name a folder the
 * tree has. The spec's `gitops.layout` feeds it; `lib/core/spec/checks/gitops-layout.ts` validates it.
 *
 * @example
 * import { GitOpsLayout } from 'talos-platform-cdk/gitops';
 *
 * // The seed contract: Applications in argo/apps/, addons in platform/, clusters in clusters/<env>/.
 * const layout = GitOpsLayout.of({ apps: 'argo/apps', platform: 'platform', clusters: 'clusters' });
 * layout.addonFolder('cilium-lb'); // "platform/cilium-lb"
 */
export class GitOpsLayout {
  /** The layout of the tree when the spec names none: `platform/apps`, `platform`, `clusters`. */
  public static readonly DEFAULT = new GitOpsLayout(
    DEFAULT_GITOPS_LAYOUT.apps,
    DEFAULT_GITOPS_LAYOUT.platform,
    DEFAULT_GITOPS_LAYOUT.clusters,
  );

  /** A layout; folders not given keep their default. */
  public static of(props: GitOpsLayoutProps = {}): GitOpsLayout {
    return new GitOpsLayout(
      folder(props.apps ?? DEFAULT_GITOPS_LAYOUT.apps),
      folder(props.platform ?? DEFAULT_GITOPS_LAYOUT.platform),
      folder(props.clusters ?? DEFAULT_GITOPS_LAYOUT.clusters),
    );
  }

  private constructor(
    /** Folder of the root app's children. */
    public readonly appsFolder: string,
    /** Folder of the addons. */
    public readonly platformFolder: string,
    /** Folder of the workload clusters. */
    public readonly clustersFolder: string,
  ) {}

  /** Folder of one addon's manifests: `<platform>/<name>`. */
  public addonFolder(name: string): string {
    return `${this.platformFolder}/${name}`;
  }

  /** Folder of one workload cluster's Cluster API objects: `<clusters>/<environment>/<cluster>`. */
  public clusterFolder(environment: string, cluster: string): string {
    return `${this.clustersFolder}/${environment}/${cluster}`;
  }
}

function folder(p: string): string {
  return p.replace(/^\/+|\/+$/g, '');
}
