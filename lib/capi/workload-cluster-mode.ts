import type { TemplateReference } from './workload/cluster-class';

/**
 * How a workload cluster is written: fully expanded (the default, works with the Talos providers), or as a
 * ClusterClass plus a `Cluster` with `topology`. A ClusterClass needs a control-plane *template* kind; CACPPT (the
 * Talos control-plane provider) ships none (no `TalosControlPlaneTemplate`), so the ClusterClass mode is only for
 * a control-plane provider that has one, referenced explicitly.
 */
export class WorkloadClusterMode {
  /** Every object written out: Cluster, ProxmoxCluster, TalosControlPlane, templates, MachineDeployment, health checks. */
  public static expanded(): WorkloadClusterMode {
    return new WorkloadClusterMode(false, undefined);
  }

  /**
   * A ClusterClass and a topology `Cluster`.
   * @param controlPlaneTemplate the control-plane template the class uses (it must exist in the cluster's namespace);
   *   without it synth reports a validation error, because the Talos control-plane provider has no template kind.
   */
  public static clusterClass(controlPlaneTemplate?: TemplateReference): WorkloadClusterMode {
    return new WorkloadClusterMode(true, controlPlaneTemplate ? { ...controlPlaneTemplate } : undefined);
  }

  private constructor(
    /** Whether this is the ClusterClass mode. */
    public readonly isClusterClass: boolean,
    private readonly template: TemplateReference | undefined,
  ) {}

  /** The control-plane template reference (a copy), if one was given. */
  public get controlPlaneTemplate(): TemplateReference | undefined {
    return this.template ? { ...this.template } : undefined;
  }
}
