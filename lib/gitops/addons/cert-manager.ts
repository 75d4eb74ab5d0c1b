import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { Addon } from './addon';

/** Jetstack's Helm repository (cert-manager's documented install source). */
export const JETSTACK_HELM_REPOSITORY = 'https://charts.jetstack.io';

/** Props of {@link CertManagerAddon}. */
export interface CertManagerAddonProps {
  /**
   * Chart version (jetstack versions carry a leading `v`).
   * @default - CHART_VERSIONS.certManager
   */
  readonly version?: string | undefined;
  /**
   * Further values.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * cert-manager (wave 1) with its CRDs from the chart (`crds.enabled: true`, the chart's switch since v1.15; `crds.keep`
 * stays at its default `true` so uninstalling keeps every Certificate). Anything that needs certificates declares
 * `needs: ['cert-manager']` and lands in a later wave. Offered to workload clusters through the fleet; on the
 * management cluster stage 20 installs it, so the platform registers it there as an {@link ExternalAddon}.
 *
 * @example
 * import { CertManagerAddon, Fleet } from 'talos-platform-cdk/gitops';
 *
 * // Workload clusters get it from the fleet; on the management cluster stage 20 installs it (ExternalAddon).
 * new Fleet(app, 'Fleet', { addons: [new CertManagerAddon({ extraValues: { replicaCount: 2 } })] });
 */
export class CertManagerAddon extends Addon {
  public constructor(props: CertManagerAddonProps = {}) {
    super({
      name: 'cert-manager',
      syncWave: 1,
      namespace: 'cert-manager',
      fleet: true,
      chart: {
        repoUrl: JETSTACK_HELM_REPOSITORY,
        chart: 'cert-manager',
        version: props.version ?? CHART_VERSIONS.certManager,
        releaseName: 'cert-manager',
        values: mergeValues({ crds: { enabled: true } }, props.extraValues ?? {}),
      },
    });
  }
}
