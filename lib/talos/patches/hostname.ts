import { checkHostname } from './check';
import { TalosPatch } from './talos-patch';
import type { HostnameConfigDocument } from './types';

/**
 * Static hostname (`HostnameConfig`). `auto: off` is set as well: configs generated for Talos 1.12+ already carry a
 * `HostnameConfig` with `auto: stable`, and Talos rejects `auto: stable` together with `hostname` (the patch is merged
 * into that document). CABPT writes the same document for CAPI machines.
 */
export function hostnamePatch(hostname: string): TalosPatch<HostnameConfigDocument> {
  checkHostname('hostnamePatch', hostname);
  return TalosPatch.of<HostnameConfigDocument>({
    apiVersion: 'v1alpha1',
    kind: 'HostnameConfig',
    auto: 'off',
    hostname,
  });
}
