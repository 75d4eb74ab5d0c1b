/**
 * Secrets the platform commonly needs, as presets of `talos-platform-cdk secrets new --preset <id>`: the Secret's
 * name, namespace, type, labels and which environment variable fills which key. Values are never part of a preset.
 */
export interface SecretPreset {
  /** Preset id (`--preset`). */
  readonly id: string;
  /** What the Secret is for. */
  readonly description: string;
  /** Default Secret name (the `<name>` argument overrides it). */
  readonly name: string;
  /** Default namespace (`--namespace` overrides it). */
  readonly namespace: string;
  /** Secret `type`. */
  readonly type: string;
  /** Labels the consumer selects on. */
  readonly labels: Readonly<Record<string, string>>;
  /** Keys filled from environment variables: key -> variable. All required. */
  readonly fromEnv: Readonly<Record<string, string>>;
  /** Keys filled from environment variables when set: key -> variable. */
  readonly optionalFromEnv: Readonly<Record<string, string>>;
  /** Keys with fixed, non-secret values. */
  readonly literals: Readonly<Record<string, string>>;
}

/**
 * Proxmox credentials for CAPMOX. The cluster-api-operator passes the keys of an `InfrastructureProvider`'s
 * `configSecret` to the provider as its variables: `PROXMOX_URL` (without `/api2/json`), `PROXMOX_TOKEN`
 * (`user@realm!tokenid`) and `PROXMOX_SECRET` (the token's UUID).
 */
export const CAPMOX_CREDENTIALS_PRESET: SecretPreset = {
  id: 'capmox-credentials',
  description: 'Proxmox API URL and token for CAPMOX (InfrastructureProvider configSecret)',
  name: 'capmox-credentials',
  namespace: 'capmox-system',
  type: 'Opaque',
  labels: {},
  fromEnv: { PROXMOX_URL: 'PROXMOX_URL', PROXMOX_TOKEN: 'PROXMOX_TOKEN', PROXMOX_SECRET: 'PROXMOX_SECRET' },
  optionalFromEnv: {},
  literals: {},
};

/**
 * Argo CD repository credentials (Argo CD declarative setup: a Secret labelled
 * `argocd.argoproj.io/secret-type: repository` with `type`, `url` and `username`/`password` or `sshPrivateKey`).
 * For a private GitOps repository Argo CD needs them before it can read anything, KSOPS files included: stage 50
 * takes those as sensitive Terraform variables; this preset is for further repositories.
 */
export const ARGOCD_REPOSITORY_PRESET: SecretPreset = {
  id: 'argocd-repository',
  description: 'Argo CD repository credentials (https username/password; add --from-file sshPrivateKey=... for ssh)',
  name: 'gitops-repository',
  namespace: 'argocd',
  type: 'Opaque',
  labels: { 'argocd.argoproj.io/secret-type': 'repository' },
  fromEnv: { url: 'ARGOCD_REPO_URL' },
  optionalFromEnv: { username: 'ARGOCD_REPO_USERNAME', password: 'ARGOCD_REPO_PASSWORD' },
  literals: { type: 'git' },
};

/**
 * ExternalDNS with Cloudflare: ExternalDNS reads `CF_API_TOKEN` (a token with Zone Read and DNS Edit); its Helm values
 * map it from this Secret (`env: [{ name: CF_API_TOKEN, valueFrom: { secretKeyRef: { name: cloudflare-api-token,
 * key: api-token } } }]`).
 */
export const EXTERNAL_DNS_CLOUDFLARE_PRESET: SecretPreset = {
  id: 'external-dns-cloudflare',
  description: 'Cloudflare API token for ExternalDNS (CF_API_TOKEN)',
  name: 'cloudflare-api-token',
  namespace: 'external-dns',
  type: 'Opaque',
  labels: {},
  fromEnv: { 'api-token': 'CF_API_TOKEN' },
  optionalFromEnv: {},
  literals: {},
};

/** Every preset, by id. */
export const SECRET_PRESETS: Readonly<Record<string, SecretPreset>> = Object.fromEntries(
  [CAPMOX_CREDENTIALS_PRESET, ARGOCD_REPOSITORY_PRESET, EXTERNAL_DNS_CLOUDFLARE_PRESET].map((p) => [p.id, p]),
);
