import { Addon } from './addon';

/** Props of {@link ExternalAddon}. */
export interface ExternalAddonProps {
  /** Addon name other addons use in `needs`, e.g. `cert-manager`. */
  readonly name: string;
  /** The wave it counts as (it is ready before that wave of the app-of-apps syncs). */
  readonly syncWave: number;
  /** Who installs it, for messages and docs, e.g. `Terraform stage 20-capi-operator`. */
  readonly installedBy: string;
  /**
   * Namespace it runs in (documentation only).
   * @default - the addon name
   */
  readonly namespace?: string | undefined;
}

/**
 * An addon something else installs (a Terraform stage, Talos at bootstrap), registered so that addons which need it
 * pass the ordering rules. No Application is emitted, so Argo CD never fights the other owner over its objects.
 * On the management cluster cert-manager is one: stage 20 installs it for the Cluster API operator.
 *
 * @example
 * import { ApplicationSource, ExternalAddon } from 'talos-platform-cdk/gitops';
 *
 * // cert-manager comes from Terraform stage 20; apps that need it still pass the wave rules.
 * apps.addAddon(new ExternalAddon({ name: 'cert-manager', syncWave: 1, installedBy: 'Terraform stage 20' }));
 * apps.addApplication({
 *   name: 'issuers', syncWave: 2, namespace: 'cert-manager', needs: ['cert-manager'],
 *   source: ApplicationSource.git({
 *     repoUrl: apps.repoUrl, path: apps.repoPath('platform/issuers'), targetRevision: apps.targetRevision,
 *   }),
 * });
 */
export class ExternalAddon extends Addon {
  /** Who installs it. */
  public readonly installedBy: string;

  public constructor(props: ExternalAddonProps) {
    super({ name: props.name, syncWave: props.syncWave, namespace: props.namespace ?? props.name });
    this.installedBy = props.installedBy;
  }

  public override get isExternal(): boolean {
    return true;
  }
}
