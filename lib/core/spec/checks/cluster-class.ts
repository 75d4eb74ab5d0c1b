/**
 * `clusterClass: true` cannot work with the Talos providers as pinned: a ClusterClass needs a control-plane template
 * kind, and CACPPT v0.5.x ships no TalosControlPlaneTemplate (its `config/crd/bases` has only TalosControlPlane).
 * Upstream's default branch has since added the CRD; when a release with it is pinned, this rule goes. The construct
 * can take another provider's template in code; the YAML spec cannot.
 */
import type { Issue } from '../issue';
import type { PlatformConfig } from '../resolved';

export function checkClusterClass(config: PlatformConfig): Issue[] {
  return config.clusters
    .filter((c) => c.clusterClass)
    .map((c) => ({
      file: c.sourceFile,
      path: ['clusterClass'],
      rule: 'cluster-class-unsupported',
      message:
        'the ClusterClass mode needs a control-plane template, and the Talos control-plane provider ' +
        `(CACPPT ${config.platform.versions.cacppt}) has none`,
      expected: '`false` (the default: the expanded Cluster API objects, which work with CACPPT)',
      hint: 'remove `clusterClass: true`; see docs/clusters.md, "ClusterClass mode"',
    }));
}
