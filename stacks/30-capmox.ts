import { App as K8sApp, Chart } from 'cdk8s';
import { dependable } from 'cdktf';
import type { Construct } from 'constructs';
import { NamespaceV1 } from '../imports/providers/kubernetes/namespace-v1';
import { ChartRelease } from '../lib/bridge/chart-release';
import { ClusterProviders } from '../lib/bridge/cluster-providers';
import { CapiProviders } from '../lib/capi/capi-providers';
import {
  CAPMOX_TOKEN_ID_VARIABLE,
  CAPMOX_TOKEN_SECRET_VARIABLE,
  ProxmoxCredentials,
} from '../lib/capi/proxmox-credentials';
import type { PlatformConfig } from '../lib/core/spec/resolved';
import type { IManagementCluster } from '../lib/talos/management-cluster-ref';
import type { CapiOperatorStack } from './20-capi-operator';
import { providerVersions } from './gitops-capi';
import { StageStack } from './stage-stack';
import type { StageStackProps } from './stage-stack';

/** Props of {@link CapmoxStack}. */
export interface CapmoxStackProps extends StageStackProps {
  /** The resolved platform. */
  readonly config: PlatformConfig;
  /** Stage 10: the management cluster. */
  readonly managementCluster: IManagementCluster;
  /** Stage 20: the operator (its CRDs must exist before the provider CRs). */
  readonly operator: CapiOperatorStack;
}

/**
 * Stage 30: the Cluster API providers (core, Talos bootstrap and control plane, CAPMOX, in-cluster IPAM, CAAPH) as operator
 * CRs, and CAPMOX's credentials. Terraform creates the provider namespaces and the credentials Secret
 * `capmox-credentials-<hash of proxmox.capmoxTokenId>` (from `TF_VAR_capmox_token_id` and `TF_VAR_capmox_token_secret`), then
 * installs the provider CRs through the bridge (a local Helm chart), so the Secret exists before the operator reads
 * it; the InfrastructureProvider gets the Secret from `credentials.secretRef`. A new token id is a new Secret, and
 * CAPMOX restarts with it (docs/runbooks/capmox-credentials.md). Exit criterion: every provider's
 * `Ready` condition true (`kubectl get coreproviders,bootstrapproviders,controlplaneproviders,infrastructureproviders,ipamproviders,addonproviders -A`).
 *
 * @example
 * import { CapiOperatorStack } from 'talos-platform-cdk/stacks/20-capi-operator';
 * import { CapmoxStack } from 'talos-platform-cdk/stacks/30-capmox';
 *
 * // mgmt: the MgmtTalosStack of stage 10; set TF_VAR_capmox_token_id and TF_VAR_capmox_token_secret.
 * const operator = new CapiOperatorStack(app, '20-capi-operator', { config, managementCluster: mgmt.cluster });
 * const capmox = new CapmoxStack(app, '30-capmox', { config, managementCluster: mgmt.cluster, operator });
 */
export class CapmoxStack extends StageStack {
  public readonly clusterProviders: ClusterProviders;
  public readonly credentials: ProxmoxCredentials;
  public readonly release: ChartRelease;
  /** The provider constructs, for stage 40 (namespaces, versions). */
  public readonly capiProviders: CapiProviders;

  public constructor(scope: Construct, id: string, props: CapmoxStackProps) {
    super(scope, id, props);
    this.addDependency(props.operator);
    this.clusterProviders = new ClusterProviders(this, 'ManagementCluster', {
      kubernetesClient: props.managementCluster.kubernetesClient,
    });

    // The Secret first: the providers are wired to its reference, and it is created before the operator reads it.
    this.credentials = ProxmoxCredentials.fromTerraformVariables(this, 'ProxmoxCredentials', {
      providers: this.clusterProviders,
      url: props.config.platform.proxmox.endpoint,
      tokenId: props.config.platform.proxmox.capmoxTokenId,
    });
    const chart = new Chart(new K8sApp(), 'capi-providers');
    this.capiProviders = new CapiProviders(chart, 'Providers', {
      proxmoxCredentials: this.credentials.secretRef,
      ...providerVersions(props.config),
      createNamespaces: false,
    });
    const p = this.capiProviders;
    if (p.infrastructure.namespace !== this.credentials.namespace) {
      throw new Error(
        `${this.node.path}: the CAPMOX credentials are in "${this.credentials.namespace}" but CAPMOX runs in ` +
          `"${p.infrastructure.namespace}"; expected the same namespace (its pods read the Secret).`,
      );
    }
    const namespaces = p.all.map((provider) => {
      const ns = new NamespaceV1(this, `Namespace-${provider.namespace}`, {
        provider: this.clusterProviders.kubernetes,
        metadata: { name: provider.namespace },
      });
      return ns;
    });
    const secret = this.credentials.secret!;
    secret.dependsOn = [...(secret.dependsOn ?? []), ...namespaces.map((ns) => dependable(ns))];

    this.release = new ChartRelease(this, 'Providers', {
      chart,
      providers: this.clusterProviders,
      releaseName: 'capi-providers',
      namespace: props.operator.operator.namespace,
      dependsOn: [...namespaces, this.credentials.secret!],
    });

    this.addOutput(
      'provider_namespaces',
      namespaces.map((n) => n.metadata.name),
      {
        description: 'Namespaces of the Cluster API providers.',
      },
    );
    this.addOutput('required_variables', [CAPMOX_TOKEN_ID_VARIABLE, CAPMOX_TOKEN_SECRET_VARIABLE], {
      description: 'Sensitive variables this stage needs (set TF_VAR_<name>).',
    });
  }
}
