#!/usr/bin/env node
// `npm run bump -- <component> <version>`: changes one pinned version where it is pinned, then says what to
// regenerate. It edits exact, known keys only and refuses anything else; it never regenerates or commits by itself.
//
//   npm run bump -- talos 1.13.10
//   npm run bump -- chart:cilium 1.20.3
//   npm run bump -- provider:proxmox 0.112.0
//   npm run bump -- tool:kubeconform v0.7.1
//   npm run bump -- --list            every component and its current version
//
// Where the pins live (docs/upgrades.md):
//   lib/core/versions.ts   Talos, Kubernetes, the Cluster API providers, the Helm charts, the Terraform providers
//   imports/sources.json   the provider versions the bindings are generated from (kept equal to versions.ts)
//   scripts/tools.pins     the conformance tools and the provider builds (go install module@version)
//   lib/core/spec/types/versions.ts the spec's documented defaults for `versions.*` (`@default`, read by `npm run schema`)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// BUMP_ROOT: run against a copy of the repository (the tests do); the default is this repository.
const root = process.env.BUMP_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const FILES = {
  versions: 'lib/core/versions.ts',
  types: 'lib/core/spec/types/versions.ts',
  sources: 'imports/sources.json',
  pins: 'scripts/tools.pins',
};
const VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** Components in lib/core/versions.ts: constant name, and the `VersionsSpec` field whose `@default` documents it. */
const PLATFORM = {
  talos: { constant: 'TALOS_VERSION', specField: 'talos' },
  kubernetes: { constant: 'KUBERNETES_VERSION', specField: 'kubernetes' },
  'cluster-api': { constant: 'CLUSTER_API_VERSION', specField: 'clusterApi' },
  capmox: { constant: 'CAPMOX_VERSION', specField: 'capmox' },
  cabpt: { constant: 'CABPT_VERSION', specField: 'cabpt' },
  cacppt: { constant: 'CACPPT_VERSION', specField: 'cacppt' },
  'ipam-in-cluster': { constant: 'IPAM_IN_CLUSTER_VERSION', specField: 'ipamInCluster' },
  // The operator's Helm chart and its app share one release number: both pins move together.
  'capi-operator': { constant: 'CAPI_OPERATOR_VERSION', chartKey: 'capiOperator' },
};

const read = (rel) => readFileSync(join(root, rel), 'utf8');
const write = (rel, text) => writeFileSync(join(root, rel), text);
/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  process.stderr.write(`bump: ${message}\n`);
  process.exit(1);
}
const kebab = (camel) => camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Keeps the `v` prefix style of the value it replaces (`v1.12.11` stays prefixed, `1.13.9` stays bare). */
function styled(old, version) {
  const bare = version.replace(/^v/, '');
  return old.startsWith('v') ? `v${bare}` : bare;
}

/** Replaces the one match of `pattern` (group 2 is the old value) in `text`; refuses when there is not exactly one. */
function replaceOnce(text, pattern, file, what, next) {
  const matches = [...text.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))];
  if (matches.length !== 1) fail(`${file}: expected exactly one ${what}, found ${matches.length}; edit it by hand`);
  const m = matches[0];
  const old = m[2];
  const value = next(old);
  return { text: text.slice(0, m.index) + m[1] + value + m[3] + text.slice(m.index + m[0].length), old, value };
}

/** The `CHART_VERSIONS = { ... }` block of versions.ts, as [start, end) offsets. */
function chartBlock(text) {
  const start = text.indexOf('export const CHART_VERSIONS = {');
  const end = start < 0 ? -1 : text.indexOf('} as const;', start);
  if (start < 0 || end < 0) fail(`${FILES.versions}: CHART_VERSIONS block not found; edit it by hand`);
  return [start, end];
}

function chartKeys(text) {
  const [s, e] = chartBlock(text);
  return [...text.slice(s, e).matchAll(/^ {2}([a-zA-Z]+): '([^']+)',$/gm)].map((m) => ({ key: m[1], version: m[2] }));
}

function setChart(text, key, version) {
  const [s, e] = chartBlock(text);
  const r = replaceOnce(
    text.slice(s, e),
    new RegExp(`^( {2}${key}: ')([^']+)(',)$`, 'm'),
    FILES.versions,
    `chart ${key}`,
    (old) => styled(old, version),
  );
  return { ...r, text: text.slice(0, s) + r.text + text.slice(e) };
}

function pinLines(text) {
  return text
    .split('\n')
    .map((line, index) => ({ line, index, fields: line.trim().startsWith('#') ? [] : line.trim().split(/\s+/) }))
    .filter((l) => l.fields.length >= 3);
}

/** Go module of a `go install` path: the part before `/cmd/` (tools in one module share its version). */
const goModuleOf = (pkg) => pkg.split('@')[0].replace(/\/cmd\/.*$/, '');

function list() {
  const versions = read(FILES.versions);
  const rows = [];
  for (const [name, c] of Object.entries(PLATFORM)) {
    const m = versions.match(new RegExp(`export const ${c.constant} = '([^']+)';`));
    rows.push([name, m ? m[1] : '?', FILES.versions]);
  }
  for (const { key, version } of chartKeys(versions))
    if (key !== 'capiOperator') rows.push([`chart:${kebab(key)}`, version, FILES.versions]);
  const sources = JSON.parse(read(FILES.sources));
  for (const p of sources.terraform.providers)
    rows.push([`provider:${p.name}`, p.version, `${FILES.sources}, ${FILES.versions}, ${FILES.pins}`]);
  for (const { fields } of pinLines(read(FILES.pins))) {
    if (fields[2] === 'cli' || fields[2].startsWith('fallback:'))
      rows.push([`tool:${fields[0]}`, fields[1].split('@')[1], FILES.pins]);
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [name, version, where] of rows)
    process.stdout.write(`${name.padEnd(width)}  ${version.padEnd(12)}  ${where}\n`);
}

function bumpPlatform(name, version) {
  const c = PLATFORM[name];
  let text = read(FILES.versions);
  const r = replaceOnce(
    text,
    new RegExp(`^(export const ${c.constant} = ')([^']+)(';)$`, 'm'),
    FILES.versions,
    c.constant,
    (old) => styled(old, version),
  );
  text = r.text;
  const changes = [`${FILES.versions}: ${c.constant} ${r.old} -> ${r.value}`];
  if (c.chartKey) {
    const chart = setChart(text, c.chartKey, version);
    text = chart.text;
    changes.push(`${FILES.versions}: CHART_VERSIONS.${c.chartKey} ${chart.old} -> ${chart.value}`);
  }
  if (c.specField) {
    const types = read(FILES.types);
    const start = types.indexOf('export interface VersionsSpec {');
    const end = types.indexOf('\n}\n', start);
    if (start < 0 || end < 0) fail(`${FILES.types}: interface VersionsSpec not found; edit its @default by hand`);
    const block = types.slice(start, end);
    const d = replaceOnce(
      block,
      new RegExp(`(@default ")([^"]+)("\\n {3}\\*/\\n {2}readonly ${c.specField}\\?)`),
      FILES.types,
      `@default of VersionsSpec.${c.specField}`,
      (old) => styled(old, version),
    );
    write(FILES.types, types.slice(0, start) + d.text + types.slice(end));
    changes.push(`${FILES.types}: VersionsSpec.${c.specField} @default "${d.old}" -> "${d.value}"`);
  }
  write(FILES.versions, text);
  const next = ['npm run schema', 'npm run docs:spec', 'npm run synth', 'npm test'];
  const notes = [];
  if (name === 'talos') {
    notes.push('apply stage 00 first: it builds the new image and template (docs/upgrades.md)');
    notes.push(
      'the talos.dev group of imports/sources.json follows the Talos tag: re-transcribe its localCopy ' +
        '(git show <tag>:<upstreamPath>, keep the header), update tag, commit and gitBlob, then npm run import',
    );
  }
  if (name === 'kubernetes') notes.push('the Talos support matrix is TALOS_KUBERNETES_SUPPORT in lib/core/versions.ts');
  if (c.specField && name !== 'talos' && name !== 'kubernetes') {
    notes.push(
      'a new minor may change the CRDs: pin the CRD group in imports/sources.json by hand, then npm run import',
    );
    notes.push('COMPATIBILITY in lib/core/versions.ts says which provider versions work together');
  }
  if (name === 'capi-operator')
    notes.push('the operator CRDs (operator.cluster.x-k8s.io in imports/sources.json) follow it');
  return { changes, next, notes };
}

function bumpChart(key, version) {
  const r = setChart(read(FILES.versions), key, version);
  write(FILES.versions, r.text);
  return {
    changes: [`${FILES.versions}: CHART_VERSIONS.${key} ${r.old} -> ${r.value}`],
    next: ['npm run synth', 'npm test'],
    notes: [
      'read the chart\'s release notes for renamed values; update the "Verified versions" table of docs/gitops.md',
    ],
  };
}

function bumpProvider(name, version) {
  const bare = version.replace(/^v/, '');
  const sourcesText = read(FILES.sources);
  const sources = JSON.parse(sourcesText);
  if (`${JSON.stringify(sources, null, 2)}\n` !== sourcesText)
    fail(`${FILES.sources} is not in the layout this script writes; edit it by hand`);
  const p = sources.terraform.providers.find((x) => x.name === name);
  const old = p.version;
  // The Go module is built by tag when it can be; a pseudo-version names a commit this script cannot look up.
  if (!p.goModule.endsWith(`@v${old}`)) {
    fail(
      `${name} is built from ${p.goModule}, a commit pinned by Go pseudo-version, not the tag v${old}: ` +
        `pick the new commit and edit ${FILES.sources} (version, goModule), ${FILES.pins} and ` +
        `TERRAFORM_PROVIDER_VERSIONS in ${FILES.versions} by hand (see the note in ${FILES.sources}).`,
    );
  }
  const pins = read(FILES.pins).split('\n');
  const row = pinLines(pins.join('\n')).find((l) => l.fields[2] === `provider:${p.source}@${old}`);
  if (!row) fail(`no line "provider:${p.source}@${old}" in ${FILES.pins}; edit the pins by hand`);
  const versions = replaceOnce(
    read(FILES.versions),
    new RegExp(`^( {2}${name}: \\{ source: '[^']+', version: ')([^']+)(' \\},)$`, 'm'),
    FILES.versions,
    `TERRAFORM_PROVIDER_VERSIONS.${name}`,
    () => bare,
  );

  p.version = bare;
  p.goModule = p.goModule.replace(/@v[^@]+$/, `@v${bare}`);
  const line = row.line
    .replace(`provider:${p.source}@${old}`, `provider:${p.source}@${bare}`)
    .replace(`@v${old} `, `@v${bare} `.padEnd(`@v${old} `.length));
  pins[row.index] = line;
  write(FILES.sources, `${JSON.stringify(sources, null, 2)}\n`);
  write(FILES.versions, versions.text);
  write(FILES.pins, pins.join('\n'));

  const notes = [];
  if (p.schemaFile) {
    notes.push(
      `${name}'s bindings come from the committed schema ${p.schemaFile} when the provider cannot be built: ` +
        "dump or transcribe the new version's schema (imports/provider-schemas/README.md) and point schemaFile at it",
    );
  }
  notes.push('read the provider changelog for renamed or deprecated resources (docs/upgrades.md)');
  return {
    changes: [
      `${FILES.sources}: terraform.providers[${name}] version ${old} -> ${bare}, goModule ${p.goModule}`,
      `${FILES.versions}: TERRAFORM_PROVIDER_VERSIONS.${name} ${versions.old} -> ${bare}`,
      `${FILES.pins}: ${row.fields[0]} -> ${line.trim().split(/\s+/).slice(1).join(' ')}`,
    ],
    next: ['npm run tools', 'npm run import', 'npm run synth', 'npm test'],
    notes,
  };
}

function bumpTool(binary, version) {
  const lines = read(FILES.pins).split('\n');
  const rows = pinLines(lines.join('\n'));
  const row = rows.find(
    (l) => l.fields[0] === binary && (l.fields[2] === 'cli' || l.fields[2].startsWith('fallback:')),
  );
  const module = goModuleOf(row.fields[1]);
  const changes = [];
  for (const r of rows.filter((x) => goModuleOf(x.fields[1]) === module && !x.fields[2].startsWith('provider:'))) {
    const [pkg, old] = r.fields[1].split('@');
    const value = styled(old, version);
    const token = `${pkg}@${value}`;
    lines[r.index] = r.line.replace(r.fields[1], token.padEnd(r.fields[1].length));
    changes.push(`${FILES.pins}: ${r.fields[0]} ${old} -> ${value}`);
  }
  write(FILES.pins, lines.join('\n'));
  return { changes, next: ['npm run tools'], notes: [] };
}

function usage() {
  return [
    'usage: npm run bump -- <component> <version>   (npm run bump -- --list shows every component)',
    `  ${Object.keys(PLATFORM).join(', ')}`,
    '  chart:<name>      a Helm chart in CHART_VERSIONS (chart:cilium, chart:argo-cd, ...)',
    '  provider:<name>   a Terraform provider (provider:proxmox, provider:talos, provider:helm, provider:kubernetes)',
    '  tool:<binary>     a conformance tool in scripts/tools.pins (tool:tofu, tool:kubeconform, tool:sops, ...)',
    'CRD groups are pinned by tag, commit and git blob ids: edit imports/sources.json by hand, then npm run import.',
  ].join('\n');
}

const [component, version, ...rest] = process.argv.slice(2);
if (component === '--list') {
  list();
  process.exit(0);
}
if (component === undefined || component === '--help' || component === '-h') {
  process.stdout.write(`${usage()}\n`);
  process.exit(component === undefined ? 2 : 0);
}
if (version === undefined || rest.length > 0) fail(`give one component and one version\n${usage()}`);
if (!VERSION.test(version)) fail(`"${version}" is not a version (expected 1.2.3 or v1.2.3, optionally -rc.1)`);

/** @type {{ changes: string[], next: string[], notes: string[] }} */
let result;
if (component in PLATFORM) {
  result = bumpPlatform(component, version);
} else if (component.startsWith('chart:')) {
  const wanted = component.slice('chart:'.length);
  const key = chartKeys(read(FILES.versions)).find((c) => kebab(c.key) === wanted || c.key === wanted)?.key;
  if (!key || key === 'capiOperator')
    fail(
      `unknown chart "${wanted}" (known: ${chartKeys(read(FILES.versions))
        .filter((c) => c.key !== 'capiOperator')
        .map((c) => kebab(c.key))
        .join(', ')}; the operator chart is "capi-operator")`,
    );
  result = bumpChart(key, version);
} else if (component.startsWith('provider:')) {
  const name = component.slice('provider:'.length);
  const known = JSON.parse(read(FILES.sources)).terraform.providers.map((p) => p.name);
  if (!known.includes(name)) fail(`unknown provider "${name}" (known: ${known.join(', ')})`);
  result = bumpProvider(name, version);
} else if (component.startsWith('tool:')) {
  const binary = component.slice('tool:'.length);
  const known = pinLines(read(FILES.pins))
    .filter((l) => l.fields[2] === 'cli' || l.fields[2].startsWith('fallback:'))
    .map((l) => l.fields[0]);
  if (!known.includes(binary)) fail(`unknown tool "${binary}" (known: ${known.join(', ')})`);
  result = bumpTool(binary, version);
} else {
  fail(`unknown component "${component}"\n${usage()}`);
}

const out = [
  'changed:',
  ...result.changes.map((c) => `  ${c}`),
  '',
  'now regenerate and check (in this order):',
  ...result.next.map((c, i) => `  ${i + 1}. ${c}`),
  `  ${result.next.length + 1}. npm run conformance   (the gate: the real tools accept the output)`,
  ...(result.notes.length ? ['', 'notes:', ...result.notes.map((n) => `  - ${n}`)] : []),
  '',
  'Review the diff (git diff) before committing; docs/upgrades.md has the order to roll it out.',
];
process.stdout.write(`${out.join('\n')}\n`);
