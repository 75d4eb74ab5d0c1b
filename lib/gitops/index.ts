/**
 * `talos-platform-cdk/gitops`: cdk8s constructs for Argo CD, and for Flux from the same addons. Applications with
 * sync waves ({@link Application}, {@link SyncPolicy}, {@link ApplicationSource}), the app-of-apps with its wave rules
 * ({@link AppOfApps}), projects, the addon catalog (Cilium, cert-manager, ExternalDNS, Longhorn, monitoring, logging,
 * Velero, ...), the fleet ApplicationSets for workload clusters ({@link Fleet}), the CDKTF side of stage 50
 * ({@link ArgoCdInstall}, {@link RootApplication}, {@link RepositoryCredentials}, {@link CiliumBootstrap}); the Flux
 * renderer of the same description ({@link FluxPlatform}, {@link FluxFleet}, {@link FluxRoot}, {@link FluxInstall})
 * and the tree's folders ({@link GitOpsLayout}).
 *
 * @example
 * const { App } = require('cdk8s');
 * const { AppOfApps, CiliumAddon } = require('talos-platform-cdk/gitops');
 * const apps = new AppOfApps(new App(), 'Platform', { repoUrl: 'https://github.com/example/gitops.git', targetRevision: 'main' });
 * apps.addAddon(new CiliumAddon());
 *
 * @module gitops
 */
export * from './constants';
export * from './application';
export * from './app-of-apps';
export * from './app-project';
export * from './destination';
export * from './source';
export * from './sync-policy';
export * from './wave-rules';
export * from './health';
export * from './merge-values';
export * from './fleet';
export * from './root-app';
export * from './argocd-install';
export * from './argocd-values';
export * from './repository-credentials';
export * from './cilium-bootstrap';
export * from './cluster-registration';
export * from './retain';
export * from './addons/addon';
export * from './addons/external';
export * from './addons/cilium';
export * from './addons/cilium-load-balancer';
export * from './addons/cert-manager';
export * from './addons/external-dns';
export * from './addons/external-secrets';
export * from './addons/kyverno';
export * from './addons/kube-prometheus-stack';
export * from './addons/dashboards';
export * from './addons/longhorn';
export * from './addons/loki';
export * from './addons/alloy';
export * from './addons/velero';
export * from './addons/proxmox-csi';
export * from './addons/talos-backup';
export * from './addons/sops-secrets';
export * from './layout';
export * from './delivery';
export * from './flux/constants';
export * from './flux/depends-on';
export * from './flux/flux-kustomization';
export * from './flux/flux-helm-release';
export * from './flux/flux-platform';
export * from './flux/flux-fleet';
export * from './flux/flux-root';
export * from './flux/flux-install';
