/**
 * Argo CD names the GitOps constructs share. Values come from the Argo CD v3 documentation
 * (docs/user-guide/sync-waves.md, docs/user-guide/app_deletion.md, docs/operator-manual/declarative-setup.md).
 */
import { LABEL_PREFIX } from '../core/labels';

/** Namespace Argo CD is installed in (the argo-cd chart's and the upstream manifests' default). */
export const DEFAULT_ARGOCD_NAMESPACE = 'argocd';

/** The API server address Argo CD uses for the cluster it runs in (its built-in `in-cluster` destination). */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Annotation that orders resources inside one sync; the value is an integer written as a string. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Finalizer that makes Argo CD delete an Application's resources when the Application is deleted (cascade). */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** Label Argo CD reads on a Secret to treat it as a repository, cluster or repo-creds definition. */
export const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

/** The project's label names, defined in core (the spec checks need them too). */
export { fleetAddonLabel, LABEL_PREFIX } from '../core/labels';

/** Label on every Application and ApplicationSet this library emits, naming the addon or app. */
export const APP_LABEL = `${LABEL_PREFIX}/app`;

/** Kubernetes object names and label values: a DNS-1123 label (defined in lib/core/rules). */
export { DNS_1123_LABEL_PATTERN as DNS1123_LABEL } from '../core/rules/facts';
