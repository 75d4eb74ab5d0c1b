import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { Addon } from './addon';

/** Kyverno's Helm repository (charts/kyverno/README.md at v1.19.0). */
export const KYVERNO_HELM_REPOSITORY = 'https://kyverno.github.io/kyverno/';

/**
 * What Kyverno's background controller must be allowed to do for the cluster registrations: write the Argo CD
 * cluster Secrets its generate rules own (create, update on sync, delete when the trigger goes). Kyverno checks these
 * permissions when a generate policy is created, so they ship with the chart, before any policy.
 */
export const KYVERNO_REGISTRATION_PERMISSIONS = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
] as const;

/** Props of {@link KyvernoAddon}. */
export interface KyvernoAddonProps {
  /**
   * Chart version.
   * @default - CHART_VERSIONS.kyverno
   */
  readonly version?: string | undefined;
  /**
   * Further values, deep-merged over the platform's.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Kyverno (wave 1, in `kyverno`) with its CRDs, on the management cluster only: its generate rules turn each
 * workload cluster's CAPI `<cluster>-kubeconfig` Secret into an Argo CD cluster Secret (`ArgoCdClusterRegistration`).
 * The background controller gets write access to Secrets (`KYVERNO_REGISTRATION_PERMISSIONS`). Server-side apply:
 * Kyverno's CRDs are larger than the client-side apply annotation allows. Removing the app orphans Kyverno, so the
 * registrations it keeps are not deleted with it.
 *
 * @example
 * import { KyvernoAddon } from 'talos-platform-cdk/gitops';
 *
 * apps.addAddon(new KyvernoAddon({ extraValues: { admissionController: { replicas: 3 } } }));
 */
export class KyvernoAddon extends Addon {
  public constructor(props: KyvernoAddonProps = {}) {
    super({
      name: 'kyverno',
      syncWave: 1,
      namespace: 'kyverno',
      serverSideApply: true,
      cascadeDelete: false,
      chart: {
        repoUrl: KYVERNO_HELM_REPOSITORY,
        chart: 'kyverno',
        version: props.version ?? CHART_VERSIONS.kyverno,
        releaseName: 'kyverno',
        values: mergeValues(
          {
            crds: { install: true },
            backgroundController: {
              rbac: {
                clusterRole: {
                  extraResources: KYVERNO_REGISTRATION_PERMISSIONS.map((p) => ({
                    ...p,
                    apiGroups: [...p.apiGroups],
                    resources: [...p.resources],
                    verbs: [...p.verbs],
                  })),
                },
              },
            },
          },
          props.extraValues ?? {},
        ),
      },
    });
  }
}
