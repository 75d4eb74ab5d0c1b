/**
 * Where the Cluster API operator fetches a provider's components (`spec.fetchConfig`). The five providers this
 * platform uses (cluster-api, talos bootstrap, talos control plane, proxmox, in-cluster IPAM) are all in
 * clusterctl's built-in provider list (`cmd/clusterctl/client/config/providers_client.go`), which the operator
 * uses, so {@link ProviderSource.builtIn} needs no fetchConfig at all.
 */
export class ProviderSource {
  /** The provider's repository from clusterctl's built-in list (no `fetchConfig`). */
  public static builtIn(): ProviderSource {
    return new ProviderSource(undefined);
  }

  /**
   * A GitHub (or GitLab) releases URL, e.g. `https://github.com/ionos-cloud/cluster-api-provider-proxmox/releases`:
   * for providers not in clusterctl's list, or forks.
   */
  public static releasesUrl(url: string): ProviderSource {
    if (!/^https:\/\/\S+$/.test(url)) {
      throw new Error(
        `ProviderSource.releasesUrl: "${url}" is not an https URL. Expected e.g. "https://github.com/<owner>/<repo>/releases".`,
      );
    }
    return new ProviderSource({ url });
  }

  /** An OCI artifact with the provider's components (air-gapped installs), e.g. `registry.example/capmox:v0.9.0`. */
  public static oci(reference: string): ProviderSource {
    if (!/^\S+$/.test(reference) || reference.length === 0) {
      throw new Error(
        `ProviderSource.oci: "${reference}" is not an OCI reference. Expected e.g. "registry.example/capi/capmox:v0.9.0".`,
      );
    }
    return new ProviderSource({ oci: reference });
  }

  private constructor(
    private readonly fetchConfig: { readonly url?: string | undefined; readonly oci?: string | undefined } | undefined,
  ) {}

  /** The `spec.fetchConfig` value, or undefined for a built-in provider. Returns a copy. */
  public toFetchConfig(): { url?: string | undefined; oci?: string | undefined } | undefined {
    return this.fetchConfig === undefined ? undefined : { ...this.fetchConfig };
  }
}
