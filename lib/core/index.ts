/**
 * `talos-platform-cdk/core`: the synth infrastructure every app needs. One-process synthesis of a CDKTF app and a
 * cdk8s app into staged, all-or-nothing output folders ({@link synthesizeApps}), GitOps charts and files that know
 * their path in the tree ({@link GitOpsChart}, {@link GitOpsFile}, {@link renderGitOpsTree}), whole-tree
 * validation, Terraform state backends ({@link StateBackend}), the version pins and the spec errors.
 *
 * @example
 * const { synthesizeApps, GitOpsChart } = require('talos-platform-cdk/core');
 * const result = synthesizeApps({
 *   tfOutdir: 'cdktf.out',
 *   k8sOutdir: 'dist',
 *   build: ({ tf, k8s }) => {
 *     new GitOpsChart(k8s, 'prod', { outputPath: 'clusters/prod/cluster.yaml' });
 *   },
 * });
 *
 * @module core
 */
export * from './versions';
export * from './addon-prerequisites';
export type { SpecError } from './errors';
export { formatSpecError, formatSpecErrors, sortSpecErrors } from './errors';
export { SpecValidationError } from './spec-validation-error';
export * from './state-backend';
export * from './synth/synthesize';
export * from './synth/gitops-chart';
export * from './synth/gitops-file';
export * from './synth/gitops-writer';
export * from './synth/output-dir';
export * from './synth/output-manifest';
export type { FolderChanges, FolderContent } from './synth/output-plan';
export * from './synth/synth-errors';
export { formatFolderChanges } from './synth/change-summary';
export * from './synth/validate-tree';
