import { Construct } from 'constructs';
import { Release } from '../../imports/providers/helm/release';
import type { IClusterProviders } from '../bridge/cluster-providers';
import { CHART_VERSIONS } from '../core/versions';

/** Jetstack's Helm repository (cert-manager's documented install source). */
export const CERT_MANAGER_CHART_REPOSITORY = 'https://charts.jetstack.io';
/** The cluster-api-operator Helm repository (GitHub Pages of kubernetes-sigs/cluster-api-operator). */
export const CAPI_OPERATOR_CHART_REPOSITORY = 'https://kubernetes-sigs.github.io/cluster-api-operator';
/** cert-manager's conventional namespace (its install docs and chart examples). */
export const DEFAULT_CERT_MANAGER_NAMESPACE = 'cert-manager';
/** The operator's conventional namespace (`helm install ... -n capi-operator-system` in the operator docs). */
export const DEFAULT_CAPI_OPERATOR_NAMESPACE = 'capi-operator-system';
/**
 * Seconds each release may take. 10 minutes: cert-manager's webhook must become ready (its startupapicheck Job
 * waits for it) on a management cluster that may still be pulling images.
 */
export const DEFAULT_CAPI_OPERATOR_TIMEOUT_SECONDS = 600;

/** What later stages need from the operator installation. */
export interface ICapiOperator {
  /** The operator's Helm release; provider CRs must wait for it (their CRDs come with it). */
  readonly release: Release;
  /** Namespace the operator runs in. */
  readonly namespace: string;
}

/** Props of {@link CapiOperator}. */
export interface CapiOperatorProps {
  /** Providers of the management cluster (the helm provider is used). */
  readonly providers: IClusterProviders;
  /**
   * cert-manager chart version (jetstack chart versions carry a leading `v`).
   * @default - CHART_VERSIONS.certManager in lib/core/versions.ts
   */
  readonly certManagerChartVersion?: string | undefined;
  /**
   * cluster-api-operator chart version (no leading `v`; equals the operator release).
   * @default - CHART_VERSIONS.capiOperator in lib/core/versions.ts
   */
  readonly operatorChartVersion?: string | undefined;
  /**
   * Namespace of cert-manager (created by the release).
   * @default "cert-manager"
   */
  readonly certManagerNamespace?: string | undefined;
  /**
   * Namespace of the operator (created by the release).
   * @default "capi-operator-system"
   */
  readonly operatorNamespace?: string | undefined;
  /**
   * Seconds each release may take to become ready.
   * @default 600
   */
  readonly timeoutSeconds?: number | undefined;
}

/**
 * cert-manager and the Cluster API operator on the management cluster, as two Helm releases (stage 20).
 *
 * cert-manager comes first, with its CRDs (`crds.enabled: true`, the chart's switch since v1.15), because the
 * operator and every provider it installs use cert-manager Certificates for their webhooks. Both releases wait for
 * readiness and roll back on failure, so a successful apply means both controllers run. The operator chart's own
 * cert-manager dependency is turned off (`cert-manager.enabled: false`): one cert-manager per cluster.
 *
 * @example
 * import { ClusterProviders } from 'talos-platform-cdk/bridge';
 * import { CapiOperator } from 'talos-platform-cdk/capi';
 *
 * const providers = new ClusterProviders(stack, 'ManagementCluster', { kubernetesClient: mgmt.kubernetesClient });
 * const operator = new CapiOperator(stack, 'CapiOperator', {
 *   providers,
 *   certManagerChartVersion: 'v1.21.1', // jetstack chart versions keep the leading "v"
 *   operatorChartVersion: '0.28.0', // cluster-api-operator chart versions have none
 * });
 * // Provider CRs wait for operator.release (their CRDs come with it); it runs in operator.namespace.
 */
export class CapiOperator extends Construct implements ICapiOperator {
  /** The operator release (main resource). */
  public readonly release: Release;
  /** The cert-manager release. */
  public readonly certManager: Release;
  /** Namespace the operator runs in. */
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: CapiOperatorProps) {
    super(scope, id);
    const timeout = props.timeoutSeconds ?? DEFAULT_CAPI_OPERATOR_TIMEOUT_SECONDS;
    const certManagerVersion = props.certManagerChartVersion ?? CHART_VERSIONS.certManager;
    const operatorVersion = props.operatorChartVersion ?? CHART_VERSIONS.capiOperator;
    if (!/^v\d+\.\d+\.\d+$/.test(certManagerVersion)) {
      throw new Error(
        `${this.node.path}: certManagerChartVersion "${certManagerVersion}" is not a jetstack chart version. ` +
          'Expected "v<major>.<minor>.<patch>" with the leading "v", e.g. "v1.21.1".',
      );
    }
    if (!/^\d+\.\d+\.\d+$/.test(operatorVersion)) {
      throw new Error(
        `${this.node.path}: operatorChartVersion "${operatorVersion}" is not a cluster-api-operator chart version. ` +
          'Expected "<major>.<minor>.<patch>" without a leading "v", e.g. "0.28.0".',
      );
    }
    this.namespace = props.operatorNamespace ?? DEFAULT_CAPI_OPERATOR_NAMESPACE;

    this.certManager = new Release(this, 'CertManager', {
      provider: props.providers.helm,
      name: 'cert-manager',
      repository: CERT_MANAGER_CHART_REPOSITORY,
      chart: 'cert-manager',
      version: certManagerVersion,
      namespace: props.certManagerNamespace ?? DEFAULT_CERT_MANAGER_NAMESPACE,
      createNamespace: true,
      values: ['crds:\n  enabled: true\n'],
      wait: true,
      waitForJobs: true,
      atomic: true,
      timeout,
    });

    this.release = new Release(this, 'Resource', {
      provider: props.providers.helm,
      name: 'capi-operator',
      repository: CAPI_OPERATOR_CHART_REPOSITORY,
      chart: 'cluster-api-operator',
      version: operatorVersion,
      namespace: this.namespace,
      createNamespace: true,
      values: ['cert-manager:\n  enabled: false\n'],
      wait: true,
      atomic: true,
      timeout,
      dependsOn: [this.certManager],
    });
  }
}
