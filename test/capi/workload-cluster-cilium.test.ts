import { App, Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { WorkloadClusterCilium } from '../../lib/capi/workload-cluster-cilium';
import { CHART_VERSIONS } from '../../lib/core/versions';
import { talosCiliumValues } from '../../lib/gitops/addons/cilium';

function build(props: Partial<ConstructorParameters<typeof WorkloadClusterCilium>[2]> = {}) {
  const chart = new Chart(new App(), 'cni');
  const cilium = new WorkloadClusterCilium(chart, 'Cilium', { clusterName: 'prod', namespace: 'prod', ...props });
  return { cilium, docs: Testing.synth(chart) };
}

describe('WorkloadClusterCilium', () => {
  test('one HelmChartProxy in the cluster namespace, selecting exactly that Cluster', () => {
    const { docs } = build();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      apiVersion: 'addons.cluster.x-k8s.io/v1alpha1',
      kind: 'HelmChartProxy',
      metadata: { name: 'prod-cilium', namespace: 'prod' },
      spec: {
        clusterSelector: { matchLabels: { 'talos-platform-cdk.dev/workload-cluster': 'prod' } },
        repoURL: 'https://helm.cilium.io',
        chartName: 'cilium',
        version: CHART_VERSIONS.cilium,
        releaseName: 'cilium',
        namespace: 'kube-system',
        reconcileStrategy: 'Continuous',
      },
    });
  });

  test('the values are the management cluster function, talosCiliumValues, with the given options', () => {
    const { docs, cilium } = build({ operatorReplicas: 1 });
    expect(parse(docs[0].spec.valuesTemplate)).toEqual(talosCiliumValues({ operatorReplicas: 1 }));
    expect(cilium.values).toEqual(talosCiliumValues({ operatorReplicas: 1 }));
    expect(parse(docs[0].spec.valuesTemplate)).toMatchObject({
      kubeProxyReplacement: true,
      k8sServiceHost: 'localhost',
      k8sServicePort: 7445,
      ipam: { mode: 'kubernetes' },
    });
  });

  test('a chart version can be pinned', () => {
    expect(build({ chartVersion: '1.19.3' }).docs[0].spec.version).toBe('1.19.3');
  });
});
