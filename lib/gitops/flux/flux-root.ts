import { Construct } from 'constructs';
import { GitRepository } from '../../../imports/k8s/source.toolkit.fluxcd.io';
import type { GitRepositorySpecRef } from '../../../imports/k8s/source.toolkit.fluxcd.io';
import { definedProps } from '../../core/defined-props';
import { FLUX_NAMESPACE, FLUX_ROOT_NAME } from './constants';
import { FluxKustomization } from './flux-kustomization';

/** Props of {@link FluxRoot}. */
export interface FluxRootProps {
  /** The GitOps repository. */
  readonly repoUrl: string;
  /**
   * Branch, tag or commit to track: a 40-hex commit id, a full ref (`refs/tags/v1.2.0`), or a branch name.
   */
  readonly targetRevision: string;
  /** Folder of the repository the root Kustomization applies (`FluxPlatform.appsPath`). */
  readonly appsPath: string;
  /**
   * Secret in `flux-system` with the repository's credentials (`username`/`password`, or `identity`/`known_hosts`).
   * @default - a public repository
   */
  readonly secretName?: string | undefined;
}

/**
 * The root of the Flux tree, delivered by stage 50: the `GitRepository` `platform` and the root `Kustomization`
 * `platform` over the apps folder. The root does not wait for its children (each child waits for its own objects,
 * and a child that depended on the root would deadlock a waiting root) and prunes: removing a file of the apps
 * folder removes that unit. Deleting the root itself (destroying stage 50, or switching engines) orphans the units
 * (`deletionPolicy: Orphan`) instead of deleting every addon, the CNI included, as the Argo CD root app does.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { FluxRoot } from 'talos-platform-cdk/gitops';
 *
 * new FluxRoot(new Chart(new App(), 'flux-root'), 'Root', {
 *   repoUrl: 'https://github.com/example/gitops.git', targetRevision: 'main', appsPath: 'dist/platform/apps',
 * });
 */
export class FluxRoot extends Construct {
  /** The GitRepository. */
  public readonly repository: GitRepository;
  /** The root Kustomization. */
  public readonly kustomization: FluxKustomization;

  public constructor(scope: Construct, id: string, props: FluxRootProps) {
    super(scope, id);
    this.repository = new GitRepository(this, 'Repository', {
      metadata: { name: FLUX_ROOT_NAME, namespace: FLUX_NAMESPACE },
      spec: definedProps({
        interval: '1m',
        url: props.repoUrl,
        ref: gitRef(props.targetRevision),
        secretRef: props.secretName === undefined ? undefined : { name: props.secretName },
      }),
    });
    this.kustomization = new FluxKustomization(this, 'Resource', {
      name: FLUX_ROOT_NAME,
      path: props.appsPath,
      wait: false,
      orphanOnDelete: true,
    });
  }
}

/** Flux's `spec.ref` for a revision written the way Argo CD's `targetRevision` is. */
export function gitRef(revision: string): GitRepositorySpecRef {
  if (/^[0-9a-f]{40}$/.test(revision)) return { commit: revision };
  if (revision.startsWith('refs/')) return { name: revision };
  return { branch: revision };
}
