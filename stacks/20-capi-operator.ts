import type { Construct } from 'constructs';
import { ClusterProviders } from '../lib/bridge/cluster-providers';
import { CapiOperator } from '../lib/capi/capi-operator';
import type { PlatformConfig } from '../lib/core/spec/resolved';
import type { IManagementCluster } from '../lib/talos/management-cluster-ref';
import { StageStack } from './stage-stack';
import type { StageStackProps } from './stage-stack';

/** Props of {@link CapiOperatorStack}. */
export interface CapiOperatorStackProps extends StageStackProps {
  /** The resolved platform. */
  readonly config: PlatformConfig;
  /** Stage 10: the management cluster (kubeconfig read through remote state). */
  readonly managementCluster: IManagementCluster;
}

/**
 * Stage 20: cert-manager and the Cluster API operator on the management cluster (Helm). Exit criterion: both
 * releases deployed (they wait for their pods), `kubectl -n capi-operator-system get deploy` available.
 * No secrets of its own: it reads the management cluster's client credentials from stage 10's state.
 *
 * @example
 * import { CapiOperatorStack } from 'talos-platform-cdk/stacks/20-capi-operator';
 * import { MgmtTalosStack } from 'talos-platform-cdk/stacks/10-mgmt-talos';
 *
 * // app, config and foundation as in the MgmtTalosStack example
 * const mgmt = new MgmtTalosStack(app, '10-mgmt-talos', { config, image: foundation.image });
 * const operator = new CapiOperatorStack(app, '20-capi-operator', { config, managementCluster: mgmt.cluster });
 * // operator.operator.namespace is where stage 30 installs the provider CRs.
 */
export class CapiOperatorStack extends StageStack {
  /** helm and kubernetes providers of the management cluster. */
  public readonly clusterProviders: ClusterProviders;
  /** The operator installation. */
  public readonly operator: CapiOperator;

  public constructor(scope: Construct, id: string, props: CapiOperatorStackProps) {
    super(scope, id, props);
    this.clusterProviders = new ClusterProviders(this, 'ManagementCluster', {
      kubernetesClient: props.managementCluster.kubernetesClient,
    });
    this.operator = new CapiOperator(this, 'CapiOperator', { providers: this.clusterProviders });
    this.addOutput('cert_manager_version', this.operator.certManager.version, {
      description: 'Installed cert-manager chart version.',
    });
    this.addOutput('capi_operator_namespace', this.operator.namespace, {
      description: 'Namespace of the Cluster API operator.',
    });
  }
}
