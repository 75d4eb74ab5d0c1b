import { stringify as stringifyYaml } from 'yaml';

/**
 * KSOPS release the Argo CD repo-server runs (`viaductoss/ksops`, Docker Hub and quay.io). v4.5.1 (2026-04-13) is a
 * distroless image whose binary copies itself with `ksops install <dir>`: there is no shell, so the `sh -c 'mv ...'`
 * init container older KSOPS READMEs show does not work with it.
 */
export const KSOPS_VERSION = 'v4.5.1';

/** KSOPS image, pinned. */
export const KSOPS_IMAGE = `viaductoss/ksops:${KSOPS_VERSION}`;

/** Generator `apiVersion`/`kind` KSOPS answers to (viaduct-ai/kustomize-sops README, exec KRM function style). */
export const KSOPS_API_VERSION = 'viaduct.ai/v1';
/** Generator kind. */
export const KSOPS_KIND = 'ksops';

/** `argocd-cm` `kustomize.buildOptions` KSOPS needs: exec KRM functions are alpha plugins in kustomize v5. */
export const KSOPS_KUSTOMIZE_BUILD_OPTIONS = '--enable-alpha-plugins --enable-exec';

/** Name of the Secret in the `argocd` namespace that holds the age private key; created out of band, never in git. */
export const SOPS_AGE_SECRET_NAME = 'sops-age';
/** Key of the age identity file inside {@link SOPS_AGE_SECRET_NAME} (`--from-file=keys.txt=...`). */
export const SOPS_AGE_SECRET_KEY = 'keys.txt';
/** Where the repo-server mounts the age key (KSOPS README, Argo CD integration). */
export const SOPS_AGE_MOUNT_PATH = '/.config/sops/age';

/** Argo CD repo-server user (argoproj/argo-cd Dockerfile: `useradd -u 999 argocd`). The init container runs as it too. */
const ARGOCD_UID = 999;

/** Renders a KSOPS generator (`viaduct.ai/v1` `ksops`, exec KRM function) that decrypts `files` (relative paths). */
export function renderKsopsGenerator(name: string, files: readonly string[]): string {
  return stringifyYaml(
    {
      apiVersion: KSOPS_API_VERSION,
      kind: KSOPS_KIND,
      metadata: {
        name,
        annotations: { 'config.kubernetes.io/function': 'exec:\n  path: ksops\n' },
      },
      files: [...files],
    },
    { lineWidth: 0 },
  );
}

/**
 * Renders a `kustomization.yaml` whose only content is the given generator files (relative paths), sorted. The
 * `generators` list is written even when empty: kustomize rejects a kustomization with nothing but `apiVersion` and
 * `kind` ("kustomization.yaml is empty"), while `generators: []` builds to an empty set of objects.
 */
export function renderKsopsKustomization(generators: readonly string[], resources: readonly string[] = []): string {
  const kustomization: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    generators: [...generators].sort(),
  };
  // Encrypted files an engine decrypts itself (Flux kustomize-controller, `spec.decryption`) are plain resources.
  if (resources.length > 0) kustomization.resources = [...resources].sort();
  return stringifyYaml(kustomization, { lineWidth: 0 });
}

/** Options of {@link ksopsArgoCdValues}. */
export interface KsopsArgoCdValuesOptions {
  /**
   * KSOPS image (repository and tag).
   * @default KSOPS_IMAGE (`viaductoss/ksops:v4.5.1`)
   */
  readonly image?: string | undefined;
  /**
   * Name of the Secret in the Argo CD namespace holding the age key under `keys.txt`.
   * @default "sops-age"
   */
  readonly ageKeySecretName?: string | undefined;
}

/**
 * argo-cd Helm chart values (argoproj/argo-helm `charts/argo-cd/values.yaml`: `configs.cm`, `repoServer.env`,
 * `repoServer.initContainers`, `repoServer.volumes`, `repoServer.volumeMounts`) that make the repo-server run KSOPS:
 *
 * - `configs.cm."kustomize.buildOptions"`: `--enable-alpha-plugins --enable-exec`;
 * - an init container from the KSOPS image runs `ksops install /custom-tools` into an `emptyDir`, mounted at
 *   `/usr/local/bin/ksops` (Argo CD's own kustomize stays);
 * - the `sops-age` Secret (created out of band: `kubectl -n argocd create secret generic sops-age
 *   --from-file=keys.txt=<age key file>`) mounted at `/.config/sops/age`, `SOPS_AGE_KEY_FILE` pointing at it. The
 *   volume is `optional`, so Argo CD starts before the key exists; only decryption fails until it does.
 *
 * Merge these into the chart's other values by concatenating the lists (`env`, `initContainers`, `volumes`,
 * `volumeMounts`), not replacing them.
 */
export function ksopsArgoCdValues(options: KsopsArgoCdValuesOptions = {}): Record<string, unknown> {
  const image = options.image ?? KSOPS_IMAGE;
  const secretName = options.ageKeySecretName ?? SOPS_AGE_SECRET_NAME;
  return {
    configs: {
      cm: { 'kustomize.buildOptions': KSOPS_KUSTOMIZE_BUILD_OPTIONS },
    },
    repoServer: {
      env: [{ name: 'SOPS_AGE_KEY_FILE', value: `${SOPS_AGE_MOUNT_PATH}/${SOPS_AGE_SECRET_KEY}` }],
      initContainers: [
        {
          name: 'install-ksops',
          image,
          command: ['/usr/local/bin/ksops', 'install', '/custom-tools'],
          securityContext: {
            runAsNonRoot: true,
            runAsUser: ARGOCD_UID,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            seccompProfile: { type: 'RuntimeDefault' },
            capabilities: { drop: ['ALL'] },
          },
          volumeMounts: [{ name: 'custom-tools', mountPath: '/custom-tools' }],
        },
      ],
      volumes: [
        { name: 'custom-tools', emptyDir: {} },
        { name: 'sops-age', secret: { secretName, optional: true } },
      ],
      volumeMounts: [
        { name: 'custom-tools', mountPath: '/usr/local/bin/ksops', subPath: 'ksops' },
        { name: 'sops-age', mountPath: SOPS_AGE_MOUNT_PATH, readOnly: true },
      ],
    },
  };
}
