import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Kustomization,
  KustomizationSpecDecryptionProvider,
  KustomizationSpecDeletionPolicy,
  KustomizationSpecSourceRefKind,
} from '../../../imports/k8s/kustomize.toolkit.fluxcd.io';
import type { KustomizationSpec } from '../../../imports/k8s/kustomize.toolkit.fluxcd.io';
import { APP_LABEL } from '../constants';
import { definedProps } from '../../core/defined-props';
import {
  CAPI_KUBECONFIG_KEY,
  FLUX_INTERVAL,
  FLUX_NAMESPACE,
  FLUX_RETRY_INTERVAL,
  FLUX_ROOT_NAME,
  FLUX_SOPS_AGE_SECRET,
  FLUX_TIMEOUT,
  capiKubeconfigSecret,
} from './constants';
import type { FluxDependency } from './depends-on';

/** Props of {@link FluxKustomization}. */
export interface FluxKustomizationProps {
  /** `metadata.name`. */
  readonly name: string;
  /** Folder of the GitOps repository to apply (`spec.path`, from the repository root). */
  readonly path: string;
  /**
   * Namespace of the Kustomization.
   * @default "flux-system"
   */
  readonly namespace?: string | undefined;
  /**
   * Name of the GitRepository (in `flux-system`) the folder comes from.
   * @default "platform"
   */
  readonly sourceName?: string | undefined;
  /**
   * Kustomizations that must be Ready first (`spec.dependsOn`), read when the tree is rendered.
   * @default - none
   */
  readonly dependsOn?: (() => readonly FluxDependency[]) | undefined;
  /**
   * Delete what the Kustomization applied when it stops listing it, or is deleted (`spec.prune`).
   * @default true
   */
  readonly prune?: boolean | undefined;
  /**
   * Keep what the Kustomization applied when the Kustomization itself is deleted (`spec.deletionPolicy: Orphan`),
   * while `prune` still removes objects it stops listing.
   * @default false
   */
  readonly orphanOnDelete?: boolean | undefined;
  /**
   * Wait until every applied object is Ready before this Kustomization is Ready (`spec.wait`): what makes
   * `dependsOn` mean "installed and healthy", like the Argo CD Application health check between waves.
   * @default true
   */
  readonly wait?: boolean | undefined;
  /**
   * Decrypt SOPS files with the age key of the `flux-system/sops-age` Secret (`spec.decryption`).
   * @default false
   */
  readonly decryptSops?: boolean | undefined;
  /**
   * Apply to this workload cluster, through Cluster API's `<cluster>-kubeconfig` Secret (`spec.kubeConfig`); the
   * Kustomization must then live in the cluster's namespace.
   * @default - the cluster Flux runs in
   */
  readonly workloadCluster?: string | undefined;
}

/**
 * A Flux `Kustomization` (`kustomize.toolkit.fluxcd.io/v1`) of one folder of the GitOps repository: the Flux form of
 * an Argo CD Application. Defaults give what the platform needs from every unit: prune, `wait: true`, a retry
 * interval, and a timeout that fits a slow first install.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { FluxKustomization } from 'talos-platform-cdk/gitops';
 *
 * new FluxKustomization(new Chart(new App(), 'apps'), 'CiliumLb', {
 *   name: 'cilium-lb', path: './dist/platform/cilium-lb',
 *   dependsOn: () => [{ name: 'cilium', namespace: 'flux-system' }],
 * });
 */
export class FluxKustomization extends Construct {
  /** The generated L1 object. */
  public readonly resource: Kustomization;
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;
  /** `spec.path`. */
  public readonly path: string;

  public constructor(scope: Construct, id: string, props: FluxKustomizationProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace ?? FLUX_NAMESPACE;
    this.path = `./${props.path.replace(/^\.?\/+/, '')}`;
    const namespace = this.namespace;
    const dependsOn = props.dependsOn;
    const spec = (): KustomizationSpec => {
      const deps = dependsOn?.() ?? [];
      return definedProps({
        interval: FLUX_INTERVAL,
        retryInterval: FLUX_RETRY_INTERVAL,
        timeout: FLUX_TIMEOUT,
        path: this.path,
        prune: props.prune ?? true,
        wait: props.wait ?? true,
        deletionPolicy: props.orphanOnDelete ? KustomizationSpecDeletionPolicy.ORPHAN : undefined,
        sourceRef: definedProps({
          kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY,
          name: props.sourceName ?? FLUX_ROOT_NAME,
          namespace: namespace === FLUX_NAMESPACE ? undefined : FLUX_NAMESPACE,
        }),
        dependsOn: deps.length > 0 ? deps.map((d) => ({ name: d.name, namespace: d.namespace })) : undefined,
        decryption: props.decryptSops
          ? { provider: KustomizationSpecDecryptionProvider.SOPS, secretRef: { name: FLUX_SOPS_AGE_SECRET } }
          : undefined,
        kubeConfig:
          props.workloadCluster === undefined
            ? undefined
            : { secretRef: { name: capiKubeconfigSecret(props.workloadCluster), key: CAPI_KUBECONFIG_KEY } },
      });
    };
    this.resource = new Kustomization(this, 'Resource', {
      metadata: { name: this.name, namespace, labels: { [APP_LABEL]: this.name } },
      spec: Lazy.any({ produce: spec }),
    });
  }
}
