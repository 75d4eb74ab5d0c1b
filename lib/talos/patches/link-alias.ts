import type { LinkSelector } from './link-selector';
import { TalosPatch } from './talos-patch';
import type { LinkAliasConfigDocument } from './types';

/**
 * Alias the platform gives the node's network link. Talos asks for a name that cannot clash with a kernel interface
 * name (`eth0`, `ens18` ...), so not `eth*`/`en*`.
 */
export const DEFAULT_LINK_ALIAS = 'net0';

/**
 * Names the link the selector matches (`LinkAliasConfig`), so `LinkConfig` and `Layer2VIPConfig` can refer to it by
 * a stable name. The selector must match exactly one link.
 */
export function linkAliasPatch(
  selector: LinkSelector,
  alias: string = DEFAULT_LINK_ALIAS,
): TalosPatch<LinkAliasConfigDocument> {
  checkAlias(alias);
  return TalosPatch.of<LinkAliasConfigDocument>({
    apiVersion: 'v1alpha1',
    kind: 'LinkAliasConfig',
    name: alias,
    selector: { match: selector.match },
  });
}

/** Kernel-style names an alias must not take (Talos docs: they may clash with real interfaces). */
const KERNEL_STYLE = /^(eth|en[a-z]|wl|ww|lo$|bond|br|veth)/;

function checkAlias(alias: string): void {
  if (!/^[a-z][a-z0-9_-]{0,14}$/.test(alias) || KERNEL_STYLE.test(alias)) {
    throw new Error(
      `linkAliasPatch: alias "${alias}" is not usable (expected at most 15 lower-case characters that do not look ` +
        `like a kernel interface name such as eth0 or ens18). Fix: use e.g. "${DEFAULT_LINK_ALIAS}".`,
    );
  }
}
