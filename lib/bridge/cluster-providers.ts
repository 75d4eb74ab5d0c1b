import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { HelmProvider } from '../../imports/providers/helm/provider';
import { KubernetesProvider } from '../../imports/providers/kubernetes/provider';
import type { KubernetesClientConfig } from '../talos/management-cluster-ref';
import { optionalProp } from '../core/defined-props';

/** The Terraform providers that reach one Kubernetes cluster. */
export interface IClusterProviders {
  /** hashicorp/helm, for `helm_release` (charts, and cdk8s charts through {@link ChartRelease}). */
  readonly helm: TerraformProvider;
  /** hashicorp/kubernetes, for objects Terraform must own directly (Secrets from sensitive variables). */
  readonly kubernetes: TerraformProvider;
}

/** Props of {@link ClusterProviders}. */
export interface ClusterProvidersProps {
  /**
   * How to reach the cluster: API URL, cluster CA, client certificate and key (PEM). Usually
   * `IManagementCluster.kubernetesClient` from stage 10 (Terraform tokens read through remote state).
   */
  readonly kubernetesClient: KubernetesClientConfig;
  /**
   * Provider alias, when one stack talks to more than one cluster. Without it these are the default
   * `helm` and `kubernetes` providers of the stack.
   * @default - no alias (the stack's default providers)
   */
  readonly alias?: string | undefined;
}

/**
 * Configures the `helm` and `kubernetes` Terraform providers for one cluster from client-certificate credentials.
 *
 * In hashicorp/helm 3.x `kubernetes` is a nested attribute (`kubernetes = { host = ... }`), not the 2.x block; the
 * generated binding models it as such. Credentials are passed as attributes only: nothing is written to a
 * kubeconfig file, and the values stay Terraform tokens (sensitive outputs of stage 10).
 *
 * @example
 * import { ClusterProviders } from 'talos-platform-cdk/bridge';
 * import { CapiOperator } from 'talos-platform-cdk/capi';
 *
 * // mgmt: the IManagementCluster of stage 10 (a TalosManagementCluster, or read through remote state)
 * const providers = new ClusterProviders(stack, 'ManagementCluster', { kubernetesClient: mgmt.kubernetesClient });
 * new CapiOperator(stack, 'CapiOperator', { providers }); // uses providers.helm
 */
export class ClusterProviders extends Construct implements IClusterProviders {
  /** The configured helm provider. */
  public readonly helm: HelmProvider;
  /** The configured kubernetes provider. */
  public readonly kubernetes: KubernetesProvider;

  public constructor(scope: Construct, id: string, props: ClusterProvidersProps) {
    super(scope, id);
    const client = props.kubernetesClient;
    this.helm = new HelmProvider(this, 'Helm', {
      ...optionalProp('alias', props.alias),
      kubernetes: {
        host: client.host,
        clusterCaCertificate: client.caCertificate,
        clientCertificate: client.clientCertificate,
        clientKey: client.clientKey,
      },
    });
    this.kubernetes = new KubernetesProvider(this, 'Kubernetes', {
      ...optionalProp('alias', props.alias),
      host: client.host,
      clusterCaCertificate: client.caCertificate,
      clientCertificate: client.clientCertificate,
      clientKey: client.clientKey,
    });
  }
}
