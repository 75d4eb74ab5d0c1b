/**
 * What later stages need from the Talos management cluster (stage 10). Values are Terraform tokens when they cross
 * stacks: CDKTF turns them into sensitive outputs of stage 10 and `terraform_remote_state` reads in the consumer.
 * `terraform_remote_state` does not carry the sensitive mark over (OpenTofu 1.6), so `TalosManagementCluster` wraps
 * the client certificate and key in `sensitive()`, which the consumer evaluates.
 */
export interface IManagementCluster {
  /** Talos and Kubernetes cluster name. */
  readonly clusterName: string;
  /** Kubernetes API endpoint, `https://<vip>:<KUBERNETES_API_PORT>`. */
  readonly endpoint: string;
  /** Client credentials for the Kubernetes API (sensitive). */
  readonly kubernetesClient: KubernetesClientConfig;
}

/** Kubernetes client credentials as PEM text (not base64), ready for the helm and kubernetes providers. */
export interface KubernetesClientConfig {
  /** API server URL. */
  readonly host: string;
  /** Cluster CA certificate, PEM (public). */
  readonly caCertificate: string;
  /** Client certificate, PEM (marked sensitive). */
  readonly clientCertificate: string;
  /** Client key, PEM (marked sensitive). */
  readonly clientKey: string;
}
