import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { naming, throwProblems } from '../core/rules/problem';
import { proxmoxEndpointProblems } from '../core/rules/proxmox-endpoint';
import { ProxmoxProvider } from '../../imports/providers/proxmox/provider';

/** Props of {@link ProxmoxApi}. */
export interface ProxmoxApiProps {
  /** Proxmox VE API URL without `/api2/json`, e.g. `https://pve.example.internal:8006`. */
  readonly endpoint: string;
  /**
   * Skip TLS verification (self-signed certificates).
   * @default false
   */
  readonly insecure?: boolean | undefined;
  /**
   * Name of the sensitive Terraform variable that carries the API token (`TF_VAR_<name>`).
   * @default "proxmox_api_token"
   */
  readonly apiTokenVariableName?: string | undefined;
  /**
   * SSH user for the operations the bpg provider performs over SSH (only `ImageTransfer.isoZstd()` needs it). The
   * key comes from the running ssh-agent (`SSH_AUTH_SOCK`), never from the configuration.
   * @default - no SSH configuration
   */
  readonly sshUsername?: string | undefined;
}

/** Default variable name: `TF_VAR_proxmox_api_token`. */
export const DEFAULT_API_TOKEN_VARIABLE = 'proxmox_api_token';

/**
 * Proxmox API token format `user@realm!tokenid=uuid`, e.g. `terraform@pve!platform=0c4b...`. Checked by a variable
 * validation so a token pasted in the wrong shape fails before any API call.
 */
export const API_TOKEN_PATTERN = '^[^@!=\\s]+@[^@!=\\s]+![^@!=\\s]+=[0-9a-fA-F-]{36}$';

/**
 * The bpg/proxmox provider for a stack, with the API token taken from a sensitive variable. Nothing secret is written
 * to the synthesized JSON: set `TF_VAR_proxmox_api_token` when running `tofu plan` / `apply`.
 *
 * @example
 * import { ProxmoxApi } from 'talos-platform-cdk/proxmox';
 *
 * // Set TF_VAR_proxmox_api_token (user@realm!tokenid=uuid) when running tofu plan / apply.
 * new ProxmoxApi(stack, 'Proxmox', {
 *   endpoint: 'https://pve.example.internal:8006',
 *   insecure: true, // self-signed certificate
 * });
 */
export class ProxmoxApi extends Construct {
  /** The provider (main resource). */
  public readonly provider: ProxmoxProvider;
  /** The sensitive token variable. */
  public readonly apiToken: TerraformVariable;

  public constructor(scope: Construct, id: string, props: ProxmoxApiProps) {
    super(scope, id);
    throwProblems(this.node.path, naming('endpoint', proxmoxEndpointProblems(props.endpoint)));
    const variableName = props.apiTokenVariableName ?? DEFAULT_API_TOKEN_VARIABLE;
    this.apiToken = new TerraformVariable(this, 'ApiToken', {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: `Proxmox VE API token, user@realm!tokenid=uuid (set TF_VAR_${variableName}).`,
      validation: [
        {
          condition: `\${can(regex("${API_TOKEN_PATTERN.replace(/\\/g, '\\\\')}", var.${variableName}))}`,
          errorMessage: `The Proxmox API token must look like user@realm!tokenid=uuid (TF_VAR_${variableName}).`,
        },
      ],
    });
    this.apiToken.overrideLogicalId(variableName);

    this.provider = new ProxmoxProvider(this, 'Resource', {
      endpoint: props.endpoint.replace(/\/$/, ''),
      insecure: props.insecure ?? false,
      apiToken: this.apiToken.stringValue,
      ...(props.sshUsername !== undefined ? { ssh: { agent: true, username: props.sshUsername } } : {}),
    });
  }
}
