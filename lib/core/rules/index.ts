/**
 * The rule layer: platform facts and pure rule functions, each defined once. A rule returns {@link RuleProblem}s
 * (what, expected, fix) and does not know who reports them: the spec checks (`lib/core/spec/checks`) add file:line,
 * the constructs their construct path ({@link throwProblems}).
 */
export * from './facts';
export * from './problem';
export * from './version';
export * from './version-support';
export * from './compatibility';
export * from './control-plane';
export * from './machine-size';
export * from './names';
export * from './bridge';
export * from './cluster-class';
export * from './proxmox-endpoint';
export * from './worker-pool';
export * from './worker-rollout';
