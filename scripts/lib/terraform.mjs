/* global structuredClone */
// Helpers for checking synthesized CDKTF stacks (cdk.tf.json) with OpenTofu.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** [{ local, source, version }] from terraform.required_providers (source defaults to hashicorp/<local>). */
export function requiredProviders(config) {
  const rp = config?.terraform?.required_providers ?? {};
  return Object.entries(rp).map(([local, v]) => {
    const spec = typeof v === 'string' ? { version: v } : (v ?? {});
    let source = spec.source ?? `hashicorp/${local}`;
    // registry.terraform.io/ns/type and registry.opentofu.org/ns/type name the same provider for the mirror
    source = source.replace(/^(registry\.terraform\.io|registry\.opentofu\.org)\//, '');
    return { local, source: source.toLowerCase(), version: spec.version };
  });
}

/** An exact version from a constraint (`0.111.1`, `= 0.111.1`), or undefined for ranges. */
export function exactVersion(constraint) {
  const m = /^\s*=?\s*v?(\d+\.\d+\.\d+(?:-[\w.]+)?)\s*$/.exec(constraint ?? '');
  return m?.[1];
}

/**
 * Dummy strings by variable name: well-formed enough for provider-side format checks, never reachable
 * (`.invalid` host names, TEST-NET-1 addresses from RFC 5737).
 */
/** @type {[RegExp, string][]} */
const DUMMY_STRINGS = [
  [/api_?token/i, 'conformance@pve!dummy=00000000-0000-0000-0000-000000000000'],
  [/url|endpoint/i, 'https://dummy.invalid:8006/'],
  [/cidr|subnet|prefix/i, '192.0.2.0/24'],
  [/gateway/i, '192.0.2.1'],
  [/(^|_)(ip|ips|address|addresses|vip)($|_)/i, '192.0.2.10'],
  [/domain|host(name)?$/i, 'dummy.invalid'],
];

/**
 * A dummy, non-secret value for a variable type constraint (`string`, `list(string)`,
 * `object({ name = string, port = optional(number) })`, ...).
 */
export function dummyValue(type, name = 'value') {
  const src = (type ?? 'string').replace(/\s+/g, ' ').trim();
  let i = 0;
  const peek = () => src.slice(i).trimStart();
  const skipWs = () => {
    while (src[i] === ' ') i++;
  };
  const ident = () => {
    skipWs();
    const m = /^[A-Za-z_][\w-]*/.exec(src.slice(i));
    if (!m) throw new Error(`cannot read type "${type}" at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const expect = (ch) => {
    skipWs();
    if (src[i] !== ch) throw new Error(`cannot read type "${type}": expected "${ch}" at ${i}`);
    i++;
  };
  const parse = (label) => {
    const word = ident();
    switch (word) {
      case 'string':
        return DUMMY_STRINGS.find(([re]) => re.test(label))?.[1] ?? `dummy-${label}`;
      case 'number':
        return 1;
      case 'bool':
        return false;
      case 'any':
        return `dummy-${label}`;
      case 'list':
      case 'set':
      case 'tuple': {
        expect('(');
        skipWs();
        if (word === 'tuple') {
          expect('[');
          const items = [];
          while (!peek().startsWith(']')) {
            items.push(parse(label));
            skipWs();
            if (src[i] === ',') i++;
          }
          expect(']');
          expect(')');
          return items;
        }
        const item = parse(label);
        expect(')');
        return [item];
      }
      case 'map': {
        expect('(');
        const item = parse(label);
        expect(')');
        return { dummy: item };
      }
      case 'optional': {
        expect('(');
        const v = parse(label);
        skipWs();
        if (src[i] === ',') {
          // optional(type, default): skip the default expression up to the closing parenthesis
          let depth = 0;
          for (; i < src.length; i++) {
            if ('([{'.includes(src[i])) depth++;
            else if (')]}'.includes(src[i])) {
              if (depth === 0) break;
              depth--;
            }
          }
        }
        expect(')');
        return { optional: true, value: v };
      }
      case 'object': {
        expect('(');
        expect('{');
        const out = {};
        while (!peek().startsWith('}')) {
          const key = ident();
          skipWs();
          if (src[i] === '=' || src[i] === ':') i++;
          const v = parse(key);
          if (!(v && typeof v === 'object' && v.optional === true)) out[key] = v;
          skipWs();
          if (src[i] === ',') i++;
        }
        expect('}');
        expect(')');
        return out;
      }
      default:
        throw new Error(`unknown type "${word}" in "${type}"`);
    }
  };
  const v = parse(name);
  return v && typeof v === 'object' && v.optional === true ? v.value : v;
}

/** TF_VAR_<name> environment entries for every variable without a default. */
export function dummyVariables(config) {
  const env = {};
  for (const [name, v] of Object.entries(config?.variable ?? {})) {
    if (v && Object.prototype.hasOwnProperty.call(v, 'default')) continue;
    let value;
    try {
      value = dummyValue(v?.type, name);
    } catch {
      value = `dummy-${name}`;
    }
    env[`TF_VAR_${name}`] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return env;
}

/**
 * Copies a stack folder to scratch for validation: drops `terraform.backend`/`terraform.cloud` from the copy and
 * adds `zz_override.tf.json` with a local backend, so nothing remote is configured or contacted.
 */
export function prepareScratchStack(stackDir, scratchDir) {
  cpSync(stackDir, scratchDir, {
    recursive: true,
    filter: (src) => !/(^|[\\/])(\.terraform|terraform\.tfstate(\.backup)?)$/.test(src),
  });
  const file = path.join(scratchDir, 'cdk.tf.json');
  const config = JSON.parse(readFileSync(file, 'utf8'));
  const removed = [];
  for (const key of ['backend', 'cloud']) {
    if (config.terraform?.[key]) {
      removed.push(key === 'backend' ? `backend ${Object.keys(config.terraform.backend).join(',')}` : 'cloud');
      delete config.terraform[key];
    }
  }
  writeFileSync(file, JSON.stringify(config, null, 2));
  writeFileSync(
    path.join(scratchDir, 'zz_override.tf.json'),
    JSON.stringify({ terraform: { backend: { local: { path: 'terraform.tfstate' } } } }, null, 2),
  );
  return { config, removed };
}

/** cdktf writes the construct path of each block under `//.metadata.path`; find it for an address. */
export function constructPathOf(config, address) {
  const parts = (address ?? '').split('.');
  let node;
  if (parts[0] === 'resource' || parts[0] === 'data') node = config?.[parts[0]]?.[parts[1]]?.[parts[2]];
  else if (parts[0] === 'module' || parts[0] === 'output' || parts[0] === 'variable')
    node = config?.[parts[0]]?.[parts[1]];
  return node?.['//']?.metadata?.path;
}

/** One line per error diagnostic: `<address> (<construct path>): <summary>: <detail>`. */
export function formatDiagnostics(diagnostics, config) {
  return (diagnostics ?? [])
    .filter((d) => d.severity === 'error')
    .map((d) => {
      const address = d.snippet?.context ?? (d.range ? `${d.range.filename}:${d.range.start?.line}` : undefined);
      const construct = constructPathOf(config, d.snippet?.context);
      const where = address ? `${address}${construct ? ` (${construct})` : ''}: ` : '';
      const detail = (d.detail ?? '').replace(/\s+/g, ' ').trim();
      return `${where}${d.summary}${detail ? `: ${detail}` : ''}`;
    });
}

/** Error diagnostics from the JSON-lines output of `tofu plan -json`. */
export function planDiagnostics(stdout) {
  const out = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const msg = JSON.parse(line);
      if (msg.type === 'diagnostic' && msg.diagnostic) out.push(msg.diagnostic);
    } catch {
      // not a JSON line
    }
  }
  return out;
}

/** First error line of human-readable tofu output (`Error: ...` plus the sentence after it). */
export function firstErrorLine(text) {
  const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
  const lines = text
    .replace(ansi, '')
    .split('\n')
    .map((l) => l.replace(/^[│╷╵\s]+/, '').trim());
  const i = lines.findIndex((l) => l.startsWith('Error:'));
  if (i < 0) return lines.filter(Boolean).slice(-1)[0] ?? '';
  const next = lines.slice(i + 1).find((l) => l && !l.startsWith('on ') && !/^\d+:/.test(l));
  return next ? `${lines[i]} ${next}` : lines[i];
}

/**
 * The literal that stands in for a value of a provider removed by {@link withoutProviders}: valid base64 (of
 * `removed-provider-value`), so `base64decode()` of a stand-in still evaluates.
 */
export const REMOVED_VALUE = 'cmVtb3ZlZC1wcm92aWRlci12YWx1ZQ==';
/** The stand-in for attributes that providers check to be URLs (`url`, `*_url`). */
export const REMOVED_URL = 'https://removed-provider-value.invalid/';

/**
 * A copy of a cdk.tf.json without the providers whose local names are given: their `required_providers` entry,
 * provider blocks, resources and data sources go, references to them become the string literal
 * {@link REMOVED_VALUE}, and `depends_on` / `replace_triggered_by` entries naming them are dropped. What is left can
 * be validated with the real remaining providers: a partial check, reported as such, for stacks that use a provider
 * which cannot be installed.
 */
export function withoutProviders(config, localNames) {
  const names = [...localNames];
  if (!names.length) return { config, removedBlocks: 0 };
  const prefix = `(?:${names.map((n) => n.replace(/[^a-z0-9_]/gi, '')).join('|')})_[a-z0-9_]+`;
  const address = new RegExp(`^(?:data\\.)?${prefix}\\.[A-Za-z0-9_-]+$`);
  const reference = new RegExp(`\\b(?:data\\.)?${prefix}\\.[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_]+|\\[[^\\]]*\\])*`, 'g');
  const typeOwned = new RegExp(`^${prefix}$`);
  const copy = structuredClone(config);
  let removedBlocks = 0;
  for (const name of names) {
    if (copy.terraform?.required_providers) delete copy.terraform.required_providers[name];
    if (copy.provider?.[name]) {
      delete copy.provider[name];
      removedBlocks++;
    }
  }
  for (const kind of ['resource', 'data']) {
    for (const type of Object.keys(copy[kind] ?? {})) {
      if (typeOwned.test(type)) {
        removedBlocks += Object.keys(copy[kind][type]).length;
        delete copy[kind][type];
      }
    }
  }
  const rewrite = (value, key) => {
    if (typeof value === 'string') {
      const standIn = /(^|_)url$/i.test(key ?? '') ? REMOVED_URL : REMOVED_VALUE;
      return value.includes('${') ? value.replace(reference, `"${standIn}"`) : value;
    }
    if (Array.isArray(value)) {
      let kept = value;
      if (key === 'depends_on' || key === 'replace_triggered_by') kept = value.filter((v) => !address.test(v));
      // A condition about a removed object would become a constant, which OpenTofu rejects: drop it.
      if (key === 'precondition' || key === 'postcondition') {
        kept = value.filter((c) => !JSON.stringify(c).match(new RegExp(reference.source)));
      }
      return kept.map((v) => rewrite(v));
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, k)]));
    }
    return value;
  };
  return { config: rewrite(copy), removedBlocks };
}
