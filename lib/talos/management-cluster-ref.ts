/**
 * What later stages need from the Talos management cluster (stage 10). Values are Terraform tokens when they cross
 * stacks: CDKTF turns them into sensitive outputs of stage 10 and `terraform_remote_state` reads in the consumer.
 */
export interface IManagementCluster {
  /** Talos and Kubernetes cluster name. */
  readonly clusterName: string;
  /** Kubernetes API endpoint, `https://<vip>:6443`. */
  readonly endpoint: string;
  /** Client credentials for the Kubernetes API (sensitive). */
  readonly kubernetesClient: KubernetesClientConfig;
}

/** Kubernetes client credentials as PEM text (not base64), ready for the helm and kubernetes providers. */
export interface KubernetesClientConfig {
  /** API server URL. */
  readonly host: string;
  /** Cluster CA certificate, PEM. */
  readonly caCertificate: string;
  /** Client certificate, PEM. */
  readonly clientCertificate: string;
  /** Client key, PEM (sensitive). */
  readonly clientKey: string;
}
