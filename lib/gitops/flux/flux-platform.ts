import { Construct } from 'constructs';
import { ApiObject } from '../../core/api-object';
import { GitOpsChart } from '../../core/synth/gitops-chart';
import { SOPS_DECRYPTION_CONTEXT } from '../../secrets/sops-secret';
import type { Addon } from '../addons/addon';
import { SopsSecretsAddon } from '../addons/sops-secrets';
import { waveFilePrefix } from '../app-of-apps';
import type { FolderDeliveryOptions, IPlatformDelivery } from '../delivery';
import { PlatformDeliveryBase } from '../platform-delivery-base';
import type { PlatformDeliveryProps } from '../platform-delivery-base';
import { checkWaveRules } from '../wave-rules';
import { FLUX_NAMESPACE, FLUX_PRUNE_ANNOTATION } from './constants';
import { fluxDependsOn } from './depends-on';
import type { FluxOrderNode } from './depends-on';
import { FluxHelmRelease } from './flux-helm-release';
import { FluxKustomization } from './flux-kustomization';

/** Namespaces that exist before Flux does; the tree never declares them. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'default', FLUX_NAMESPACE]);

/** Props of {@link FluxPlatform}. */
export type FluxPlatformProps = PlatformDeliveryProps;

/**
 * The management cluster's GitOps tree for Flux, from the same addons and folders as {@link AppOfApps}:
 *
 * - `<apps>/<wave>-<name>.yaml`: one `Kustomization` per addon and folder (the root Kustomization of stage 50 applies
 *   the folder), with `wait: true` and a `dependsOn` that encodes the Argo CD waves ({@link fluxDependsOn});
 * - `<apps>/namespaces.yaml`: the addons' namespaces with their labels (Argo CD's `CreateNamespace` and
 *   `managedNamespaceMetadata`), never pruned;
 * - `<platform>/<addon>/release.yaml` for a chart addon: its `HelmRepository` and `HelmRelease` ({@link FluxHelmRelease});
 * - `<platform>/<addon>/` for a manifests addon: the addon's own files, SOPS files listed as plain resources and
 *   decrypted by kustomize-controller (`spec.decryption` with `flux-system/sops-age`).
 *
 * The same wave rules as Argo CD run at synth (`node.addValidation`): the CNI first, needs in earlier waves, no cycle.
 *
 * @example
 * import { App } from 'cdk8s';
 * import { CertManagerAddon, CiliumAddon, FluxPlatform } from 'talos-platform-cdk/gitops';
 *
 * const flux = new FluxPlatform(new App(), 'Platform', { repoUrl: 'https://github.com/example/gitops.git', targetRevision: 'main' });
 * flux.addAddon(new CiliumAddon()); // dist/platform/apps/00-cilium.yaml + dist/platform/cilium/release.yaml
 * flux.addAddon(new CertManagerAddon()); // dependsOn: cilium
 */
export class FluxPlatform extends PlatformDeliveryBase implements IPlatformDelivery {
  /** The engine: Flux. */
  public readonly engine = 'flux' as const;

  private readonly nodes: FluxOrderNode[] = [];
  private readonly kustomizations = new Map<string, FluxKustomization>();
  private readonly namespaceChart: GitOpsChart;
  private readonly namespaces = new Map<string, ApiObject>();

  public constructor(scope: Construct, id: string, props: FluxPlatformProps) {
    super(scope, id, props);
    this.node.addValidation({ validate: () => checkWaveRules(this.nodes) });
    this.namespaceChart = new GitOpsChart(this, 'namespaces', {
      outputPath: `${this.layout.appsFolder}/namespaces.yaml`,
    });
  }

  /** The Kustomization of a unit, by name. */
  public kustomization(name: string): FluxKustomization | undefined {
    return this.kustomizations.get(name);
  }

  /**
   * Adds an addon: a chart addon becomes a HelmRelease in `<platform>/<name>/` and a Kustomization of that folder; a
   * manifests addon renders its files there; an external addon only takes its place in the order.
   */
  public addAddon(addon: Addon): void {
    this.addonList.push(addon);
    if (addon.isExternal) {
      this.nodes.push({ ...orderOf(addon), namespace: FLUX_NAMESPACE, rendered: false });
      return;
    }
    const folder = this.layout.addonFolder(addon.name);
    if (addon.chart) {
      const chart = new GitOpsChart(this, `${addon.name}-release`, { outputPath: `${folder}/release.yaml` });
      new FluxHelmRelease(chart, 'HelmRelease', {
        name: addon.name,
        namespace: FLUX_NAMESPACE,
        chart: addon.chart,
        targetNamespace: addon.namespace,
        releaseName: addon.chart.releaseName ?? addon.name,
      });
    } else {
      const scope = new Construct(this, `${addon.name}-manifests`);
      // kustomize-controller decrypts SOPS files itself; KSOPS generators are Argo CD's.
      scope.node.setContext(SOPS_DECRYPTION_CONTEXT, 'engine');
      addon.renderManifests(scope, folder);
    }
    this.addUnit({
      name: addon.name,
      syncWave: addon.syncWave,
      needs: addon.needs,
      isCni: addon.isCni,
      folder,
      namespace: addon.namespace,
      namespaceLabels: addon.namespaceLabels,
      createNamespace: true,
      cascadeDelete: addon.cascadeDelete,
      decryptSops: addon instanceof SopsSecretsAddon,
      wait: true,
    });
  }

  /** Adds a Kustomization of a folder of the tree that is not an addon. */
  public addFolder(options: FolderDeliveryOptions): void {
    if (options.workloadCluster !== undefined) {
      throw new Error(
        `${this.node.path}: folder "${options.name}" targets workload cluster "${options.workloadCluster}"; the Flux ` +
          'platform applies folders to the management cluster only (workload clusters get their addons from ' +
          'FluxFleet). Fix: leave workloadCluster unset, or use engine argocd.',
      );
    }
    this.addUnit({
      name: options.name,
      syncWave: options.syncWave,
      needs: options.needs ?? [],
      isCni: false,
      folder: options.folder,
      namespace: options.namespace,
      namespaceLabels: {},
      createNamespace: options.createNamespace ?? true,
      cascadeDelete: options.cascadeDelete ?? true,
      decryptSops: false,
      wait: options.waitForReady ?? true,
    });
  }

  private addUnit(unit: UnitOptions): void {
    if (this.kustomizations.has(unit.name)) {
      throw new Error(
        `${this.node.path}: unit "${unit.name}" is added twice; expected one Kustomization per name. ` +
          'Fix: give the second one another name, or add it once.',
      );
    }
    const node: FluxOrderNode = {
      name: unit.name,
      syncWave: unit.syncWave,
      needs: [...unit.needs],
      isCni: unit.isCni,
      namespace: FLUX_NAMESPACE,
      rendered: true,
    };
    this.nodes.push(node);
    if (unit.createNamespace && !SYSTEM_NAMESPACES.has(unit.namespace)) this.addNamespace(unit);
    const chart = new GitOpsChart(this, unit.name, {
      outputPath: `${this.layout.appsFolder}/${waveFilePrefix(unit.syncWave)}-${unit.name}.yaml`,
    });
    const kustomization = new FluxKustomization(chart, 'Kustomization', {
      name: unit.name,
      path: this.repoPath(unit.folder),
      dependsOn: () => fluxDependsOn(this.nodes, node),
      prune: unit.cascadeDelete,
      wait: unit.wait,
      decryptSops: unit.decryptSops,
    });
    this.kustomizations.set(unit.name, kustomization);
  }

  /** The namespace of a unit, once per name; labels of every unit in it are merged. */
  private addNamespace(unit: UnitOptions): void {
    let ns = this.namespaces.get(unit.namespace);
    if (!ns) {
      ns = new ApiObject(this.namespaceChart, unit.namespace, {
        apiVersion: 'v1',
        kind: 'Namespace',
        // Like Argo CD's CreateNamespace: removing the addon never deletes the namespace (and its data).
        metadata: { name: unit.namespace, annotations: { [FLUX_PRUNE_ANNOTATION]: 'disabled' } },
      });
      this.namespaces.set(unit.namespace, ns);
    }
    for (const [key, value] of Object.entries(unit.namespaceLabels)) ns.metadata.addLabel(key, value);
  }
}

interface UnitOptions {
  readonly name: string;
  readonly syncWave: number;
  readonly needs: readonly string[];
  readonly isCni: boolean;
  readonly folder: string;
  readonly namespace: string;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly createNamespace: boolean;
  readonly cascadeDelete: boolean;
  readonly decryptSops: boolean;
  readonly wait: boolean;
}

function orderOf(addon: Addon) {
  return { name: addon.name, syncWave: addon.syncWave, needs: [...addon.needs], isCni: addon.isCni };
}
