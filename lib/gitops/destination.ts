import { IN_CLUSTER_SERVER } from './constants';

/**
 * Where an Application deploys to: a cluster (by API server URL or by the name it is registered under in Argo CD)
 * and the namespace for objects that do not name their own.
 */
export class ApplicationDestination {
  /** The cluster Argo CD runs in (`https://kubernetes.default.svc`). */
  public static inCluster(namespace: string): ApplicationDestination {
    return new ApplicationDestination(IN_CLUSTER_SERVER, undefined, namespace);
  }

  /** A registered cluster, by its API server URL (as in its Argo CD cluster Secret). */
  public static server(url: string, namespace: string): ApplicationDestination {
    return new ApplicationDestination(url, undefined, namespace);
  }

  /** A registered cluster, by the `name` of its Argo CD cluster Secret. */
  public static clusterName(name: string, namespace: string): ApplicationDestination {
    return new ApplicationDestination(undefined, name, namespace);
  }

  private constructor(
    /** API server URL, when the destination is given by URL. */
    public readonly server: string | undefined,
    /** Cluster name, when the destination is given by name. */
    public readonly name: string | undefined,
    /** Namespace for objects without their own. */
    public readonly namespace: string,
  ) {}

  /** True for the cluster Argo CD runs in. */
  public get isInCluster(): boolean {
    return this.server === IN_CLUSTER_SERVER || this.name === 'in-cluster';
  }

  /** The same cluster with another namespace. */
  public withNamespace(namespace: string): ApplicationDestination {
    return new ApplicationDestination(this.server, this.name, namespace);
  }
}
