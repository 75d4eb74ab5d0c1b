/**
 * Flux names the GitOps constructs share. Field names and defaults are those of the pinned CRDs
 * (kustomize-controller v1.9.4, helm-controller v1.6.3, source-controller v1.9.1; `imports/crds/`).
 */

/** Namespace Flux runs in, and where the GitRepository, the root and the addon Kustomizations live. */
export const FLUX_NAMESPACE = 'flux-system';

/** Name of the GitRepository of the GitOps repository, and of the root Kustomization over the apps folder. */
export const FLUX_ROOT_NAME = 'platform';

/**
 * Secret (in `flux-system`) with the age identity kustomize-controller decrypts SOPS files with
 * (`spec.decryption.secretRef`); created out of band, never in Git. Flux reads every key ending in `.agekey`.
 */
export const FLUX_SOPS_AGE_SECRET = 'sops-age';
/** Key of the age identity in {@link FLUX_SOPS_AGE_SECRET}. */
export const FLUX_SOPS_AGE_KEY = 'age.agekey';

/** Key of the kubeconfig in Cluster API's `<cluster>-kubeconfig` Secret. */
export const CAPI_KUBECONFIG_KEY = 'value';

/** Cluster API's kubeconfig Secret of a workload cluster, in the cluster's namespace. */
export function capiKubeconfigSecret(clusterName: string): string {
  return `${clusterName}-kubeconfig`;
}

/** How often Flux reconciles a Kustomization or HelmRelease (and re-checks drift). */
export const FLUX_INTERVAL = '10m';
/** How soon a failed Kustomization is retried. */
export const FLUX_RETRY_INTERVAL = '1m';
/** How long a Kustomization with `wait: true` waits for its objects to turn Ready (Longhorn's first start is slow). */
export const FLUX_TIMEOUT = '15m';
/** How often a HelmRepository index is fetched. */
export const FLUX_REPOSITORY_INTERVAL = '1h';

/** Annotation that keeps an object when its Kustomization stops listing it, or is deleted. */
export const FLUX_PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';
