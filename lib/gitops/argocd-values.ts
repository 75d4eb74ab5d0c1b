import { ksopsArgoCdValues } from '../secrets/ksops';
import { APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA } from './health';
import { mergeValues } from './merge-values';

/** `argocd-cm` key of Argo CD's diff options (`resourceCompareOptionsKey`, util/settings/settings.go). */
export const RESOURCE_COMPARE_OPTIONS_KEY = 'resource.compareoptions';
/**
 * Argo CD's default diff options (`GetDefaultDiffOptions`, util/settings/settings.go at v3.5.1) with
 * `ignoreAggregatedRoles` turned on: the rules of an aggregated ClusterRole (Kyverno's chart ships several, as do
 * cert-manager and the CAPI providers) are filled in by Kubernetes, so without it those apps stay OutOfSync and
 * self-heal fights the aggregation controller (Kyverno's "Notes for ArgoCD users").
 */
export const RESOURCE_COMPARE_OPTIONS = 'ignoreAggregatedRoles: true\nignoreResourceStatusField: all\n';

/** Options of {@link argoCdChartValues}. */
export interface ArgoCdValuesOptions {
  /**
   * Host name of the Argo CD UI/API. Sets `global.domain` and an Ingress for it.
   * @default - no Ingress (reach Argo CD with `kubectl port-forward svc/argocd-server -n argocd 8080:443`)
   */
  readonly domain?: string | undefined;
  /**
   * IngressClass of that Ingress.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string | undefined;
  /**
   * Annotations of that Ingress (e.g. `cert-manager.io/cluster-issuer`).
   * @default {}
   */
  readonly ingressAnnotations?: Readonly<Record<string, string>> | undefined;
  /**
   * Wire KSOPS into the repo-server (`ksopsArgoCdValues` of lib/secrets: KSOPS init container, the `sops-age` key
   * mounted, `kustomize.buildOptions`).
   * @default true
   */
  readonly ksops?: boolean | undefined;
  /**
   * Further chart values, deep-merged last (escape hatch for anything not modelled here). Lists replace lists:
   * to add a repo-server volume, repeat the KSOPS volumes too.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Values of the `argo-cd` chart (argo-helm) for the platform:
 *
 * - `configs.cm` carries the `argoproj.io/Application` health check ({@link APPLICATION_HEALTH_LUA}); without it the
 *   sync waves of the app-of-apps do not wait for child apps to be Healthy; and the diff options
 *   ({@link RESOURCE_COMPARE_OPTIONS}: aggregated ClusterRoles do not count as drift);
 * - KSOPS in the repo-server (unless turned off), so kustomizations with SOPS-encrypted Secrets decrypt;
 * - with a domain: `global.domain`, an Ingress with TLS (secret `argocd-server-tls`, which cert-manager can issue
 *   through an annotation), and `server.insecure` because TLS ends at the ingress controller (argo-helm README,
 *   "SSL Termination at Ingress Controller").
 */
export function argoCdChartValues(options: ArgoCdValuesOptions = {}): Record<string, unknown> {
  let values: Record<string, unknown> = {
    configs: {
      cm: {
        [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA,
        [RESOURCE_COMPARE_OPTIONS_KEY]: RESOURCE_COMPARE_OPTIONS,
      },
    },
  };
  if (options.ksops ?? true) values = mergeValues(values, ksopsArgoCdValues());
  if (options.domain !== undefined) {
    values = mergeValues(values, {
      global: { domain: options.domain },
      configs: { params: { 'server.insecure': true } },
      server: {
        ingress: {
          enabled: true,
          ...(options.ingressClassName !== undefined ? { ingressClassName: options.ingressClassName } : {}),
          ...(options.ingressAnnotations !== undefined ? { annotations: { ...options.ingressAnnotations } } : {}),
          tls: true,
        },
      },
    });
  }
  return mergeValues(values, options.extraValues ?? {});
}
