// SOPS checks over a manifests tree for conformance: which files must be encrypted, whether the encrypted ones
// follow their .sops.yaml creation rule, and whether any Secret carries plaintext data. The policy itself (how
// .sops.yaml is read and which rule covers a path, the encrypted_regex, what ciphertext looks like) is the library's
// (lib/secrets/sops-policy.ts, lib/secrets/sops-file.ts), loaded from build/: run `npm run build` first.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { REPO_ROOT } from './tools.mjs';

/**
 * The built library module `build/lib/<rel>.js`, with a clear error when it is not built.
 * @param {string} rel
 * @returns {any}
 */
export function requireBuilt(rel) {
  const file = path.join(REPO_ROOT, 'build', 'lib', `${rel}.js`);
  if (!existsSync(file)) throw new Error(`${path.relative(REPO_ROOT, file)} is missing: run npm run build first`);
  return createRequire(import.meta.url)(file);
}

/** @type {{ policy: typeof import('../../lib/secrets/sops-policy.js'), file: typeof import('../../lib/secrets/sops-file.js') } | undefined} */
let loaded;
/** The library's SOPS modules, loaded on first use (only the checks that need them require a build). */
function library() {
  loaded ??= { policy: requireBuilt('secrets/sops-policy'), file: requireBuilt('secrets/sops-file') };
  return loaded;
}

/** @typedef {import('../../lib/secrets/sops-policy.js').SopsCreationRule} SopsCreationRule */
/** @typedef {{ file: string, dir: string, policy: import('../../lib/secrets/sops-policy.js').SopsPolicy, rules: readonly SopsCreationRule[] }} SopsConfig */

/**
 * Files that must be SOPS-encrypted: anything under a `secrets/` folder (platform/secrets/ included).
 * @param {string} relPath
 */
export function isSecretsPath(relPath) {
  return relPath.split(/[\\/]/).slice(0, -1).includes('secrets');
}

/**
 * Reads a .sops.yaml with the library's policy reader.
 * @param {string} file
 * @returns {SopsConfig}
 */
export function readSopsConfig(file) {
  const dir = path.dirname(file);
  const p = library().policy.SopsPolicy.load(dir);
  if (!p) throw new Error(`${file}: not found`);
  return { file, dir, policy: p, rules: p.rules };
}

/**
 * The nearest .sops.yaml above file (sops looks upwards from the file's folder), stopping at root.
 * @param {string} file
 * @param {string} root
 * @returns {string | undefined}
 */
export function nearestSopsConfig(file, root) {
  let dir = path.dirname(file);
  for (;;) {
    const candidate = path.join(dir, library().policy.SOPS_CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (dir === root || dir === path.dirname(dir) || !dir.startsWith(root)) return undefined;
    dir = path.dirname(dir);
  }
}

/**
 * The creation rule sops would use for a file (path relative to the config's folder).
 * @param {SopsConfig} config
 * @param {string} file
 * @returns {SopsCreationRule | undefined}
 */
export function ruleFor(config, file) {
  return config.policy.ruleFor(path.relative(config.dir, path.resolve(file)));
}

/** True when a parsed document carries sops metadata. */
export function hasSopsMetadata(obj) {
  return !!obj && typeof obj === 'object' && !Array.isArray(obj) && obj.sops && typeof obj.sops === 'object';
}

/** @param {unknown} v */
const isEnc = (v) => typeof v === 'string' && library().file.SOPS_ENCRYPTED_VALUE.test(v);

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
  const regexText = meta.encrypted_regex ?? rule?.encryptedRegex ?? library().policy.SECRET_ENCRYPTED_REGEX;
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
      warnings.push(
        `encrypted_regex is ${JSON.stringify(meta.encrypted_regex)}, .sops.yaml rule ${rule.index} says ${JSON.stringify(rule.encryptedRegex)}`,
      );
    }
    const recipients = (meta.age ?? []).map((a) => a.recipient).sort();
    const wanted = [...rule.recipients.age].sort();
    if (wanted.length && JSON.stringify(recipients) !== JSON.stringify(wanted)) {
      warnings.push(
        `encrypted for [${recipients.join(', ')}], .sops.yaml rule ${rule.index} names [${wanted.join(', ')}]`,
      );
    }
  }
  return { errors, warnings };
}

/** A Secret with plaintext data/stringData (not SOPS ciphertext): the paths of its plaintext values. */
export function plaintextSecretValues(obj) {
  if (!obj || obj.kind !== 'Secret' || hasSopsMetadata(obj)) return [];
  const out = [];
  for (const key of library().file.SECRET_VALUE_FIELDS) {
    if (obj[key] && typeof obj[key] === 'object') plaintextLeaves(obj[key], `/${key}`, out);
  }
  return out;
}
