import { checkIpv4, checkNotEmpty } from './check';
import { TalosPatch } from './talos-patch';
import type { ResolverConfigDocument } from './types';

/** DNS servers of the node (`ResolverConfig`), replacing Talos's defaults (1.1.1.1, 8.8.8.8). */
export function nameserversPatch(nameservers: readonly string[]): TalosPatch<ResolverConfigDocument> {
  checkNotEmpty('nameserversPatch', 'nameservers', nameservers);
  nameservers.forEach((n, i) => checkIpv4('nameserversPatch', `nameservers[${i}]`, n));
  return TalosPatch.of<ResolverConfigDocument>({
    apiVersion: 'v1alpha1',
    kind: 'ResolverConfig',
    nameservers: nameservers.map((address) => ({ address })),
  });
}
