/**
 * Secrets: the `.sops.yaml` policy, references to SOPS-encrypted Secrets (KSOPS or External Secrets delivery), the
 * `TODO(secrets)` checklist, the plaintext guard over every synthesized output, and `secrets new`.
 */
export * from './sops-policy';
export * from './sops-file';
export * from './secret-delivery';
export * from './secret-todos';
export * from './ksops';
export * from './ksops-kustomization';
export * from './sops-secret';
export * from './plaintext-guard';
export * from './new-secret';
export * from './presets';
export * from './check-files';
