/**
 * Terraform JSON in the output: credentials only in sensitive variables and outputs, never as literals in provider
 * blocks, resources or defaults.
 */
import { isCredentialName } from './credential-names';
import type { PlaintextFinding } from './plaintext-finding';
import { checkYamlSecrets } from './plaintext-secret-documents';

export interface TfJson {
  variable?: Record<string, { sensitive?: boolean | undefined; default?: unknown } | undefined> | undefined;
  output?: Record<string, { sensitive?: boolean | undefined; value?: unknown } | undefined> | undefined;
  provider?: Record<string, Record<string, unknown>[] | Record<string, unknown> | undefined> | undefined;
  resource?: Record<string, Record<string, Record<string, unknown>> | undefined> | undefined;
}

/** Attributes whose values are credentials (provider schemas mark them sensitive). */
const SENSITIVE_ATTRIBUTE =
  /\.(machine_secrets|client_configuration|kubeconfig_raw|talos_config|kubernetes_client_configuration|machine_configuration|client_key|private_key(_pem|_openssh)?|password|api_token|token|secret)\b/;

export function checkTerraform(file: string, tf: TfJson, sensitiveVariables: ReadonlySet<string>): PlaintextFinding[] {
  const out: PlaintextFinding[] = [];
  for (const [name, v] of Object.entries(tf.variable ?? {})) {
    if (!v) continue;
    const secret = v.sensitive === true || isCredentialName(name);
    if (isCredentialName(name) && v.sensitive !== true) {
      out.push({
        file,
        where: `variable "${name}"`,
        message:
          'carries a credential but is not sensitive. Declare it with `sensitive: true` ' +
          `(new TerraformVariable(this, '${name}', { type: 'string', sensitive: true })) and list ` +
          `TF_VAR_${name} in docs/secrets.md`,
      });
    }
    if (secret && v.default !== undefined && v.default !== null && v.default !== '') {
      out.push({
        file,
        where: `variable "${name}"`,
        message: `is a secret with a default value in the output. Remove the default; supply it as TF_VAR_${name} at plan time`,
      });
    }
  }
  for (const [name, o] of Object.entries(tf.output ?? {})) {
    if (!o || o.sensitive === true) continue;
    // only Terraform expressions count: a literal such as a kubectl command that mentions `.data.password` is text
    const refs = stringsIn(o.value)
      .flatMap((v) => v.match(/\$\{[^}]*\}/g) ?? [])
      .join('\n');
    let why: string | undefined;
    if (isCredentialName(name)) why = 'its name says it carries a credential';
    else {
      const v = /\bvar\.([A-Za-z0-9_-]+)/g;
      for (let m = v.exec(refs); m && !why; m = v.exec(refs)) {
        if (sensitiveVariables.has(m[1])) why = `it references the sensitive variable var.${m[1]}`;
      }
      const attr = why ? undefined : SENSITIVE_ATTRIBUTE.exec(refs);
      if (attr) why = `it references the sensitive attribute ${attr[1]}`;
      else if (!why && /\.outputs\.cross-stack-output-/.test(refs))
        why = 'it re-exports a cross-stack output (sensitive)';
    }
    if (why) {
      out.push({
        file,
        where: `output "${name}"`,
        message: `is not sensitive, but ${why}. Mark it \`sensitive: true\` (new TerraformOutput(..., { sensitive: true }))`,
      });
    }
  }
  for (const [providerName, blocks] of Object.entries(tf.provider ?? {})) {
    for (const block of Array.isArray(blocks) ? blocks : blocks ? [blocks] : []) {
      for (const [arg, value] of Object.entries(block)) {
        if (arg === 'alias' || !isCredentialArgument(arg) || !isLiteral(value)) continue;
        out.push({
          file,
          where: `provider "${providerName}" argument ${arg}`,
          message: 'is a literal string. Pass it from a sensitive variable (${var.<name>}), supplied as TF_VAR_<name>',
        });
      }
    }
  }
  for (const [type, resources] of Object.entries(tf.resource ?? {})) {
    for (const [rname, body] of Object.entries(resources ?? {})) {
      const where = `resource ${type}.${rname}`;
      if (type === 'kubernetes_secret' || type === 'kubernetes_secret_v1') {
        for (const field of ['data', 'binary_data', 'data_wo']) {
          const values = body[field];
          if (!values || typeof values !== 'object') continue;
          for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
            // a literal URL or `type: git` is fine; a literal under a credential key is a plaintext secret
            if (isLiteral(v) && isCredentialName(k)) {
              out.push({
                file,
                where: `${where} ${field}.${k}`,
                message: 'is a literal value. Take it from a sensitive variable (${var.<name>}) instead',
              });
            }
          }
        }
      }
      if (type === 'helm_release') {
        for (const field of ['set_sensitive', 'set_wo']) {
          const list = body[field];
          for (const item of Array.isArray(list) ? list : []) {
            if (isLiteral((item as Record<string, unknown>).value)) {
              out.push({
                file,
                where: `${where} ${field} "${String((item as Record<string, unknown>).name)}"`,
                message: 'is a literal value. Take it from a sensitive variable (${var.<name>}) instead',
              });
            }
          }
        }
      }
    }
  }
  // YAML embedded in Terraform strings (a manifest delivered through a stack): check its Secrets too.
  for (const s of stringsIn(tf.resource)) {
    if (/(^|\n)\s*kind:\s*["']?Secret["']?\s*(\n|$)/.test(s)) out.push(...checkYamlSecrets(file, s, 'embedded YAML'));
  }
  return out;
}

function isCredentialArgument(arg: string): boolean {
  // certificates in provider blocks are usually public CA certificates: only keys, tokens and passwords count here
  return (
    isCredentialName(arg) && !/cert/.test(arg) && !/(^|_)(key_?id|id)$/.test(arg) && !/config_path|_file$/.test(arg)
  );
}

/** A non-empty string that is not (only) a Terraform expression. */
function isLiteral(v: unknown): boolean {
  return typeof v === 'string' && v !== '' && !v.includes('${');
}

function stringsIn(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') out.push(x);
  else if (Array.isArray(x)) for (const v of x) stringsIn(v, out);
  else if (x && typeof x === 'object') for (const v of Object.values(x)) stringsIn(v, out);
  return out;
}
