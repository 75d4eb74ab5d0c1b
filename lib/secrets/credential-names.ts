/** Names that say a value is a credential: Terraform variables and outputs, provider arguments, Secret keys. */

/**
 * True if a Terraform variable or output name (or a Secret key) says it carries a credential: a word token, secret,
 * password, key, credential, cert(ificate), or kubeconfig/talosconfig/private key/API key/API token. Not when it is
 * about something public (`ssh_public_key`), about cert-manager, or when it ends in a word that names metadata of a
 * secret rather than the secret (`secret_name`, `kubeconfig_path`, `admin_password_command`, `*_version`).
 */
export function isCredentialName(name: string): boolean {
  const lower = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const words = lower.split(/[_\-.]+/).filter(Boolean);
  if (words.includes('public') || /cert_?manager/.test(lower)) return false;
  if (words.length > 1 && METADATA_WORD.test(words[words.length - 1])) return false;
  if (/kubeconfig|talosconfig|privatekey|apitoken|apikey/.test(words.join(''))) return true;
  return words.some((w) =>
    /^(tokens?|secrets?|passwords?|passwd|keys?|credentials?|creds|certs?|certificates?)$/.test(w),
  );
}

/** Last words that make a name about a secret's metadata, not its value. */
const METADATA_WORD =
  /^(names?|namespaces?|versions?|commands?|paths?|files?|refs?|hints?|urls?|types?|labels?|count)$/;
