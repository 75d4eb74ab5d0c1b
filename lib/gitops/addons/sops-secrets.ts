import { Construct } from 'constructs';
import { SopsSecret } from '../../secrets/sops-secret';
import { Addon } from './addon';

/** One SOPS-encrypted Secret a {@link SopsSecretsAddon} delivers. */
export interface SopsSecretRef {
  /** Secret name (`metadata.name` in the encrypted file). */
  readonly name: string;
  /**
   * The encrypted file, relative to the repository root.
   * @default - `platform/secrets/<name>.sops.yaml`
   */
  readonly file?: string | undefined;
}

/** Props of {@link SopsSecretsAddon}. */
export interface SopsSecretsAddonProps {
  /** App name, e.g. `external-dns-secrets`. */
  readonly name: string;
  /** Namespace of the Secrets (created by the app if missing). */
  readonly namespace: string;
  /** The Secrets. */
  readonly secrets: readonly SopsSecretRef[];
  /**
   * Sync wave; the addons that use the Secrets need this app and come later.
   * @default 1
   */
  readonly syncWave?: number | undefined;
  /**
   * Labels of the namespace when this app creates it: the Pod Security labels of the addon that runs there (this app
   * syncs first, so it is the one that creates the namespace).
   * @default {}
   */
  readonly namespaceLabels?: Readonly<Record<string, string>> | undefined;
  /**
   * Repository root (where `.sops.yaml` and the encrypted files are).
   * @default - the `talos-platform-cdk:repoRoot` context, else the working directory
   */
  readonly repoRoot?: string | undefined;
}

/**
 * SOPS-encrypted Secrets of one namespace, delivered with KSOPS: each {@link SopsSecret} copies its encrypted file
 * into `platform/<name>/` with a KSOPS generator listed in that folder's `kustomization.yaml`, and this app syncs the
 * folder (Argo CD's repo-server decrypts with the `argocd/sops-age` key). A file that does not exist yet becomes a
 * `TODO(secrets)` item and is left out; {@link allPresent} tells the platform whether the addon that needs the
 * Secrets can be deployed.
 *
 * @example
 * import { SopsSecretsAddon } from 'talos-platform-cdk/gitops';
 *
 * const secrets = new SopsSecretsAddon({
 *   name: 'monitoring-secrets',
 *   namespace: 'monitoring',
 *   secrets: [{ name: 'grafana-admin' }], // platform/secrets/grafana-admin.sops.yaml
 * });
 * apps.addAddon(secrets);
 * if (!secrets.allPresent) console.log('grafana-admin is not encrypted yet: see the TODO(secrets) list');
 */
export class SopsSecretsAddon extends Addon {
  private readonly refs: readonly SopsSecretRef[];
  private readonly repoRoot: string | undefined;
  private rendered: SopsSecret[] | undefined;

  public constructor(props: SopsSecretsAddonProps) {
    super({
      name: props.name,
      syncWave: props.syncWave ?? 1,
      namespace: props.namespace,
      namespaceLabels: props.namespaceLabels,
    });
    if (props.secrets.length === 0) throw new Error(`${props.name}: a SopsSecretsAddon needs at least one secret`);
    this.refs = [...props.secrets];
    this.repoRoot = props.repoRoot;
  }

  /** Names of the Secrets. */
  public get secretNames(): string[] {
    return this.refs.map((r) => r.name);
  }

  /**
   * True when every encrypted file exists (known once the addon is added to an {@link AppOfApps}; false before).
   */
  public get allPresent(): boolean {
    return this.rendered !== undefined && this.rendered.every((s) => s.present);
  }

  public override renderManifests(scope: Construct, folder: string): void {
    this.rendered = this.refs.map(
      (ref) =>
        new SopsSecret(new Construct(scope, ref.name), 'Resource', {
          name: ref.name,
          namespace: this.namespace,
          file: ref.file,
          outputDirectory: folder,
          repoRoot: this.repoRoot,
        }),
    );
  }
}
