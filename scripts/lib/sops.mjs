// SOPS policy checks over a manifests tree: which files must be encrypted, whether the encrypted ones follow
// their .sops.yaml creation rule, and whether any Secret carries plaintext data.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/** The encrypted_regex DESIGN.md prescribes: only a Secret's data and stringData are encrypted. */
export const DEFAULT_ENCRYPTED_REGEX = '^(data|stringData)$';

/** Files that must be SOPS-encrypted: anything under a `secrets/` folder (platform/secrets/ included). */
export function isSecretsPath(relPath) {
  return relPath.split(/[\\/]/).slice(0, -1).includes('secrets');
}

/** Reads a .sops.yaml: { file, dir, rules: [{ index, pathRegex, encryptedRegex, age: string[] }] }. */
export function readSopsConfig(file) {
  const conf = parse(readFileSync(file, 'utf8')) ?? {};
  const rules = (conf.creation_rules ?? []).map((r, index) => {
    const age = [];
    const add = (v) => {
      if (typeof v === 'string') age.push(...v.split(',').map((s) => s.trim()).filter(Boolean));
      else if (Array.isArray(v)) v.forEach(add);
    };
    add(r.age);
    for (const g of r.key_groups ?? []) add(g.age);
    return {
      index,
      pathRegex: r.path_regex ?? '',
      encryptedRegex: r.encrypted_regex,
      age,
    };
  });
  return { file, dir: path.dirname(file), rules };
}

/** The nearest .sops.yaml above file (sops looks upwards from the file's folder), stopping at root. */
export function nearestSopsConfig(file, root) {
  let dir = path.dirname(file);
  for (;;) {
    const candidate = path.join(dir, '.sops.yaml');
    if (existsSync(candidate)) return candidate;
    if (dir === root || dir === path.dirname(dir) || !dir.startsWith(root)) return undefined;
    dir = path.dirname(dir);
  }
}

/**
 * The creation rule sops would use for a file: the first rule whose path_regex matches the path relative to
 * the config's folder (sops v3.13 config.parseCreationRuleForFile), or a rule without path_regex.
 */
export function ruleFor(config, file) {
  const rel = path.relative(config.dir, path.resolve(file));
  return config.rules.find((r) => r.pathRegex === '' || new RegExp(r.pathRegex).test(rel));
}

/** True when a parsed document carries sops metadata. */
export function hasSopsMetadata(obj) {
  return !!obj && typeof obj === 'object' && !Array.isArray(obj) && obj.sops && typeof obj.sops === 'object';
}

const isEnc = (v) => typeof v === 'string' && /^ENC\[[A-Z0-9_]+,data:/.test(v);

/** Leaf values under obj that are not SOPS ciphertext: [path]. */
function plaintextLeaves(value, at, out) {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) value.forEach((v, i) => plaintextLeaves(v, `${at}/${i}`, out));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) plaintextLeaves(v, `${at}/${k}`, out);
  else if (!isEnc(value)) out.push(at);
  return out;
}

/**
 * Problems of one encrypted document against its rule: { errors: string[], warnings: string[] }.
 * Errors: a key the encrypted_regex covers holds plaintext. Warnings: encrypted with another regex or for
 * other recipients than the rule names (re-keying is the user's call).
 */
export function checkEncryptedDocument(obj, rule) {
  const errors = [];
  const warnings = [];
  const meta = obj.sops;
  const regexText = meta.encrypted_regex ?? rule?.encryptedRegex ?? DEFAULT_ENCRYPTED_REGEX;
  const re = new RegExp(regexText);
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'sops') continue;
    const walk = (value, at, covered) => {
      if (covered) {
        for (const p of plaintextLeaves(value, at, [])) errors.push(`plaintext value at ${p}`);
        return;
      }
      if (value && typeof value === 'object') {
        for (const [ck, cv] of Object.entries(value)) walk(cv, `${at}/${ck}`, re.test(ck));
      }
    };
    walk(v, `/${k}`, re.test(k));
  }
  if (!meta.mac) errors.push('sops metadata has no mac');
  if (rule) {
    if (rule.encryptedRegex && meta.encrypted_regex !== rule.encryptedRegex) {
      warnings.push(`encrypted_regex is ${JSON.stringify(meta.encrypted_regex)}, .sops.yaml rule ${rule.index} says ${JSON.stringify(rule.encryptedRegex)}`);
    }
    const recipients = (meta.age ?? []).map((a) => a.recipient).sort();
    const wanted = [...rule.age].sort();
    if (wanted.length && JSON.stringify(recipients) !== JSON.stringify(wanted)) {
      warnings.push(`encrypted for [${recipients.join(', ')}], .sops.yaml rule ${rule.index} names [${wanted.join(', ')}]`);
    }
  }
  return { errors, warnings };
}

/** A Secret with plaintext data/stringData (not SOPS ciphertext): the paths of its plaintext values. */
export function plaintextSecretValues(obj) {
  if (!obj || obj.kind !== 'Secret' || hasSopsMetadata(obj)) return [];
  const out = [];
  for (const key of ['data', 'stringData']) {
    if (obj[key] && typeof obj[key] === 'object') plaintextLeaves(obj[key], `/${key}`, out);
  }
  return out;
}
