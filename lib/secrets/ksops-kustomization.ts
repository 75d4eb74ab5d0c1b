import type { Construct, IConstruct } from 'constructs';
import { GitOpsFile } from '../core/synth/gitops-file';
import { renderKsopsKustomization } from './ksops';

/**
 * The `kustomization.yaml` of one folder of the GitOps tree that holds KSOPS generators. Every {@link SopsSecret}
 * writing into the folder adds its generator; the file lists them all (sorted) whenever the tree is rendered, and
 * still exists, with no generators, when every secret of the folder is missing, so the Argo CD Application that
 * points at the folder renders (an empty set of objects) instead of failing on a missing path.
 *
 * @example
 * import { App } from 'cdk8s';
 * import { KsopsKustomization, SopsSecret } from 'talos-platform-cdk/secrets';
 *
 * const app = new App();
 * new SopsSecret(app, 'GrafanaAdmin', {
 *   name: 'grafana-admin', namespace: 'monitoring', outputDirectory: 'platform/monitoring-secrets',
 * });
 * // Created by the first SopsSecret of the folder; look it up by folder:
 * const kustomization = KsopsKustomization.forDirectory(app, 'platform/monitoring-secrets');
 * console.log(kustomization.generatorFiles); // ['grafana-admin.ksops.yaml'] once the encrypted file exists
 */
export class KsopsKustomization extends GitOpsFile {
  /** The kustomization of `dir` (a folder in the GitOps tree, `/`-separated) in the app of `scope`; created once. */
  public static forDirectory(scope: IConstruct, dir: string): KsopsKustomization {
    const root = scope.node.root;
    const id = `KsopsKustomization--${dir.split('/').join('--')}`;
    const existing = root.node.tryFindChild(id);
    if (existing instanceof KsopsKustomization) return existing;
    if (existing)
      throw new Error(`${root.node.path || '(root)'}: child "${id}" exists and is not a KsopsKustomization`);
    return new KsopsKustomization(root, id, dir);
  }

  /** Folder of the kustomization in the GitOps tree. */
  public readonly directory: string;

  private readonly generators = new Set<string>();
  private readonly resources = new Set<string>();

  private constructor(scope: IConstruct, id: string, dir: string) {
    super(scope as Construct, id, { outputPath: `${dir}/kustomization.yaml`, content: '' });
    this.directory = dir;
    // The file is rendered when the tree is written, so generators added after construction are listed.
    Object.defineProperty(this, 'content', {
      get: () =>
        renderKsopsKustomization(
          [...this.generators].map((g) => `./${g}`),
          [...this.resources].map((r) => `./${r}`),
        ),
      enumerable: true,
      configurable: true,
    });
  }

  /** Lists `fileName` (a generator in this folder) under `generators:`. */
  public addGenerator(fileName: string): void {
    this.generators.add(fileName);
  }

  /** Lists `fileName` (an encrypted file in this folder that the GitOps engine decrypts itself) under `resources:`. */
  public addResource(fileName: string): void {
    this.resources.add(fileName);
  }

  /** Generator files listed so far, sorted. */
  public get generatorFiles(): string[] {
    return [...this.generators].sort();
  }
}
