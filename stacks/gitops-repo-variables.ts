/**
 * The Terraform variables stage 50 reads the GitOps repository's credentials from, the same for both engines (Argo
 * CD's repository Secret and Flux's GitRepository Secret): values come from `TF_VAR_*` at plan time, never the spec.
 */
import { TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';

/** `ssh://…` or scp-like `git@host:path`: the repository is read with an SSH key. */
export function isSshRepoUrl(repoUrl: string): boolean {
  return /^(ssh:\/\/|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)/.test(repoUrl);
}

/** The SSH private key the engine (`Argo CD`, `Flux`) reads `repoUrl` with. */
export function sshPrivateKeyVariable(scope: Construct, engine: string, repoUrl: string): TerraformVariable {
  return new TerraformVariable(scope, 'gitops_repo_ssh_private_key', {
    type: 'string',
    sensitive: true,
    description: `SSH private key ${engine} reads ${repoUrl} with (TF_VAR_gitops_repo_ssh_private_key)`,
  });
}

/** Whether an https repository needs credentials, and which. */
export interface HttpsRepoVariables {
  readonly isPrivate: TerraformVariable;
  readonly username: TerraformVariable;
  readonly password: TerraformVariable;
}

/** `gitops_repo_private`, `gitops_repo_username` and `gitops_repo_password` for an https `repoUrl`. */
export function httpsRepoVariables(scope: Construct, repoUrl: string): HttpsRepoVariables {
  const isPrivate = new TerraformVariable(scope, 'gitops_repo_private', {
    type: 'bool',
    default: false,
    description: `Set to true when ${repoUrl} needs credentials (TF_VAR_gitops_repo_private)`,
  });
  const username = new TerraformVariable(scope, 'gitops_repo_username', {
    type: 'string',
    sensitive: true,
    default: '',
    description: 'User name for the GitOps repository, when gitops_repo_private (TF_VAR_gitops_repo_username)',
  });
  const password = new TerraformVariable(scope, 'gitops_repo_password', {
    type: 'string',
    sensitive: true,
    default: '',
    description: 'Password or access token for the GitOps repository (TF_VAR_gitops_repo_password)',
  });
  return { isPrivate, username, password };
}
