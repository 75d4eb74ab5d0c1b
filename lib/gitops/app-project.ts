import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { AppProject as AppProjectResource } from '../../imports/k8s/argoproj.io';
import type { AppProjectSpec } from '../../imports/k8s/argoproj.io';
import { definedProps } from '../core/defined-props';
import { DEFAULT_ARGOCD_NAMESPACE, DNS1123_LABEL } from './constants';

/** A destination an {@link AppProject} allows: `*` globs work in both fields (Argo CD project rules). */
export interface ProjectDestination {
  /** API server URL glob, e.g. `*` or `https://kubernetes.default.svc`. */
  readonly server: string;
  /** Namespace glob, e.g. `*` or `monitoring`. */
  readonly namespace: string;
}

/** Props of {@link AppProject}. */
export interface AppProjectProps {
  /**
   * Project name.
   * @default - the construct id
   */
  readonly name?: string | undefined;
  /**
   * Namespace Argo CD runs in.
   * @default "argocd"
   */
  readonly namespace?: string | undefined;
  /**
   * One-line description shown in the Argo CD UI.
   * @default - none
   */
  readonly description?: string | undefined;
  /** Repositories (Git and Helm) the project's Applications may use. Never `*` for the platform project. */
  readonly sourceRepos: readonly string[];
  /**
   * Where the project's Applications may deploy.
   * @default - every registered cluster and namespace (`*`/`*`): the fleet adds clusters at run time
   */
  readonly destinations?: readonly ProjectDestination[] | undefined;
  /**
   * Allow cluster-scoped resources (CRDs, ClusterRoles, namespaces, webhooks). Platform addons need them.
   * @default true
   */
  readonly allowClusterResources?: boolean | undefined;
}

/** Destinations when none are given: every cluster and namespace. */
export const ALL_DESTINATIONS: readonly ProjectDestination[] = [{ server: '*', namespace: '*' }];

/**
 * An Argo CD AppProject (`argoproj.io/v1alpha1`). The platform's project restricts *where code comes from* (the
 * GitOps repository and the pinned chart repositories) while allowing any destination, because the fleet registers
 * workload clusters after the project exists.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { AppProject } from 'talos-platform-cdk/gitops';
 *
 * const project = new AppProject(new Chart(new App(), 'argocd-root'), 'Project', {
 *   name: 'platform',
 *   description: 'Platform addons, the fleet and the workload clusters',
 *   sourceRepos: ['https://github.com/example/gitops.git', 'https://helm.cilium.io'],
 * });
 * project.addSourceRepo('https://charts.jetstack.io');
 */
export class AppProject extends Construct {
  /** The generated L1 object. */
  public readonly resource: AppProjectResource;
  /** Project name. */
  public readonly name: string;

  private readonly sourceRepos: string[];

  public constructor(scope: Construct, id: string, props: AppProjectProps) {
    super(scope, id);
    this.name = props.name ?? id;
    this.sourceRepos = [];
    for (const repo of props.sourceRepos) this.addSourceRepo(repo);
    const destinations = props.destinations ?? ALL_DESTINATIONS;
    const allowClusterResources = props.allowClusterResources ?? true;

    this.resource = new AppProjectResource(this, 'Resource', {
      metadata: { name: this.name, namespace: props.namespace ?? DEFAULT_ARGOCD_NAMESPACE },
      spec: Lazy.any({
        produce: (): AppProjectSpec =>
          definedProps({
            description: props.description,
            sourceRepos: [...this.sourceRepos].sort(),
            destinations: destinations.map((d) => ({ server: d.server, namespace: d.namespace })),
            clusterResourceWhitelist: allowClusterResources ? [{ group: '*', kind: '*' }] : undefined,
            namespaceResourceWhitelist: [{ group: '*', kind: '*' }],
          }),
      }),
    });

    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (!DNS1123_LABEL.test(this.name)) {
          errors.push(
            `AppProject "${this.name}": name is not a DNS-1123 label; expected lower-case letters, digits and "-".`,
          );
        }
        if (this.sourceRepos.length === 0) {
          errors.push(`AppProject "${this.name}": sourceRepos is empty; expected the repositories its apps use.`);
        }
        return errors;
      },
    });
  }

  /** Allows one more repository; a repeated URL is kept once. */
  public addSourceRepo(repoUrl: string): void {
    if (repoUrl.trim() === '') {
      throw new Error(`${this.node.path}: AppProject "${this.name}": empty source repository URL`);
    }
    if (!this.sourceRepos.includes(repoUrl)) this.sourceRepos.push(repoUrl);
  }

  /** The allowed repositories, sorted. */
  public get repositories(): string[] {
    return [...this.sourceRepos].sort();
  }
}
