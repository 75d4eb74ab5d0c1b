import { Construct } from 'constructs';
import type { IConstruct } from 'constructs';
import type { ApiObject } from 'cdk8s';
import type { CoreProviderSpec } from '../../../imports/k8s/operator.cluster.x-k8s.io';
import { definedProps } from '../../core/defined-props';
import type { ProviderProps } from './provider-props';
import { PROVIDER_VERSION_PATTERN } from './provider-props';
import { ProviderSource } from './provider-source';

/** The operator provider kinds this library models. */
export type ProviderKind =
  | 'CoreProvider'
  | 'BootstrapProvider'
  | 'ControlPlaneProvider'
  | 'InfrastructureProvider'
  | 'IPAMProvider'
  | 'AddonProvider';

/** What whole-tree checks read from any provider construct. */
export interface ICapiProvider extends IConstruct {
  /** Operator kind, e.g. `InfrastructureProvider`. */
  readonly providerKind: ProviderKind;
  /** Provider name (the CR's `metadata.name`), e.g. `proxmox`. */
  readonly providerName: string;
  /** Namespace the provider runs in. */
  readonly namespace: string;
  /** Version with the leading `v`. */
  readonly version: string;
}

const PROVIDER_SYMBOL = Symbol.for('talos-platform-cdk.CapiProvider');

/** Returns true if `x` is one of the provider constructs (works across copies of this package). */
export function isCapiProvider(x: unknown): x is ICapiProvider {
  return typeof x === 'object' && x !== null && PROVIDER_SYMBOL in x;
}

/** Every provider construct in the tree `scope` belongs to, in construct order. */
export function findProviders(scope: IConstruct): ICapiProvider[] {
  return scope.node.root.node.findAll().filter(isCapiProvider);
}

/**
 * The spec every provider kind shares (`operator.cluster.x-k8s.io/v1alpha2` ProviderSpec), as the generated type
 * of one kind has it (every kind's spec has the same fields).
 */
export type CommonProviderSpec = Pick<CoreProviderSpec, 'version' | 'configSecret' | 'fetchConfig' | 'manager'>;

/**
 * Shared logic of the provider constructs: version check, conventional namespace, the common spec and the
 * "exactly one CoreProvider" rule. Subclasses create the generated L1 (id `Resource`) from {@link providerSpec}.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { CapiProviders, findProviders } from 'talos-platform-cdk/capi';
 *
 * const chart = new Chart(new App(), 'capi-providers');
 * const providers = new CapiProviders(chart, 'Providers', { proxmoxCredentials: { name: 'capmox-credentials' } });
 * for (const p of findProviders(chart)) console.log(p.providerKind, p.providerName, p.version, p.namespace);
 * // Escape hatch: each provider's generated object is `resource` (construct id "Resource").
 * providers.infrastructure.resource.metadata.addLabel('team', 'platform');
 */
export abstract class CapiProviderBase extends Construct implements ICapiProvider {
  public readonly providerKind: ProviderKind;
  public readonly providerName: string;
  public readonly namespace: string;
  public readonly version: string;
  /** The generated L1 object. */
  public abstract readonly resource: ApiObject;

  protected constructor(
    scope: Construct,
    id: string,
    kind: ProviderKind,
    name: string,
    defaultNamespace: string | undefined,
    props: ProviderProps,
  ) {
    super(scope, id);
    Object.defineProperty(this, PROVIDER_SYMBOL, { value: true });
    this.providerKind = kind;
    this.providerName = name;
    if (!PROVIDER_VERSION_PATTERN.test(props.version)) {
      throw new Error(
        `${this.node.path}: ${kind} "${name}" version "${props.version}" is not a release tag. Expected ` +
          '"v<major>.<minor>.<patch>" with the leading "v", e.g. "v1.12.11".',
      );
    }
    this.version = props.version;
    const namespace = props.namespace ?? defaultNamespace;
    if (namespace === undefined) {
      throw new Error(
        `${this.node.path}: ${kind} "${name}" has no conventional namespace. Expected a namespace prop, e.g. ` +
          `"${name}-system".`,
      );
    }
    this.namespace = namespace;
    this.node.addValidation({ validate: () => this.validateCoreProviderCount() });
  }

  /** The common `spec` from the props. */
  protected providerSpec(props: ProviderProps): CommonProviderSpec {
    const fetchConfig = (props.source ?? ProviderSource.builtIn()).toFetchConfig();
    return {
      version: props.version,
      ...(props.configSecret !== undefined ? { configSecret: definedProps(props.configSecret) } : {}),
      ...(fetchConfig !== undefined ? { fetchConfig: definedProps(fetchConfig) } : {}),
      ...(props.featureGates !== undefined ? { manager: { featureGates: sortedGates(props.featureGates) } } : {}),
    };
  }

  private validateCoreProviderCount(): string[] {
    const cores = findProviders(this).filter((p) => p.providerKind === 'CoreProvider');
    if (this.providerKind === 'CoreProvider') {
      // Reported once, by the first CoreProvider.
      if (cores.length > 1 && cores[0] === this) {
        return [
          `found ${cores.length} CoreProviders (${cores.map((c) => c.node.path).join(', ')}); a management cluster ` +
            'runs exactly one Cluster API core. Expected: one CoreProvider. Fix: remove the extra ones.',
        ];
      }
      return [];
    }
    if (cores.length === 0) {
      return [
        `${this.providerKind} "${this.providerName}" has no CoreProvider in the same app; the operator installs ` +
          'no provider before the core. Expected: exactly one CoreProvider. Fix: add a CoreProvider (or use CapiProviders).',
      ];
    }
    return [];
  }
}

function sortedGates(gates: Readonly<Record<string, boolean>>): Record<string, boolean> {
  return Object.fromEntries(Object.entries(gates).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
