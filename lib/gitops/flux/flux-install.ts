import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { stringify } from 'yaml';
import { Release } from '../../../imports/providers/helm/release';
import { CHART_VERSIONS, FLUX_DISTRIBUTION_VERSION } from '../../core/versions';
import { optionalProp } from '../../core/defined-props';
import { FLUX_NAMESPACE } from './constants';

/** Helm repository (OCI) of the Flux Operator charts (`controlplaneio-fluxcd/charts`). */
export const FLUX_OPERATOR_CHART_REPOSITORY = 'oci://ghcr.io/controlplaneio-fluxcd/charts';

/** Seconds Terraform waits for each release (the instance's health check waits for the controllers). */
export const DEFAULT_FLUX_INSTALL_TIMEOUT_SECONDS = 600;

/** The Flux controllers the platform uses: sources, Kustomizations, HelmReleases, and alerts/receivers. */
export const FLUX_COMPONENTS = [
  'source-controller',
  'kustomize-controller',
  'helm-controller',
  'notification-controller',
];

/** Props of {@link FluxInstall}. */
export interface FluxInstallProps {
  /**
   * The helm provider of the management cluster.
   * @default - the stack's default helm provider
   */
  readonly provider?: TerraformProvider | undefined;
  /**
   * Seconds to wait for each release.
   * @default DEFAULT_FLUX_INSTALL_TIMEOUT_SECONDS
   */
  readonly timeoutSeconds?: number | undefined;
}

/**
 * Flux on the management cluster, installed the way its maintainers recommend for Helm and Terraform users: the
 * Flux Operator chart, then the `flux-instance` chart whose `FluxInstance` pins the Flux distribution
 * (`FLUX_DISTRIBUTION_VERSION`, the release the CRDs in `imports/crds/` come from) and the four controllers the
 * platform needs. The community `flux2` chart was the other choice; it trailed the Flux releases (its newest chart
 * ships Flux 2.8.5, older than the pinned CRDs). The instance's post-install health check makes the release wait
 * until the controllers and their CRDs are up, so the root chart (GitRepository, root Kustomization) applies next.
 *
 * @example
 * import { FluxInstall } from 'talos-platform-cdk/gitops';
 *
 * const flux = new FluxInstall(stack, 'Flux', { provider: providers.helm });
 */
export class FluxInstall extends Construct {
  /** The flux-operator release. */
  public readonly operator: Release;
  /** The flux-instance release (the FluxInstance `flux`). */
  public readonly instance: Release;
  /** Namespace Flux runs in. */
  public readonly namespace = FLUX_NAMESPACE;

  public constructor(scope: Construct, id: string, props: FluxInstallProps = {}) {
    super(scope, id);
    const timeout = props.timeoutSeconds ?? DEFAULT_FLUX_INSTALL_TIMEOUT_SECONDS;
    if (!Number.isInteger(timeout) || timeout < 60) {
      throw new Error(`${this.node.path}: timeoutSeconds is ${timeout}; expected a whole number of at least 60`);
    }
    this.operator = new Release(this, 'Operator', {
      ...optionalProp('provider', props.provider),
      name: 'flux-operator',
      namespace: FLUX_NAMESPACE,
      createNamespace: true,
      repository: FLUX_OPERATOR_CHART_REPOSITORY,
      chart: 'flux-operator',
      version: CHART_VERSIONS.fluxOperator,
      wait: true,
      atomic: true,
      timeout,
    });
    const values = {
      instance: {
        distribution: { version: FLUX_DISTRIBUTION_VERSION, registry: 'ghcr.io/fluxcd' },
        components: [...FLUX_COMPONENTS],
        cluster: { type: 'kubernetes', networkPolicy: true },
      },
      healthcheck: { enabled: true },
    };
    this.instance = new Release(this, 'Resource', {
      ...optionalProp('provider', props.provider),
      name: 'flux',
      namespace: FLUX_NAMESPACE,
      repository: FLUX_OPERATOR_CHART_REPOSITORY,
      chart: 'flux-instance',
      version: CHART_VERSIONS.fluxOperator,
      values: [stringify(values, { sortMapEntries: true, lineWidth: 0 })],
      wait: true,
      atomic: true,
      timeout,
      dependsOn: [this.operator],
    });
  }
}
