import { Construct } from 'constructs';
import { ClusterPolicy } from '../../imports/k8s/kyverno.io';
import { DEFAULT_ARGOCD_NAMESPACE, DNS1123_LABEL, SECRET_TYPE_LABEL } from './constants';
import { RETAIN_SYNC_OPTIONS, SYNC_OPTIONS_ANNOTATION } from './retain';

/** Props of {@link ArgoCdClusterRegistration}. */
export interface ArgoCdClusterRegistrationProps {
  /** Workload cluster name: also the Argo CD cluster name (`{{.name}}` in the fleet's ApplicationSets). */
  readonly clusterName: string;
  /** Namespace of the CAPI `Cluster` and its `<cluster>-kubeconfig` Secret on the management cluster. */
  readonly clusterNamespace: string;
  /** Labels of the Argo CD cluster Secret: the spec's (environment, tier, ...) and the fleet addon switches. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Namespace Argo CD runs in (where its cluster Secrets live).
   * @default "argocd"
   */
  readonly argocdNamespace?: string | undefined;
}

/**
 * Registers one workload cluster with Argo CD, with no credential in Git: a Kyverno `ClusterPolicy`
 * (`kyverno.io/v1`) named `argocd-cluster-<cluster>` whose generate rule watches the CAPI `<cluster>-kubeconfig`
 * Secret (key `value`, written by CACPPT with a client certificate) and writes the Argo CD cluster Secret
 * `cluster-<cluster>` (`argocd.argoproj.io/secret-type: cluster`, the labels, `name`, `server` and
 * `config.tlsClientConfig` with the CA, client certificate and key of the kubeconfig).
 *
 * `synchronize: true` keeps it current: CACPPT regenerates the kubeconfig before its client certificate expires
 * (`kubeconfig.NeedsClientCertRotation`), Kyverno re-renders the Secret on that update, and deletes it when the
 * kubeconfig Secret goes (Cluster API deletes it with the Cluster). A label change in the spec changes this policy,
 * which Kyverno also propagates. `generateExisting: true` covers a kubeconfig written before the policy existed.
 * The policy carries `Prune=false,Delete=false`: a cluster file that goes missing leaves the registration (and the running
 * cluster) alone; the decommission flow deletes it last (docs/clusters.md). Modelled on kyverno/policies
 * `argo/argo-cluster-generation-from-rancher-capi`; JMESPath functions `base64_decode`, `base64_encode` and
 * `parse_yaml` are Kyverno's (`pkg/engine/jmespath/functions.go`, v1.19.0), `to_string` is standard JMESPath.
 *
 * @example
 * import { App, Chart } from 'cdk8s';
 * import { ArgoCdClusterRegistration } from 'talos-platform-cdk/gitops';
 *
 * new ArgoCdClusterRegistration(new Chart(new App(), 'registration'), 'Prod', {
 *   clusterName: 'prod', clusterNamespace: 'prod',
 *   labels: { tier: 'production', 'talos-platform-cdk.dev/addon-cert-manager': 'true' },
 * });
 */
export class ArgoCdClusterRegistration extends Construct {
  /** The `ClusterPolicy`. */
  public readonly resource: ClusterPolicy;
  /** Name of the Argo CD cluster Secret the policy writes. */
  public readonly secretName: string;

  public constructor(scope: Construct, id: string, props: ArgoCdClusterRegistrationProps) {
    super(scope, id);
    for (const [field, value] of [
      ['clusterName', props.clusterName],
      ['clusterNamespace', props.clusterNamespace],
    ] as const) {
      if (!DNS1123_LABEL.test(value))
        throw new Error(`${this.node.path}: ${field} "${value}" is not a DNS label; expected e.g. "prod"`);
    }
    if (SECRET_TYPE_LABEL in props.labels) {
      throw new Error(`${this.node.path}: labels set ${SECRET_TYPE_LABEL}, which the registration owns; remove it`);
    }
    const argocdNamespace = props.argocdNamespace ?? DEFAULT_ARGOCD_NAMESPACE;
    this.secretName = `cluster-${props.clusterName}`;
    const labels = Object.fromEntries(
      Object.entries({ ...props.labels, [SECRET_TYPE_LABEL]: 'cluster' }).sort(([a], [b]) =>
        a < b ? -1 : a > b ? 1 : 0,
      ),
    );
    this.resource = new ClusterPolicy(this, 'Resource', {
      metadata: {
        name: `argocd-cluster-${props.clusterName}`,
        annotations: {
          [SYNC_OPTIONS_ANNOTATION]: RETAIN_SYNC_OPTIONS,
          'policies.kyverno.io/title': `Argo CD registration of workload cluster ${props.clusterName}`,
          'policies.kyverno.io/subject': 'Secret',
        },
      },
      spec: {
        background: true,
        rules: [
          {
            name: 'argocd-cluster-secret',
            match: {
              any: [
                {
                  resources: {
                    kinds: ['Secret'],
                    names: [`${props.clusterName}-kubeconfig`],
                    namespaces: [props.clusterNamespace],
                  },
                },
              ],
            },
            context: [
              {
                name: 'kubeconfig',
                variable: { jmesPath: 'request.object.data.value | base64_decode(@) | parse_yaml(@)' },
              },
              {
                name: 'clusterConfig',
                variable: {
                  value: {
                    tlsClientConfig: {
                      caData: '{{ kubeconfig.clusters[0].cluster."certificate-authority-data" }}',
                      certData: '{{ kubeconfig.users[0].user."client-certificate-data" }}',
                      keyData: '{{ kubeconfig.users[0].user."client-key-data" }}',
                    },
                  },
                  jmesPath: 'to_string(@)',
                },
              },
            ],
            generate: {
              synchronize: true,
              generateExisting: true,
              apiVersion: 'v1',
              kind: 'Secret',
              name: this.secretName,
              namespace: argocdNamespace,
              data: {
                metadata: { labels },
                type: 'Opaque',
                data: {
                  name: Buffer.from(props.clusterName).toString('base64'),
                  server: '{{ kubeconfig.clusters[0].cluster.server | base64_encode(@) }}',
                  config: '{{ clusterConfig | base64_encode(@) }}',
                },
              },
            },
          },
        ],
      },
    });
  }
}
