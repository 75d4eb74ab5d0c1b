import { Construct } from 'constructs';
import { isNormalizedRelativePath } from './tree-path';

/** Props of a {@link GitOpsFile}. */
export interface GitOpsFileProps {
  /** Path relative to the GitOps output folder, using `/`, e.g. `platform/secrets/kustomization.yaml`. */
  readonly outputPath: string;
  /** The file's exact content (already serialized; copied byte-for-byte, e.g. a SOPS-encrypted file). */
  readonly content: string;
}

/**
 * A file in the GitOps tree that is not a Kubernetes object rendered by cdk8s: a kustomization, a KSOPS generator, or
 * a SOPS-encrypted secret copied from `platform/secrets/`. Add it anywhere under the cdk8s app.
 *
 * @example
 * import { App } from 'cdk8s';
 * import { GitOpsFile } from 'talos-platform-cdk/core';
 *
 * new GitOpsFile(new App(), 'Kustomization', {
 *   outputPath: 'platform/extras/kustomization.yaml',
 *   content: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - namespace.yaml\n',
 * });
 */
export class GitOpsFile extends Construct {
  /** Returns true if `x` is a GitOpsFile (works across copies of this package). */
  public static isGitOpsFile(x: unknown): x is GitOpsFile {
    return typeof x === 'object' && x !== null && GITOPS_FILE_SYMBOL in x;
  }

  /** Path relative to the GitOps output folder. */
  public readonly outputPath: string;
  /** The file's content. */
  public readonly content: string;

  public constructor(scope: Construct, id: string, props: GitOpsFileProps) {
    super(scope, id);
    if (!/^[a-z0-9][a-zA-Z0-9._/-]*$/.test(props.outputPath) || !isNormalizedRelativePath(props.outputPath)) {
      throw new Error(
        `${this.node.path}: outputPath "${props.outputPath}" must be a relative path inside the GitOps tree`,
      );
    }
    this.outputPath = props.outputPath;
    this.content = props.content;
    Object.defineProperty(this, GITOPS_FILE_SYMBOL, { value: true });
  }
}

const GITOPS_FILE_SYMBOL = Symbol.for('talos-platform-cdk.GitOpsFile');
