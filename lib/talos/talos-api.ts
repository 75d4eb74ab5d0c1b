import { Construct } from 'constructs';
import { TalosProvider } from '../../imports/providers/talos/provider';
import { optionalProp } from '../core/defined-props';

/** Image Factory the siderolabs/talos provider talks to unless told otherwise. */
export const DEFAULT_IMAGE_FACTORY_URL = 'https://factory.talos.dev';

/** Props of {@link TalosApi}. */
export interface TalosApiProps {
  /**
   * Image Factory URL, for a self-hosted factory (air-gapped sites).
   * @default - the provider's default, `https://factory.talos.dev`
   */
  readonly imageFactoryUrl?: string | undefined;
}

/**
 * The siderolabs/talos provider for a stack (version pinned by the generated binding). Add one per stack that uses
 * `TalosImage` or `TalosManagementCluster`; the provider needs no credentials (it reads them from the
 * `talos_machine_secrets` resource of the cluster it manages).
 *
 * @example
 * import { TalosApi } from 'talos-platform-cdk/talos';
 * new TalosApi(stack, 'Talos');
 */
export class TalosApi extends Construct {
  /** The provider (main resource). */
  public readonly provider: TalosProvider;

  public constructor(scope: Construct, id: string, props: TalosApiProps = {}) {
    super(scope, id);
    if (props.imageFactoryUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(props.imageFactoryUrl)) {
      throw new Error(
        `${this.node.path}: imageFactoryUrl "${props.imageFactoryUrl}" is not a URL (expected e.g. ` +
          `${DEFAULT_IMAGE_FACTORY_URL})`,
      );
    }
    this.provider = new TalosProvider(this, 'Resource', optionalProp('imageFactoryUrl', props.imageFactoryUrl));
  }
}
