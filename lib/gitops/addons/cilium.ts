import { CHART_VERSIONS } from '../../core/versions';
import { mergeValues } from '../merge-values';
import { KUBEPRISM_DEFAULT_PORT } from '../../talos/patches/kubeprism';
import { Addon } from './addon';

/** Cilium's Helm repository. */
export const CILIUM_HELM_REPOSITORY = 'https://helm.cilium.io';

/**
 * Capabilities of the Cilium agent on Talos: Cilium's default set without `SYS_MODULE`, because Talos does not let
 * workloads load kernel modules (Talos "Deploying Cilium CNI" guide; Cilium docs, "Installation on Talos Linux").
 */
export const TALOS_CILIUM_AGENT_CAPABILITIES = [
  'CHOWN',
  'KILL',
  'NET_ADMIN',
  'NET_RAW',
  'IPC_LOCK',
  'SYS_ADMIN',
  'SYS_RESOURCE',
  'DAC_OVERRIDE',
  'FOWNER',
  'SETGID',
  'SETUID',
] as const;

/** Capabilities of the `clean-cilium-state` init container on Talos. */
export const TALOS_CILIUM_CLEAN_STATE_CAPABILITIES = ['NET_ADMIN', 'SYS_ADMIN', 'SYS_RESOURCE'] as const;

/** KubePrism: the API server load balancer every Talos node runs on `localhost:7445` (on by default since 1.6). */
export const KUBEPRISM_HOST = 'localhost';
/** KubePrism port. */
export const KUBEPRISM_PORT = KUBEPRISM_DEFAULT_PORT;

/**
 * Cilium operator replicas: the chart's default (2), one per node with anti-affinity. Lower it to 1 on a one-node
 * cluster, or the second replica stays Pending and the app never becomes Healthy.
 */
export const DEFAULT_CILIUM_OPERATOR_REPLICAS = 2;

/**
 * Kubernetes client rate limits of the agent with L2 announcements on. Each announced service holds a Lease the agent
 * renews every few seconds; Cilium's L2 announcements guide asks to raise `k8sClientRateLimit` accordingly. 20/40
 * covers some tens of LoadBalancer services; raise it for more.
 */
export const L2_ANNOUNCEMENTS_CLIENT_RATE_LIMIT = { qps: 20, burst: 40 } as const;

/**
 * How the chart issues Hubble's TLS certificates (`hubble.tls.auto.method`). The chart default, `helm`, generates a
 * new CA and server certificate with `genCA`/`genSignedCert` on every render
 * (`templates/hubble/tls-helm/*.yaml`), so each Argo CD refresh sees changed Secrets: a perpetual OutOfSync.
 * `cronJob` renders no certificate at all: the `hubble-generate-certs` Job (a Helm `post-install,post-upgrade` hook,
 * which Argo CD runs as a PostSync hook) and CronJob run `cilium-certgen` with `--ca-reuse-secret` on the host
 * network, so they work before the CNI is up, keep the CA across runs and renew on the chart's schedule.
 * `certmanager` is not an option: cert-manager syncs in wave 1, after Cilium (wave 0), and stage 10 installs Cilium
 * before any cert-manager exists, so its `Certificate` kind would not be known yet.
 */
export const HUBBLE_TLS_AUTO_METHOD = 'cronJob';

/** Options of {@link talosCiliumValues}. */
export interface TalosCiliumValuesOptions {
  /**
   * Cilium operator replicas.
   * @default 2
   */
  readonly operatorReplicas?: number | undefined;
  /**
   * Route through the host stack (`bpf.hostLegacyRouting`). Talos forwards kube-dns to its host DNS (on by default
   * since Talos 1.8), which does not work with Cilium's eBPF host routing; Cilium's Talos guide says to set this.
   * @default true
   */
  readonly hostLegacyRouting?: boolean | undefined;
  /**
   * Announce LoadBalancer and external IPs over ARP (`l2announcements.enabled`, `externalIPs.enabled`, raised client
   * rate limits). Pair with {@link CiliumLoadBalancerAddon} for the pool and the announcement policy.
   * @default false
   */
  readonly l2Announcements?: boolean | undefined;
}

/**
 * The Cilium chart values for a Talos node: kube-proxy replacement through KubePrism (`localhost:7445`), Kubernetes
 * host-scope IPAM (Talos assigns PodCIDRs to nodes), the cgroup v2 mount Talos already provides
 * (`cgroup.autoMount.enabled: false`, `cgroup.hostRoot: /sys/fs/cgroup`), the capability lists without
 * `SYS_MODULE`, and Hubble certificates from a Job rather than from the render ({@link HUBBLE_TLS_AUTO_METHOD}).
 * The same values serve the management cluster (stage 10's bootstrap release and the GitOps `cilium` app that adopts
 * it) and every workload cluster (CAAPH), so that Argo CD takes over without a diff.
 */
export function talosCiliumValues(options: TalosCiliumValuesOptions = {}): Record<string, unknown> {
  const operatorReplicas = options.operatorReplicas ?? DEFAULT_CILIUM_OPERATOR_REPLICAS;
  if (!Number.isInteger(operatorReplicas) || operatorReplicas < 1) {
    throw new Error(`Cilium operatorReplicas is ${operatorReplicas}; expected a whole number of at least 1`);
  }
  const values: Record<string, unknown> = {
    ipam: { mode: 'kubernetes' },
    kubeProxyReplacement: true,
    k8sServiceHost: KUBEPRISM_HOST,
    k8sServicePort: KUBEPRISM_PORT,
    cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
    securityContext: {
      capabilities: {
        ciliumAgent: [...TALOS_CILIUM_AGENT_CAPABILITIES],
        cleanCiliumState: [...TALOS_CILIUM_CLEAN_STATE_CAPABILITIES],
      },
    },
    bpf: { hostLegacyRouting: options.hostLegacyRouting ?? true },
    operator: { replicas: operatorReplicas },
    hubble: { tls: { auto: { method: HUBBLE_TLS_AUTO_METHOD } } },
  };
  if (options.l2Announcements ?? false) {
    values.l2announcements = { enabled: true };
    values.externalIPs = { enabled: true };
    values.k8sClientRateLimit = { ...L2_ANNOUNCEMENTS_CLIENT_RATE_LIMIT };
  }
  return values;
}

/** Props of {@link CiliumAddon}. */
export interface CiliumAddonProps extends TalosCiliumValuesOptions {
  /**
   * Chart version.
   * @default - CHART_VERSIONS.cilium
   */
  readonly version?: string | undefined;
  /**
   * Further values, deep-merged over the Talos values.
   * @default {}
   */
  readonly extraValues?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Cilium, the CNI (wave 0; nothing may sync before it), in `kube-system` with release name `cilium`, with
 * {@link talosCiliumValues}. Server-side apply, so that Argo CD can take over the objects of a Cilium that Talos or
 * Terraform installed at bootstrap (nodes are not Ready, and Argo CD cannot run, before some CNI is there).
 * Removing the app orphans Cilium rather than deleting the network under the running cluster. Not a fleet addon:
 * workload clusters get the same values from CAAPH (`WorkloadClusterCilium`).
 *
 * @example
 * import { CiliumAddon } from 'talos-platform-cdk/gitops';
 *
 * apps.addAddon(new CiliumAddon({
 *   operatorReplicas: 1, // one-node cluster
 *   l2Announcements: true, // pair with CiliumLoadBalancerAddon
 *   extraValues: { hubble: { relay: { enabled: true } } },
 * }));
 */
export class CiliumAddon extends Addon {
  public constructor(props: CiliumAddonProps = {}) {
    super({
      name: 'cilium',
      syncWave: 0,
      namespace: 'kube-system',
      isCni: true,
      serverSideApply: true,
      // Workload clusters get Cilium from CAAPH (WorkloadClusterCilium), never from the fleet.
      fleet: false,
      cascadeDelete: false,
      chart: {
        repoUrl: CILIUM_HELM_REPOSITORY,
        chart: 'cilium',
        version: props.version ?? CHART_VERSIONS.cilium,
        releaseName: 'cilium',
        values: mergeValues(talosCiliumValues(props), props.extraValues ?? {}),
      },
    });
  }
}
