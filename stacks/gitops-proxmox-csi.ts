/**
 * The Proxmox CSI plugin on the management cluster: its config Secret (SOPS only) and the addon with one StorageClass
 * per `addons.proxmoxCsi.storageClasses` entry. Composition only; the addon is lib/gitops/addons/proxmox-csi.ts.
 */
import { ADDON_PREREQUISITES, podSecurityLabels } from '../lib/core/addon-prerequisites';
import type { PlatformConfig } from '../lib/core/spec/resolved';
import type { IPlatformDelivery } from '../lib/gitops/delivery';
import { PROXMOX_CSI_CONFIG_SECRET, PROXMOX_CSI_NAMESPACE, ProxmoxCsiAddon } from '../lib/gitops/addons/proxmox-csi';
import { SopsSecretsAddon } from '../lib/gitops/addons/sops-secrets';
import { SecretTodos } from '../lib/secrets/secret-todos';

/** Where the encrypted plugin config goes. */
export const PROXMOX_CSI_SECRET_FILE = `platform/secrets/${PROXMOX_CSI_CONFIG_SECRET}.sops.yaml`;

/**
 * Adds the plugin's SOPS Secret and, once that file exists, the plugin. Without the file there is no token, so the
 * plugin is left out and a `TODO(secrets)` item says how to create it (never a placeholder Secret).
 */
export function addProxmoxCsi(delivery: IPlatformDelivery, config: PlatformConfig): void {
  const { proxmox, addons } = config.platform;
  const csi = addons.proxmoxCsi;
  const secrets = new SopsSecretsAddon({
    name: 'proxmox-csi-secrets',
    namespace: PROXMOX_CSI_NAMESPACE,
    secrets: [{ name: PROXMOX_CSI_CONFIG_SECRET }],
    namespaceLabels: podSecurityLabels(ADDON_PREREQUISITES.proxmoxCsi!.podSecurity),
  });
  delivery.addAddon(secrets);
  if (!secrets.allPresent) {
    SecretTodos.of(delivery).add({
      title:
        'The Proxmox CSI plugin is not deployed: its config with the Proxmox token ' +
        `(Secret ${PROXMOX_CSI_NAMESPACE}/${PROXMOX_CSI_CONFIG_SECRET}, key config.yaml) is not in the repository yet`,
      fix:
        `write config.yaml as docs/addons.md shows (clusters: url ${proxmox.endpoint}/api2/json, token_id, ` +
        `token_secret, region ${csi.region}), then talos-platform-cdk secrets new ${PROXMOX_CSI_CONFIG_SECRET} ` +
        `--namespace ${PROXMOX_CSI_NAMESPACE} --from-file config.yaml=config.yaml --out ${PROXMOX_CSI_SECRET_FILE}, ` +
        'delete the plaintext file, and synth again',
      constructPath: delivery.node.path,
      file: PROXMOX_CSI_SECRET_FILE,
    });
    return;
  }
  const shared = new Map(proxmox.datastores.map((d) => [d.name, d.shared]));
  delivery.addAddon(
    new ProxmoxCsiAddon({
      storageClasses: csi.storageClasses.map((c) => ({
        name: c.name,
        datastore: c.datastore,
        shared: shared.get(c.datastore) ?? false,
        fsType: c.fsType,
        reclaimPolicy: c.reclaimPolicy,
        isDefault: c.default,
      })),
      configSecretApp: secrets.name,
    }),
  );
}
