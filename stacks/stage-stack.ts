import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { StateBackend } from '../lib/core/state-backend';

/** Props every stage stack takes. */
export interface StageStackProps {
  /**
   * Where the stage keeps its state. Use the same kind of backend for every stage: later stages read earlier ones
   * through `terraform_remote_state` built from it.
   * @default StateBackend.local() - `terraform.<stack>.tfstate` in the project root
   */
  readonly backend?: StateBackend | undefined;
}

/**
 * A Terraform state boundary of the reference platform (`cdktf.out/stacks/<id>`). Stages pass construct attributes to
 * later stages; CDKTF turns each one into an output of this stack (marked sensitive, see `docs/stages-00-10.md`) and
 * a `terraform_remote_state` read in the consumer.
 *
 * @example
 * import { App } from 'cdktf';
 * import type { Construct } from 'constructs';
 * import { StateBackend } from 'talos-platform-cdk/core';
 * import { StageStack } from 'talos-platform-cdk/stacks/stage-stack';
 *
 * class DnsStack extends StageStack {
 *   public constructor(scope: Construct, id: string) {
 *     super(scope, id, { backend: StateBackend.s3({ bucket: 'tf-state', region: 'eu-west-1' }) });
 *     this.addOutput('zone', 'example.internal', { description: 'DNS zone of the platform.' });
 *   }
 * }
 * new DnsStack(new App(), '60-dns'); // cdktf.out/stacks/60-dns, state key 60-dns.tfstate
 */
export class StageStack extends TerraformStack {
  /** The state backend of this stage. */
  public readonly backend: StateBackend;

  public constructor(scope: Construct, id: string, props: StageStackProps = {}) {
    super(scope, id);
    this.backend = props.backend ?? StateBackend.local();
    this.backend.bind(this);
  }

  /**
   * Adds an output users read with `tofu output` (`name` is the output name, snake_case by convention).
   * Set `sensitive` for anything secret: `tofu output -raw <name>` still prints it.
   */
  protected addOutput(
    name: string,
    value: unknown,
    options: { description: string; sensitive?: boolean },
  ): TerraformOutput {
    const output = new TerraformOutput(this, name, {
      value,
      description: options.description,
      sensitive: options.sensitive ?? false,
    });
    output.overrideLogicalId(name);
    return output;
  }
}
