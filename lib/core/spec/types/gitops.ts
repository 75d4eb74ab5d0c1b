/** The GitOps repository and the layout of the tree synthesized into it. */

/** The GitOps repository. */
export interface GitOpsSpec {
  /**
   * Repository URL Argo CD clones (https or ssh).
   * @pattern ^(https?://|ssh://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)[^\s]+$
   * @examples ["https://github.com/example/platform-gitops.git"]
   */
  readonly repoUrl: string;
  /**
   * Branch, tag or commit Argo CD tracks.
   * @default {@fact DEFAULT_GITOPS.revision}
   */
  readonly revision?: string | undefined;
  /**
   * Folder in the repository that holds the synthesized tree (this project's `dist/`).
   * @default {@fact DEFAULT_GITOPS.path}
   */
  readonly path?: string | undefined;
  /**
   * Argo CD host name for its ingress.
   * @pattern {@fact HOST_NAME_PATTERN}
   * @examples ["argocd.example.com"]
   * @default - no ingress
   */
  readonly argocdDomain?: string | undefined;
  /**
   * How workload clusters are delivered: committed under `dist/clusters/` for Argo CD (`gitops`), or applied by
   * stage 40 (`terraform`).
   * @default {@fact DEFAULT_GITOPS.clusterDelivery}
   */
  readonly clusterDelivery?: 'gitops' | 'terraform' | undefined;
  /**
   * The GitOps engine that reconciles the tree and that stage 50 installs: Argo CD (an app-of-apps of Applications)
   * or Flux (a root Kustomization, one Kustomization per addon and cluster, HelmReleases). Both render the same
   * addons, values and order; see docs/gitops.md, "Choosing an engine".
   * @default {@fact DEFAULT_GITOPS.engine}
   */
  readonly engine?: 'argocd' | 'flux' | undefined;
  /**
   * Folders of the tree, relative to `path`: the root app's children, the addon folders, the workload clusters.
   * @default - `platform/apps`, `platform` and `clusters`
   */
  readonly layout?: GitOpsLayoutSpec | undefined;
}

/** Where the GitOps tree puts its three kinds of folder (each relative to `gitops.path`, `/`-separated). */
export interface GitOpsLayoutSpec {
  /**
   * Folder the root app (Argo CD) or root Kustomization (Flux) syncs: one file per addon and per workload cluster.
   * @default {@fact DEFAULT_GITOPS_LAYOUT.apps}
   * @examples ["argo/apps", "cluster/kubernetes/flux"]
   */
  readonly apps?: string | undefined;
  /**
   * Folder of the addons: `<platform>/<addon>/`, the fleet and the registrations.
   * @default {@fact DEFAULT_GITOPS_LAYOUT.platform}
   * @examples ["platform", "cluster/kubernetes/platform"]
   */
  readonly platform?: string | undefined;
  /**
   * Folder of the workload clusters: `<clusters>/<environment>/<cluster>/`.
   * @default {@fact DEFAULT_GITOPS_LAYOUT.clusters}
   * @examples ["clusters", "cluster/kubernetes/apps"]
   */
  readonly clusters?: string | undefined;
}
