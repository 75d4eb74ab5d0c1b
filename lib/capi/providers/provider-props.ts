import type { ProviderSource } from './provider-source';

/** Name and namespace of a Secret, as the operator's `spec.configSecret` takes it. */
export interface SecretReference {
  /** Secret name. */
  readonly name: string;
  /**
   * Secret namespace.
   * @default - the provider's namespace
   */
  readonly namespace?: string | undefined;
}

/** Props every Cluster API operator provider construct takes. */
export interface ProviderProps {
  /**
   * Provider version, with the leading `v` (the operator matches it against the repository's release tags),
   * e.g. `v1.12.11`.
   */
  readonly version: string;
  /**
   * Namespace the provider runs in (the operator deploys the provider's controller into the namespace of the CR).
   * @default - the conventional namespace of the provider's component manifests (e.g. `capi-system`)
   */
  readonly namespace?: string | undefined;
  /**
   * Secret whose keys the operator substitutes into the provider's components (e.g. CAPMOX's `PROXMOX_URL`).
   * The operator (v0.28) notices a change of its content only with `--watch-configsecret`, and providers read it at
   * start: to rotate, create a Secret with a new name and point here (ProxmoxCredentials names it per token).
   * @default - no config secret
   */
  readonly configSecret?: SecretReference | undefined;
  /**
   * Where the operator fetches the components from.
   * @default ProviderSource.builtIn()
   */
  readonly source?: ProviderSource | undefined;
  /**
   * Feature gates of the provider's manager (`spec.manager.featureGates`), e.g. `{ ClusterTopology: true }`.
   * @default - the provider's defaults
   */
  readonly featureGates?: Readonly<Record<string, boolean>> | undefined;
}

/** `vMAJOR.MINOR.PATCH` with optional pre-release: the form provider release tags take. */
export const PROVIDER_VERSION_PATTERN = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
