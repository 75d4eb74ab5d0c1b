import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Application as ApplicationResource } from '../../imports/k8s/argoproj.io';
import type { ApplicationSpec } from '../../imports/k8s/argoproj.io';
import { definedProps } from '../core/defined-props';
import {
  APP_LABEL,
  DEFAULT_ARGOCD_NAMESPACE,
  DNS1123_LABEL,
  RESOURCES_FINALIZER,
  SYNC_WAVE_ANNOTATION,
} from './constants';
import type { ApplicationDestination } from './destination';
import type { ApplicationSource } from './source';
import { SyncPolicy } from './sync-policy';

/** Sync option that creates the destination namespace when it is missing. */
export const CREATE_NAMESPACE_OPTION = 'CreateNamespace=true';
/**
 * Sync option that applies with server-side apply: needed for objects too big for the client-side
 * `last-applied-configuration` annotation (262144 bytes), such as the Prometheus operator CRDs.
 */
export const SERVER_SIDE_APPLY_OPTION = 'ServerSideApply=true';

/** Props of {@link Application}. */
export interface ApplicationProps {
  /** What to deploy. Its `targetRevision` must be set (a branch, tag, commit or chart version). */
  readonly source: ApplicationSource;
  /** Where to deploy. */
  readonly destination: ApplicationDestination;
  /**
   * Application name (`metadata.name`), a DNS-1123 label.
   * @default - the construct id
   */
  readonly name?: string | undefined;
  /**
   * Namespace Argo CD runs in; Applications live there.
   * @default "argocd"
   */
  readonly namespace?: string | undefined;
  /**
   * Argo CD project.
   * @default "default"
   */
  readonly project?: string | undefined;
  /**
   * When Argo CD syncs.
   * @default - SyncPolicy.automated({ prune: true, selfHeal: true })
   */
  readonly syncPolicy?: SyncPolicy | undefined;
  /**
   * Sync wave among the Applications of the parent app-of-apps (`argocd.argoproj.io/sync-wave`). Lower waves sync,
   * and (with the Application health check installed by {@link ArgoCdInstall}) become Healthy, first.
   * @default 0
   */
  readonly syncWave?: number | undefined;
  /**
   * Create the destination namespace if it is missing (`CreateNamespace=true`).
   * @default true
   */
  readonly createNamespace?: boolean | undefined;
  /**
   * Apply with server-side apply (`ServerSideApply=true`).
   * @default false
   */
  readonly serverSideApply?: boolean | undefined;
  /**
   * Further sync options, e.g. `SkipDryRunOnMissingResource=true`.
   * @default []
   */
  readonly syncOptions?: readonly string[] | undefined;
  /**
   * Labels Argo CD sets on the namespace it creates (`managedNamespaceMetadata`), e.g. Pod Security labels.
   * Needs `createNamespace`.
   * @default {}
   */
  readonly namespaceLabels?: Readonly<Record<string, string>> | undefined;
  /**
   * Delete the Application's resources when the Application is deleted (the `resources-finalizer.argocd.argoproj.io`
   * finalizer). Without it, deleting the Application orphans them.
   * @default true
   */
  readonly cascadeDelete?: boolean | undefined;
  /**
   * Extra labels on the Application.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /**
   * Extra annotations on the Application.
   * @default {}
   */
  readonly annotations?: Readonly<Record<string, string>> | undefined;
}

/**
 * An Argo CD Application (`argoproj.io/v1alpha1`): one source, one destination, a sync policy and a sync wave.
 *
 * Defaults follow what the platform needs from every app: automated sync with prune and self-heal, retries,
 * `CreateNamespace=true`, and the resources finalizer so that removing an app from Git removes what it deployed.
 * Whole-object rules (a `targetRevision`, a valid name and wave) are checked at synth with the app's name in the
 * message.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { Application, ApplicationDestination, ApplicationSource, SyncPolicy } from 'talos-platform-cdk/gitops';
 *
 * new Application(new Chart(new App(), 'apps'), 'podinfo', {
 *   source: ApplicationSource.git({
 *     repoUrl: 'https://github.com/example/gitops.git', path: 'apps/podinfo', targetRevision: 'main',
 *   }),
 *   destination: ApplicationDestination.inCluster('podinfo'),
 *   syncPolicy: SyncPolicy.manual(), // default: SyncPolicy.automated() with prune and self-heal
 *   syncWave: 3,
 *   namespaceLabels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
 * });
 */
export class Application extends Construct {
  /** The generated L1 object. */
  public readonly resource: ApplicationResource;
  /** Application name. */
  public readonly name: string;
  /** Namespace the Application object lives in (Argo CD's). */
  public readonly namespace: string;
  /** Argo CD project. */
  public readonly project: string;
  /** Sync wave. */
  public readonly syncWave: number;
  /** What it deploys. */
  public readonly source: ApplicationSource;
  /** Where it deploys. */
  public readonly destination: ApplicationDestination;
  /** When it syncs. */
  public readonly syncPolicy: SyncPolicy;

  private readonly syncOptions: string[];
  private readonly namespaceLabels: Record<string, string>;

  public constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, id);
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? DEFAULT_ARGOCD_NAMESPACE;
    this.project = props.project ?? 'default';
    this.syncWave = props.syncWave ?? 0;
    this.source = props.source;
    this.destination = props.destination;
    this.syncPolicy = props.syncPolicy ?? SyncPolicy.automated();
    this.namespaceLabels = { ...(props.namespaceLabels ?? {}) };
    const createNamespace = props.createNamespace ?? true;
    this.syncOptions = [];
    if (createNamespace) this.syncOptions.push(CREATE_NAMESPACE_OPTION);
    if (props.serverSideApply ?? false) this.syncOptions.push(SERVER_SIDE_APPLY_OPTION);
    for (const option of props.syncOptions ?? []) this.addSyncOption(option);

    this.resource = new ApplicationResource(this, 'Resource', {
      metadata: definedProps({
        name: this.name,
        namespace: this.namespace,
        labels: { [APP_LABEL]: this.name, ...(props.labels ?? {}) },
        annotations: { ...(props.annotations ?? {}), [SYNC_WAVE_ANNOTATION]: String(this.syncWave) },
        finalizers: (props.cascadeDelete ?? true) ? [RESOURCES_FINALIZER] : undefined,
      }),
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });

    this.node.addValidation({ validate: () => this.validateApp(createNamespace) });
  }

  /** Adds a sync option (`Key=value`); a repeated option is kept once. */
  public addSyncOption(option: string): void {
    if (!/^[A-Za-z]+=[A-Za-z0-9.,-]+$/.test(option)) {
      throw new Error(
        `${this.node.path}: sync option "${option}" of Application "${this.name}" is not of the form Key=value ` +
          '(e.g. "SkipDryRunOnMissingResource=true")',
      );
    }
    if (!this.syncOptions.includes(option)) this.syncOptions.push(option);
  }

  /** The sync options, in the order they were added. */
  public get allSyncOptions(): string[] {
    return [...this.syncOptions];
  }

  private renderSpec(): ApplicationSpec {
    return {
      project: this.project,
      source: this.source._render(),
      destination: definedProps({
        server: this.destination.server,
        name: this.destination.name,
        namespace: this.destination.namespace,
      }),
      syncPolicy: this.syncPolicy._render(this.syncOptions, this.namespaceLabels),
    };
  }

  private validateApp(createNamespace: boolean): string[] {
    const errors: string[] = [];
    const app = `Application "${this.name}"`;
    if (!DNS1123_LABEL.test(this.name)) {
      errors.push(
        `${app}: name "${this.name}" is not a DNS-1123 label; expected lower-case letters, digits and "-", at most ` +
          '63 characters. Fix: pass a valid name (or construct id).',
      );
    }
    if (this.source.targetRevision.trim() === '') {
      errors.push(
        `${app}: source.targetRevision is empty; expected a branch, tag or commit (Git) or a chart version (Helm). ` +
          'Fix: set targetRevision, e.g. "main" or the pinned chart version; Argo CD would otherwise follow HEAD.',
      );
    }
    if (this.source.repoUrl.trim() === '') {
      errors.push(`${app}: source.repoUrl is empty; expected a Git or Helm repository URL. Fix: set repoUrl.`);
    }
    if (!this.source.isHelmChart && (this.source.path ?? '').trim() === '') {
      errors.push(`${app}: source.path is empty; expected a folder in the repository. Fix: set path.`);
    }
    if (this.source.path?.startsWith('/')) {
      errors.push(
        `${app}: source.path "${this.source.path}" starts with "/"; expected a path relative to the repository root.`,
      );
    }
    if (!Number.isInteger(this.syncWave)) {
      errors.push(`${app}: syncWave ${this.syncWave} is not a whole number; expected an integer such as 0, 1 or -1.`);
    }
    if (this.destination.namespace.trim() === '') {
      errors.push(`${app}: destination.namespace is empty; expected the namespace to deploy into.`);
    }
    if (!createNamespace && Object.keys(this.namespaceLabels).length > 0) {
      errors.push(
        `${app}: namespaceLabels are set but createNamespace is false; Argo CD only labels namespaces it creates. ` +
          'Fix: set createNamespace: true or drop namespaceLabels.',
      );
    }
    return errors;
  }
}
