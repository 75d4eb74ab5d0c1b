import { checkCapiReferences } from '../../lib/capi/workload/references';

const cluster = (spec: object) => ({
  apiVersion: 'cluster.x-k8s.io/v1beta2',
  kind: 'Cluster',
  metadata: { name: 'c', namespace: 'n' },
  spec,
});

describe('checkCapiReferences', () => {
  test('a Cluster pointing at missing objects', () => {
    expect(
      checkCapiReferences([
        cluster({
          controlPlaneRef: { apiGroup: 'controlplane.cluster.x-k8s.io', kind: 'TalosControlPlane', name: 'cp' },
          infrastructureRef: { apiGroup: 'infrastructure.cluster.x-k8s.io', kind: 'ProxmoxCluster', name: 'c' },
        }),
      ]),
    ).toEqual([
      'Cluster n/c: spec.controlPlaneRef refers to TalosControlPlane n/cp, which is not among the synthesized objects. Expected the referenced object in the same set (same namespace).',
      'Cluster n/c: spec.infrastructureRef refers to ProxmoxCluster n/c, which is not among the synthesized objects. Expected the referenced object in the same set (same namespace).',
    ]);
  });

  test('wrong API group, missing class, pool refs, empty MHC selector, selector/label mismatch', () => {
    const problems = checkCapiReferences([
      cluster({
        controlPlaneRef: { apiGroup: 'wrong.group', kind: 'TalosControlPlane', name: 'cp' },
        topology: { classRef: { name: 'cls' }, version: 'v1.36.1' },
      }),
      {
        apiVersion: 'controlplane.cluster.x-k8s.io/v1alpha3',
        kind: 'TalosControlPlane',
        metadata: { name: 'cp', namespace: 'n' },
        spec: {
          version: 'v1.35.0',
          infrastructureTemplate: {
            apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha2',
            kind: 'ProxmoxMachineTemplate',
            name: 't',
          },
        },
      },
      {
        apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha2',
        kind: 'ProxmoxMachineTemplate',
        metadata: { name: 't', namespace: 'n' },
        spec: {
          template: {
            spec: {
              network: {
                networkDevices: [
                  {
                    name: 'net0',
                    ipPoolRef: [{ apiGroup: 'ipam.cluster.x-k8s.io', kind: 'InClusterIPPool', name: 'pool' }],
                  },
                ],
              },
            },
          },
        },
      },
      {
        apiVersion: 'cluster.x-k8s.io/v1beta2',
        kind: 'MachineHealthCheck',
        metadata: { name: 'm', namespace: 'n' },
        spec: { clusterName: 'c', selector: {} },
      },
      {
        apiVersion: 'cluster.x-k8s.io/v1beta2',
        kind: 'MachineDeployment',
        metadata: { name: 'md', namespace: 'n' },
        spec: {
          clusterName: 'c',
          selector: { matchLabels: { a: 'b' } },
          template: {
            metadata: { labels: {} },
            spec: {
              version: 'v1.36.1',
              bootstrap: {
                configRef: { apiGroup: 'bootstrap.cluster.x-k8s.io', kind: 'TalosConfigTemplate', name: 'x' },
              },
              infrastructureRef: {
                apiGroup: 'infrastructure.cluster.x-k8s.io',
                kind: 'ProxmoxMachineTemplate',
                name: 't',
              },
            },
          },
        },
      },
    ]);
    expect(problems).toEqual([
      'Cluster n/c: spec.controlPlaneRef names API group "wrong.group" but TalosControlPlane cp is controlplane.cluster.x-k8s.io/v1alpha3.',
      'Cluster n/c: spec.topology.classRef refers to ClusterClass n/cls, which is not among the synthesized objects. Expected the referenced object in the same set (same namespace).',
      'ProxmoxMachineTemplate n/t: spec.template.spec.network.networkDevices[0].ipPoolRef[0] refers to InClusterIPPool n/pool, which is not among the synthesized objects. Expected the referenced object in the same set (same namespace).',
      'MachineHealthCheck n/m: spec.selector is empty; it would select every Machine of the namespace.',
      'MachineDeployment n/md: spec.template.spec.bootstrap.configRef refers to TalosConfigTemplate n/x, which is not among the synthesized objects. Expected the referenced object in the same set (same namespace).',
      'MachineDeployment n/md: selector label a=b is not on spec.template.metadata.labels.',
      'cluster n/c: Kubernetes versions disagree (Cluster n/c: v1.36.1; TalosControlPlane n/cp: v1.35.0; MachineDeployment n/md: v1.36.1). Expected one version on the control plane and every MachineDeployment.',
    ]);
  });

  test('external references are not reported; a Cluster without control plane is', () => {
    expect(
      checkCapiReferences([cluster({ topology: { classRef: { name: 'cls' }, version: 'v1' } })], {
        external: ['ClusterClass/n/cls'],
      }),
    ).toEqual([]);
    expect(checkCapiReferences([cluster({})])).toEqual([
      'Cluster n/c: has neither spec.controlPlaneRef nor spec.topology.',
    ]);
  });
});
