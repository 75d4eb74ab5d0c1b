#!/usr/bin/env node
/**
 * Writes the generated parts of docs/spec.md from the committed schemas (field reference), the bundled example
 * (clusters/) and the invalid-input fixtures (rule list), between `<!-- BEGIN GENERATED: name -->` and
 * `<!-- END GENERATED: name -->` markers. Prose outside the markers is hand-written and kept.
 *
 *   node scripts/spec-docs.mjs          update docs/spec.md
 *   node scripts/spec-docs.mjs --check  exit 1 when docs/spec.md is out of date
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docFile = join(root, 'docs/spec.md');
const WIDTH = 120;

const readJson = (rel) => JSON.parse(readFileSync(join(root, rel), 'utf8'));
const platformSchema = readJson('schemas/platform.schema.json');
const workloadSchema = readJson('schemas/workload-cluster.schema.json');

/** Named string types: documented once in "Value types" and referred to by name. */
const VALUE_TYPES = {
  IPv4Address: 'IPv4 address',
  IPv4Cidr: 'IPv4 CIDR',
  Dns1123Label: 'DNS-1123 label',
  SemanticVersion: 'version',
  TalosExtensionName: 'extension name',
  SpecApiVersion: 'API version',
  MachinesOrPercent: 'count or percentage',
};

function deref(schema, node) {
  let definition;
  while (node && node.$ref) {
    definition = node.$ref.replace('#/definitions/', '');
    node = schema.definitions[definition];
  }
  return { node, definition };
}

/** Splits "Text.\n\nDefault: x." into the description and the default text. */
function splitDescription(text = '') {
  const match = /\n\nDefault: ([\s\S]*)$/.exec(text);
  return match
    ? { description: text.slice(0, match.index), defaultText: match[1].replace(/\.$/, '') }
    : { description: text };
}

function typeOf(schema, prop) {
  const { node, definition } = deref(schema, prop);
  if (definition && VALUE_TYPES[definition]) return VALUE_TYPES[definition];
  if (node.const !== undefined) return `\`${node.const}\``;
  if (node.enum) return node.enum.map((v) => `\`${v}\``).join(' or ');
  if (node.type === 'array') return `list of ${plural(typeOf(schema, node.items))}`;
  if (node.type === 'object') return node.properties ? 'object' : 'map of string to string';
  return node.type;
}

function plural(type) {
  if (type === 'object') return 'objects';
  if (type.startsWith('`')) return type;
  if (type.endsWith('ss')) return `${type}es`;
  return type.endsWith('s') ? type : `${type}s`;
}

function constraints(schema, prop) {
  const { node, definition } = deref(schema, prop);
  const out = [];
  if (node.minimum !== undefined && node.maximum !== undefined) out.push(`${node.minimum} to ${node.maximum}`);
  else if (node.minimum !== undefined) out.push(`at least ${node.minimum}`);
  else if (node.maximum !== undefined) out.push(`at most ${node.maximum}`);
  if (node.minItems !== undefined) out.push(`at least ${node.minItems} ${node.minItems === 1 ? 'entry' : 'entries'}`);
  if (node.pattern && !(definition && VALUE_TYPES[definition])) out.push(`matches \`${node.pattern}\``);
  return out;
}

function formatDefault(prop) {
  if (prop.default === undefined) return undefined;
  return `\`${JSON.stringify(prop.default).replace(/"/g, '').replace(/:/g, ': ').replace(/,/g, ', ')}\``;
}

/** Wraps a list item at WIDTH on spaces, continuation lines indented by two. */
function wrapItem(text) {
  const words = text.split(' ');
  const lines = [];
  let line = '-';
  for (const word of words) {
    if (line.length + 1 + word.length > WIDTH && line.trim() !== '-') {
      lines.push(line);
      line = ` ${word}`;
    } else line += ` ${word}`;
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : ` ${l}`)).join('\n');
}

/** Sections for one object, then for its object-valued fields, depth first. */
function sections(schema, node, path, seen, level, suffix) {
  const out = [];
  const required = new Set(node.required ?? []);
  const items = [];
  const nested = [];
  for (const [key, prop] of Object.entries(node.properties)) {
    const { node: target, definition } = deref(schema, prop);
    const { description, defaultText } = splitDescription(prop.description ?? target.description);
    const type = typeOf(schema, prop);
    const facts = [type, required.has(key) ? 'required' : 'optional', ...constraints(schema, prop)];
    const def = formatDefault(prop) ?? defaultText;
    const sentence = description ? ` ${description.replace(/\s+/g, ' ').trim()}` : '';
    items.push(
      wrapItem(`\`${key}\` (${facts.join(', ')}):${sentence}${def ? ` Default: ${def}.` : ''}`.replace(/\.\. /g, '. ')),
    );
    const element = target.type === 'array' ? deref(schema, target.items) : { node: target, definition };
    if (element.node.type === 'object' && element.node.properties) {
      nested.push({
        key: target.type === 'array' ? `${key}[]` : key,
        node: element.node,
        definition: element.definition,
      });
    }
  }
  out.push(items.join('\n'));
  for (const child of nested) {
    const childPath = path ? `${path}.${child.key}` : child.key;
    out.push(`${'#'.repeat(level)} \`${childPath}\`${suffix}`);
    const first = child.definition && seen.get(child.definition);
    if (first) {
      out.push(`Same fields as \`${first}\`.`);
      continue;
    }
    if (child.definition) seen.set(child.definition, childPath);
    out.push(...sections(schema, child.node, childPath, seen, level, suffix));
  }
  return out;
}

/** `suffix` keeps headings unique across the two references (markdownlint MD024). */
function reference(schema, rootName, suffix) {
  const { node } = deref(schema, schema);
  return sections(schema, node, '', new Map([[rootName, '(top level)']]), 4, suffix).join('\n\n');
}

function valueTypes() {
  const defs = { ...workloadSchema.definitions, ...platformSchema.definitions };
  return Object.entries(VALUE_TYPES)
    .filter(([name]) => defs[name])
    .map(([name, label]) => {
      const d = defs[name];
      const one = (x) =>
        x.type === 'integer'
          ? `an integer${x.minimum !== undefined ? ` of at least ${x.minimum}` : ''}`
          : `a string that matches \`${x.pattern}\``;
      const rule =
        d.const !== undefined
          ? `always \`${d.const}\``
          : d.anyOf
            ? d.anyOf.map((a) => one(deref({ definitions: defs }, a).node)).join(', or ')
            : `matches \`${d.pattern}\`${d.maxLength ? `, at most ${d.maxLength} characters` : ''}`;
      return wrapItem(`${label} (\`${name}\`): ${d.description.replace(/\s+/g, ' ')} Rule: ${rule}.`);
    })
    .join('\n');
}

function example() {
  const files = ['clusters/platform.yaml', 'clusters/prod/prod.yaml', 'clusters/staging/staging.yaml'];
  return files
    .map((f) => `### \`${f}\`\n\n\`\`\`yaml\n${readFileSync(join(root, f), 'utf8').trimEnd()}\n\`\`\``)
    .join('\n\n');
}

/** One line per rule, from the invalid-input fixtures' headers (test/fixtures/invalid/<rule>.yaml). */
function rules() {
  const dir = join(root, 'test/fixtures/invalid');
  const byRule = new Map();
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    const rule = /^# expect-rule: (.+)$/m.exec(text)?.[1] ?? name.replace(/\.yaml$/, '');
    const why = text.split('\n')[1].replace(/^# /, '');
    byRule.set(rule, [...(byRule.get(rule) ?? []), why]);
  }
  return [...byRule]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([rule, whys]) => wrapItem(`\`${rule}\`: ${whys.join(' ')}`))
    .join('\n');
}

const blocks = {
  example: example(),
  'value-types': valueTypes(),
  'platform-reference': reference(platformSchema, 'PlatformSpec', ''),
  'workload-reference': reference(workloadSchema, 'WorkloadClusterSpec', ' (cluster)'),
  rules: rules(),
};

let doc = readFileSync(docFile, 'utf8');
for (const [name, content] of Object.entries(blocks)) {
  const begin = `<!-- BEGIN GENERATED: ${name} (npm run docs:spec) -->`;
  const end = `<!-- END GENERATED: ${name} -->`;
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`docs/spec.md: missing markers for ${name}`);
  doc = `${doc.slice(0, start + begin.length)}\n\n${content}\n\n${doc.slice(stop)}`;
}
const current = readFileSync(docFile, 'utf8');
if (process.argv.includes('--check')) {
  if (current !== doc) {
    process.stderr.write('docs/spec.md is out of date: run npm run docs:spec\n');
    process.exitCode = 1;
  }
} else if (current !== doc) {
  writeFileSync(docFile, doc);
  process.stdout.write('wrote docs/spec.md\n');
}
