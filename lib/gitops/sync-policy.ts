import type { ApplicationSpecSyncPolicy } from '../../imports/k8s/argoproj.io';
import { definedProps } from '../core/defined-props';

/** Options of {@link SyncPolicy.automated}. */
export interface AutomatedSyncOptions {
  /**
   * Delete resources that are no longer in Git.
   * @default true
   */
  readonly prune?: boolean | undefined;
  /**
   * Revert changes made in the cluster outside Git.
   * @default true
   */
  readonly selfHeal?: boolean | undefined;
}

/** How Argo CD retries a failed sync (`syncPolicy.retry`). */
export interface SyncRetryOptions {
  /**
   * Maximum number of retries.
   * @default 5
   */
  readonly limit?: number | undefined;
  /**
   * Wait before the first retry, in seconds.
   * @default 10
   */
  readonly backoffSeconds?: number | undefined;
  /**
   * Multiplier of the wait after each retry.
   * @default 2
   */
  readonly backoffFactor?: number | undefined;
  /**
   * Longest wait between two retries, in seconds.
   * @default 180
   */
  readonly maxBackoffSeconds?: number | undefined;
}

/** Every retry setting, set. */
export type SyncRetrySettings = { readonly [K in keyof SyncRetryOptions]-?: number };

/**
 * Retries when nothing else is said: 5 tries, 10 s doubling to at most 3 min (about 5 minutes in all). Long enough to
 * ride out a CRD or webhook that an earlier wave is still starting (cert-manager's webhook, the CRDs the Cilium
 * operator registers at startup); short enough that a real error surfaces.
 */
export const DEFAULT_SYNC_RETRY: SyncRetrySettings = {
  limit: 5,
  backoffSeconds: 10,
  backoffFactor: 2,
  maxBackoffSeconds: 180,
};

/**
 * When Argo CD syncs an Application: automatically on every change in Git (the platform default), or only when a user
 * asks (`argocd app sync`).
 *
 * @example
 * import { AppOfApps, SyncPolicy } from 'talos-platform-cdk/gitops';
 *
 * // Automated without pruning, retried up to 10 times with at most 5 minutes between tries:
 * const cautious = SyncPolicy.automated({ prune: false }, { limit: 10, maxBackoffSeconds: 300 });
 * new AppOfApps(app, 'Platform', { repoUrl, targetRevision: 'main', syncPolicy: cautious });
 * // Only when a user runs `argocd app sync` (retries still apply):
 * const manual = SyncPolicy.manual();
 */
export class SyncPolicy {
  /**
   * Sync on every change in Git. Pruning and self-heal are on unless turned off; failed syncs are retried with
   * {@link DEFAULT_SYNC_RETRY}.
   */
  public static automated(options: AutomatedSyncOptions = {}, retry: SyncRetryOptions = {}): SyncPolicy {
    return new SyncPolicy(true, options.prune ?? true, options.selfHeal ?? true, {
      ...DEFAULT_SYNC_RETRY,
      ...definedProps(retry),
    });
  }

  /** Sync only on request. Retries still apply to a sync a user starts. */
  public static manual(retry: SyncRetryOptions = {}): SyncPolicy {
    return new SyncPolicy(false, false, false, { ...DEFAULT_SYNC_RETRY, ...definedProps(retry) });
  }

  private constructor(
    /** True when Argo CD syncs by itself. */
    public readonly isAutomated: boolean,
    /** Automated sync deletes what left Git. */
    public readonly prune: boolean,
    /** Automated sync reverts drift. */
    public readonly selfHeal: boolean,
    private readonly retry: SyncRetrySettings,
  ) {
    for (const [key, value] of Object.entries(retry)) {
      if (!Number.isInteger(value) || value < (key === 'limit' ? 0 : 1)) {
        throw new Error(
          `SyncPolicy retry ${key} is ${value}; expected a whole number of at least ${key === 'limit' ? 0 : 1}`,
        );
      }
    }
  }

  /** The retry settings (a copy). */
  public get retryOptions(): SyncRetrySettings {
    return { ...this.retry };
  }

  /** @internal The `spec.syncPolicy` object of an Application. */
  public _render(
    syncOptions: readonly string[],
    namespaceLabels: Readonly<Record<string, string>>,
  ): ApplicationSpecSyncPolicy {
    const hasLabels = Object.keys(namespaceLabels).length > 0;
    return definedProps({
      automated: this.isAutomated ? { prune: this.prune, selfHeal: this.selfHeal } : undefined,
      syncOptions: syncOptions.length > 0 ? [...syncOptions] : undefined,
      managedNamespaceMetadata: hasLabels ? { labels: { ...namespaceLabels } } : undefined,
      retry: {
        limit: this.retry.limit,
        backoff: {
          duration: `${this.retry.backoffSeconds}s`,
          factor: this.retry.backoffFactor,
          maxDuration: `${this.retry.maxBackoffSeconds}s`,
        },
      },
    });
  }
}
