import type { Construct } from 'constructs';
import {
  Cluster,
  ClusterClass,
  ClusterClassSpecControlPlaneHealthCheckRemediationTriggerIfUnhealthyLessThanOrEqualTo,
  ClusterClassSpecPatchesDefinitionsJsonPatchesOp as PatchOp,
  ClusterClassSpecVariablesSchemaOpenApiv3SchemaType as SchemaType,
  ClusterClassSpecWorkersMachineDeploymentsHealthCheckRemediationTriggerIfUnhealthyLessThanOrEqualTo,
  ClusterSpecTopologyWorkersMachineDeploymentsHealthCheckRemediationTriggerIfUnhealthyLessThanOrEqualTo,
  ClusterSpecTopologyWorkersMachineDeploymentsRolloutStrategyRollingUpdateMaxSurge as TopologyMaxSurge,
  ClusterSpecTopologyWorkersMachineDeploymentsRolloutStrategyRollingUpdateMaxUnavailable as TopologyMaxUnavailable,
  ClusterSpecTopologyWorkersMachineDeploymentsRolloutStrategyType as TopologyRolloutType,
} from '../../../imports/k8s/cluster.x-k8s.io';
import type { ClusterClassSpecVariables } from '../../../imports/k8s/cluster.x-k8s.io';
import { ProxmoxClusterTemplate } from '../../../imports/k8s/infrastructure.cluster.x-k8s.io';
import { CABPT_API_VERSION, CAPMOX_API_VERSION } from './api-groups';
import type { WorkerClass, WorkerTopology } from './cluster-class-workers';
import { intOrString } from './machine-deployment';
import type { ProxmoxClusterSpecOptions } from './proxmox-cluster';
import { KUBERNETES_API_PORT, proxmoxClusterSpec } from './proxmox-cluster';

/** A reference to a template object (`{apiVersion, kind, name}`, the form ClusterClass v1beta2 takes). */
export interface TemplateReference {
  /** e.g. `controlplane.cluster.x-k8s.io/v1beta2`. */
  readonly apiVersion: string;
  /** e.g. `KubeadmControlPlaneTemplate`. */
  readonly kind: string;
  /** Object name, in the cluster's namespace. */
  readonly name: string;
}

/** Health-check settings shared by the class and the expanded MachineHealthChecks. */
export interface HealthCheckSettings {
  readonly nodeStartupTimeoutSeconds: number;
  readonly unhealthyTimeoutSeconds: number;
  readonly maxUnhealthy: string;
}

/** Options of {@link addClusterClassObjects}. */
export interface ClusterClassObjectsOptions {
  readonly className: string;
  readonly clusterName: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly kubernetesVersion: string;
  readonly controlPlaneReplicas: number;
  readonly controlPlaneTemplate: TemplateReference;
  readonly controlPlaneMachineTemplateName: string;
  /** One class per distinct pair of pool templates (`workerClassesOf`). */
  readonly workerClasses: readonly WorkerClass[];
  /** One topology MachineDeployment per pool, the default `workers` first. */
  readonly workerTopologies: readonly WorkerTopology[];
  readonly infrastructureTemplateName: string;
  readonly network: ProxmoxClusterSpecOptions;
  readonly healthCheck: HealthCheckSettings;
}

const stringArray = { type: SchemaType.ARRAY, items: { type: 'string' } };

/**
 * The ClusterClass, its `ProxmoxClusterTemplate` and the `Cluster` with `topology`. Variables carry what differs
 * between clusters (endpoint, node pool, DNS, allowed nodes); patches apply them, one patch per kind they target
 * (`ProxmoxClusterTemplate`, `ProxmoxMachineTemplate`). Health checks are part of the class (v1beta2
 * `healthCheck`), since topology-managed MachineDeployments get generated names.
 */
export function addClusterClassObjects(
  scope: Construct,
  clusterScope: Construct,
  o: ClusterClassObjectsOptions,
): { clusterClass: ClusterClass; cluster: Cluster; template: ProxmoxClusterTemplate } {
  const template = new ProxmoxClusterTemplate(scope, 'ProxmoxClusterTemplate', {
    metadata: { name: o.infrastructureTemplateName, namespace: o.namespace },
    spec: { template: { spec: proxmoxClusterSpec(o.network) } },
  });

  const variables: ClusterClassSpecVariables[] = [
    {
      name: 'controlPlaneEndpoint',
      required: true,
      schema: {
        openApiv3Schema: {
          type: SchemaType.OBJECT,
          required: ['host'],
          properties: { host: { type: 'string' }, port: { type: 'integer', default: KUBERNETES_API_PORT } },
        },
      },
    },
    {
      name: 'ipv4Config',
      required: true,
      schema: {
        openApiv3Schema: {
          type: SchemaType.OBJECT,
          required: ['addresses', 'prefix', 'gateway'],
          properties: { addresses: stringArray, prefix: { type: 'integer' }, gateway: { type: 'string' } },
        },
      },
    },
    { name: 'dnsServers', required: true, schema: { openApiv3Schema: { ...stringArray } } },
    { name: 'allowedNodes', required: true, schema: { openApiv3Schema: { ...stringArray } } },
  ];

  /** A v1beta2 health check (class or topology: `factory` is the binding's int-or-string of the threshold). */
  const healthCheck = <T>(factory: { fromNumber(n: number): T; fromString(s: string): T }, maxUnhealthy: string) => ({
    checks: {
      nodeStartupTimeoutSeconds: o.healthCheck.nodeStartupTimeoutSeconds,
      unhealthyNodeConditions: [
        { type: 'Ready', status: 'Unknown', timeoutSeconds: o.healthCheck.unhealthyTimeoutSeconds },
        { type: 'Ready', status: 'False', timeoutSeconds: o.healthCheck.unhealthyTimeoutSeconds },
      ],
    },
    remediation: { triggerIf: { unhealthyLessThanOrEqualTo: intOrString(factory, maxUnhealthy) } },
  });

  const clusterClass = new ClusterClass(scope, 'ClusterClass', {
    metadata: { name: o.className, namespace: o.namespace },
    spec: {
      infrastructure: {
        templateRef: {
          apiVersion: CAPMOX_API_VERSION,
          kind: 'ProxmoxClusterTemplate',
          name: o.infrastructureTemplateName,
        },
      },
      controlPlane: {
        templateRef: { ...o.controlPlaneTemplate },
        machineInfrastructure: {
          templateRef: {
            apiVersion: CAPMOX_API_VERSION,
            kind: 'ProxmoxMachineTemplate',
            name: o.controlPlaneMachineTemplateName,
          },
        },
        healthCheck: healthCheck(
          ClusterClassSpecControlPlaneHealthCheckRemediationTriggerIfUnhealthyLessThanOrEqualTo,
          o.healthCheck.maxUnhealthy,
        ),
      },
      workers: {
        machineDeployments: o.workerClasses.map((c) => ({
          class: c.class,
          bootstrap: {
            templateRef: { apiVersion: CABPT_API_VERSION, kind: 'TalosConfigTemplate', name: c.configTemplateName },
          },
          infrastructure: {
            templateRef: {
              apiVersion: CAPMOX_API_VERSION,
              kind: 'ProxmoxMachineTemplate',
              name: c.machineTemplateName,
            },
          },
          healthCheck: healthCheck(
            ClusterClassSpecWorkersMachineDeploymentsHealthCheckRemediationTriggerIfUnhealthyLessThanOrEqualTo,
            c.maxUnhealthy,
          ),
        })),
      },
      variables,
      patches: [
        {
          name: 'proxmox-cluster-template',
          description: 'ProxmoxClusterTemplate: endpoint, node address pool, DNS servers and allowed nodes.',
          definitions: [
            {
              selector: {
                apiVersion: CAPMOX_API_VERSION,
                kind: 'ProxmoxClusterTemplate',
                matchResources: { infrastructureCluster: true },
              },
              jsonPatches: [
                {
                  op: PatchOp.REPLACE,
                  path: '/spec/template/spec/controlPlaneEndpoint',
                  valueFrom: { variable: 'controlPlaneEndpoint' },
                },
                { op: PatchOp.REPLACE, path: '/spec/template/spec/ipv4Config', valueFrom: { variable: 'ipv4Config' } },
                { op: PatchOp.REPLACE, path: '/spec/template/spec/dnsServers', valueFrom: { variable: 'dnsServers' } },
                {
                  op: PatchOp.REPLACE,
                  path: '/spec/template/spec/allowedNodes',
                  valueFrom: { variable: 'allowedNodes' },
                },
              ],
            },
          ],
        },
        {
          name: 'proxmox-machine-template',
          description: 'ProxmoxMachineTemplate (control plane and workers): allowed nodes.',
          definitions: [
            {
              selector: {
                apiVersion: CAPMOX_API_VERSION,
                kind: 'ProxmoxMachineTemplate',
                matchResources: {
                  controlPlane: true,
                  machineDeploymentClass: { names: o.workerClasses.map((c) => c.class) },
                },
              },
              jsonPatches: [
                {
                  op: PatchOp.REPLACE,
                  path: '/spec/template/spec/allowedNodes',
                  valueFrom: { variable: 'allowedNodes' },
                },
              ],
            },
          ],
        },
      ],
    },
  });

  const spec = proxmoxClusterSpec(o.network);
  const cluster = new Cluster(clusterScope, 'Resource', {
    metadata: {
      name: o.clusterName,
      namespace: o.namespace,
      ...(Object.keys(o.labels).length > 0 ? { labels: o.labels } : {}),
    },
    spec: {
      clusterNetwork: { pods: { cidrBlocks: [...o.podCidrs] }, services: { cidrBlocks: [...o.serviceCidrs] } },
      topology: {
        classRef: { name: o.className },
        version: o.kubernetesVersion,
        controlPlane: { replicas: o.controlPlaneReplicas },
        workers: {
          machineDeployments: o.workerTopologies.map((t) => ({
            class: t.class,
            name: t.name,
            replicas: t.replicas,
            ...(Object.keys(t.labels).length > 0 ? { metadata: { labels: { ...t.labels } } } : {}),
            ...(t.rollout
              ? {
                  rollout: {
                    strategy: {
                      type: TopologyRolloutType.ROLLING_UPDATE,
                      rollingUpdate: {
                        maxSurge: intOrString(TopologyMaxSurge, t.rollout.maxSurge),
                        maxUnavailable: intOrString(TopologyMaxUnavailable, t.rollout.maxUnavailable),
                      },
                    },
                  },
                }
              : {}),
            ...(t.maxUnhealthy === undefined
              ? {}
              : {
                  healthCheck: healthCheck(
                    ClusterSpecTopologyWorkersMachineDeploymentsHealthCheckRemediationTriggerIfUnhealthyLessThanOrEqualTo,
                    t.maxUnhealthy,
                  ),
                }),
          })),
        },
        variables: [
          { name: 'controlPlaneEndpoint', value: spec.controlPlaneEndpoint },
          { name: 'ipv4Config', value: spec.ipv4Config },
          { name: 'dnsServers', value: spec.dnsServers },
          { name: 'allowedNodes', value: spec.allowedNodes },
        ],
      },
    },
  });
  return { clusterClass, cluster, template };
}
