/**
 * The ClusterClass mode cannot work with the Talos control-plane provider as pinned: a ClusterClass references a
 * control-plane template kind, and CACPPT v0.5.x ships no TalosControlPlaneTemplate (its `config/crd/bases` at
 * v0.5.12 holds only `controlplane.cluster.x-k8s.io_taloscontrolplanes.yaml`). Upstream's default branch has since
 * added the CRD; when a release with it is pinned, this rule goes.
 */
import type { RuleProblem } from './problem';
import type { Version } from './version';

/** `clusterClass: true` with CACPPT `cacpptVersion`. */
export function clusterClassProblems(clusterClass: boolean, cacpptVersion: Version): RuleProblem[] {
  if (!clusterClass) return [];
  return [
    {
      rule: 'cluster-class-unsupported',
      field: 'clusterClass',
      message:
        'the ClusterClass mode needs a control-plane template, and the Talos control-plane provider ' +
        `(CACPPT ${cacpptVersion}) has none: its release ships the TalosControlPlane CRD only, no ` +
        'TalosControlPlaneTemplate, so Cluster API could never create the control plane',
      expected: '`false` (the default: the expanded Cluster API objects, which work with CACPPT)',
      hint: 'remove `clusterClass: true`; see docs/clusters.md, "ClusterClass mode"',
    },
  ];
}
