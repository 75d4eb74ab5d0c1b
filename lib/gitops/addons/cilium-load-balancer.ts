import type { Construct } from 'constructs';
import { CiliumL2AnnouncementPolicy, CiliumLoadBalancerIpPool } from '../../../imports/k8s/cilium.io';
import { parseIpv4 } from '../../core/net/ipv4';
import { GitOpsChart } from '../../core/synth/gitops-chart';
import { definedProps } from '../../core/defined-props';
import { Addon } from './addon';

/** Props of {@link CiliumLoadBalancerAddon}. */
export interface CiliumLoadBalancerAddonProps {
  /** First address of the LoadBalancer pool. */
  readonly start: string;
  /** Last address of the pool (inclusive). Must be on the nodes' L2 segment and outside any DHCP range. */
  readonly stop: string;
  /**
   * Name of the pool and of the announcement policy.
   * @default "default"
   */
  readonly poolName?: string | undefined;
  /**
   * Node interfaces to announce on, as regular expressions (e.g. `^eth[0-9]+`).
   * @default - every interface
   */
  readonly interfaces?: readonly string[] | undefined;
  /**
   * Sync wave; must come after Cilium's.
   * @default 1
   */
  readonly syncWave?: number | undefined;
}

/**
 * LoadBalancer addresses announced over ARP by Cilium: a `CiliumLoadBalancerIPPool` (`cilium.io/v2`, `blocks` of
 * `start`/`stop`) and a `CiliumL2AnnouncementPolicy` (`cilium.io/v2alpha1`) for LoadBalancer and external IPs.
 * A manifests addon (`platform/cilium-lb/`) after Cilium: the Cilium operator registers these CRDs when it starts,
 * so they exist only once the Cilium app is Healthy (`SkipDryRunOnMissingResource=true` covers a first sync that
 * races the operator). Needs `CiliumAddon` with `l2Announcements: true`.
 *
 * @example
 * import { CiliumAddon, CiliumLoadBalancerAddon } from 'talos-platform-cdk/gitops';
 *
 * apps.addAddon(new CiliumAddon({ l2Announcements: true }));
 * apps.addAddon(new CiliumLoadBalancerAddon({ start: '10.20.0.200', stop: '10.20.0.220', interfaces: ['^eth[0-9]+'] }));
 * // Writes platform/cilium-lb/ip-pool.yaml and l2-announcement-policy.yaml (wave 1).
 */
export class CiliumLoadBalancerAddon extends Addon {
  /** First pool address. */
  public readonly start: string;
  /** Last pool address. */
  public readonly stop: string;
  private readonly poolName: string;
  private readonly interfaces: readonly string[] | undefined;

  public constructor(props: CiliumLoadBalancerAddonProps) {
    super({
      name: 'cilium-lb',
      syncWave: props.syncWave ?? 1,
      namespace: 'kube-system',
      needs: ['cilium'],
      syncOptions: ['SkipDryRunOnMissingResource=true'],
    });
    const start = parseIpv4(props.start);
    const stop = parseIpv4(props.stop);
    if (start === undefined || stop === undefined || start > stop) {
      throw new Error(
        `cilium-lb: pool ${props.start}-${props.stop} is not a valid IPv4 range; expected start <= stop, ` +
          'e.g. 10.20.0.200-10.20.0.220',
      );
    }
    this.start = props.start;
    this.stop = props.stop;
    this.poolName = props.poolName ?? 'default';
    this.interfaces = props.interfaces;
  }

  public override renderManifests(scope: Construct, folder: string): void {
    const pool = new GitOpsChart(scope, 'Pool', { outputPath: `${folder}/ip-pool.yaml` });
    new CiliumLoadBalancerIpPool(pool, 'Resource', {
      metadata: { name: this.poolName },
      spec: { blocks: [{ start: this.start, stop: this.stop }] },
    });
    const policy = new GitOpsChart(scope, 'Policy', { outputPath: `${folder}/l2-announcement-policy.yaml` });
    new CiliumL2AnnouncementPolicy(policy, 'Resource', {
      metadata: { name: this.poolName },
      spec: definedProps({
        loadBalancerIPs: true,
        externalIPs: true,
        interfaces: this.interfaces === undefined ? undefined : [...this.interfaces],
      }),
    });
  }
}
