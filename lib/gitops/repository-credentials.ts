import { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import type { IResolvable, TerraformProvider } from 'cdktf';
import { SecretV1 } from '../../imports/providers/kubernetes/secret-v1';
import { optionalProp } from '../core/defined-props';
import { DEFAULT_ARGOCD_NAMESPACE, SECRET_TYPE_LABEL } from './constants';

/** How Argo CD authenticates to the GitOps repository. Values are Terraform tokens of sensitive variables. */
export class RepositoryAuth {
  /** HTTPS with a user name and a password or access token. */
  public static https(username: string, password: string): RepositoryAuth {
    return new RepositoryAuth('https', { username, password });
  }

  /** SSH with a private key (PEM / OpenSSH format). */
  public static sshPrivateKey(privateKey: string): RepositoryAuth {
    return new RepositoryAuth('ssh', { sshPrivateKey: privateKey });
  }

  private constructor(
    /** `https` or `ssh`. */
    public readonly kind: 'https' | 'ssh',
    private readonly fields: Readonly<Record<string, string>>,
  ) {}

  /** @internal Secret data fields (besides `type` and `url`). */
  public _fields(): Record<string, string> {
    return { ...this.fields };
  }
}

/** Props of {@link RepositoryCredentials}. */
export interface RepositoryCredentialsProps {
  /** Repository URL exactly as the Applications use it. */
  readonly repoUrl: string;
  /** Credentials. */
  readonly auth: RepositoryAuth;
  /**
   * The kubernetes provider of the cluster Argo CD runs in.
   * @default - the stack's default kubernetes provider
   */
  readonly provider?: TerraformProvider | undefined;
  /**
   * Argo CD's namespace.
   * @default "argocd"
   */
  readonly namespace?: string | undefined;
  /**
   * Secret name.
   * @default "gitops-repository"
   */
  readonly secretName?: string | undefined;
  /**
   * A Terraform boolean (e.g. a non-sensitive variable's `booleanValue`); the Secret is created only when it is true
   * (`count = cond ? 1 : 0`). Must not derive from a sensitive value (Terraform refuses those in `count`).
   * @default - always created
   */
  readonly createWhen?: IResolvable | undefined;
}

/**
 * The GitOps repository's credentials as an Argo CD repository Secret (label
 * `argocd.argoproj.io/secret-type: repository`, fields `type`, `url` and `username`/`password` or
 * `sshPrivateKey`; Argo CD docs, declarative setup, "Repositories"), created by Terraform from sensitive variables.
 * The values never appear in the synthesized JSON, only variable references; they are in the Terraform state (the
 * provider marks `data` sensitive), like any `kubernetes_secret_v1`.
 *
 * @example
 * import { TerraformVariable } from 'cdktf';
 * import { RepositoryAuth, RepositoryCredentials } from 'talos-platform-cdk/gitops';
 *
 * const key = new TerraformVariable(stack, 'gitops_repo_ssh_private_key', { type: 'string', sensitive: true });
 * new RepositoryCredentials(stack, 'Repository', {
 *   repoUrl: 'git@github.com:example/gitops.git',
 *   auth: RepositoryAuth.sshPrivateKey(key.stringValue), // RepositoryAuth.https(user, token) for https URLs
 *   provider: providers.kubernetes, // ClusterProviders of the cluster Argo CD runs in
 * });
 */
export class RepositoryCredentials extends Construct {
  /** The Secret. */
  public readonly secret: SecretV1;

  public constructor(scope: Construct, id: string, props: RepositoryCredentialsProps) {
    super(scope, id);
    const ssh = /^(ssh:\/\/|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)/.test(props.repoUrl);
    if (ssh !== (props.auth.kind === 'ssh')) {
      throw new Error(
        `${this.node.path}: repository ${props.repoUrl} is ${ssh ? 'an ssh' : 'an https'} URL but the ` +
          `credentials are ${props.auth.kind}; expected ` +
          `${ssh ? 'RepositoryAuth.sshPrivateKey' : 'RepositoryAuth.https'}. Fix: use credentials that match the URL ` +
          'scheme.',
      );
    }
    this.secret = new SecretV1(this, 'Resource', {
      ...optionalProp('provider', props.provider),
      ...(props.createWhen === undefined ? {} : { count: Token.asNumber(Fn.conditional(props.createWhen, 1, 0)) }),
      metadata: {
        name: props.secretName ?? 'gitops-repository',
        namespace: props.namespace ?? DEFAULT_ARGOCD_NAMESPACE,
        labels: { [SECRET_TYPE_LABEL]: 'repository' },
      },
      data: { type: 'git', url: props.repoUrl, ...props.auth._fields() },
    });
  }
}
