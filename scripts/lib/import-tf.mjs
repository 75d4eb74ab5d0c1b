// Terraform provider bindings for scripts/import.mjs.
//
// 1. Schema: `tofu providers schema -json` in a scratch folder whose main.tf.json pins the provider at
//    the exact version, with a CLI config whose filesystem mirror holds the go-installed provider binary
//    (`.tools/tofurc` when it exists, else a temporary one written into the scratch folder).
// 2. Filter it to the resources and data sources listed in imports/sources.json; the filtered schema is
//    kept as imports/providers/<name>/schema.json, so the TypeScript can be regenerated (and `--check`ed)
//    on a machine without the provider binaries. A provider whose binary cannot be built here may name a
//    committed schema dump instead (`schemaFile` in sources.json); a live read still wins when the binary exists.
// 3. Generate TypeScript with @cdktf/provider-generator (what `cdktf get` runs), one folder per resource,
//    without the root index.ts / lazy-index.ts (they load every resource) and without the per-resource
//    README.md files.
/* global structuredClone */ // a Node 20 global
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, jsonHeader, listFiles, stableJson, tsHeader } from './import-common.mjs';

// @cdktf/commons runs `terraform version -json` and a HashiCorp checkpoint (telemetry) request as soon as it
// is loaded; neither is used here, so make both no-ops.
process.env.CHECKPOINT_DISABLE ??= '1';
process.env.TERRAFORM_BINARY_NAME ??= 'true';

const require = createRequire(import.meta.url);
const generatorPkg = require.resolve('@cdktf/provider-generator');
const { CodeMaker, TerraformProviderGenerator, TerraformProviderConstraint } = require(generatorPkg);
const { ConstructsMakerProviderTarget, LANGUAGES } = createRequire(generatorPkg)('@cdktf/commons');
const GENERATOR_VERSION = require('@cdktf/provider-generator/package.json').version;

const TOOLS_DIR = path.join(REPO_ROOT, '.tools');
const PLATFORM = `${os.platform()}_${os.arch() === 'x64' ? 'amd64' : os.arch()}`;
/** Host the provider-generator assumes for "namespace/type" sources (it builds the docs links from it). */
const GENERATOR_HOST = 'registry.terraform.io';

export function providerType(p) {
  return p.source.split('/').pop();
}

function providerNamespace(p) {
  return p.source.split('/')[0];
}

/** imports/providers/<name>/schema.json (relative to imports/). */
export function schemaSnapshotPath(p) {
  return `providers/${p.name}/schema.json`;
}

function findTofu(explicit) {
  const candidates = [explicit, path.join(TOOLS_DIR, 'bin', 'tofu'), path.join(TOOLS_DIR, 'bin', 'terraform')];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  for (const name of ['tofu', 'terraform']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

/** Where a provider binary may be: --providers-dir, the .tools mirror, .tools/bin. */
function findProviderBinary(p, providersDir) {
  const type = providerType(p);
  const names = [`terraform-provider-${type}_v${p.version}`, `terraform-provider-${type}`];
  const dirs = [
    providersDir,
    path.join(TOOLS_DIR, 'mirror', 'registry.opentofu.org', providerNamespace(p), type, p.version, PLATFORM),
    path.join(TOOLS_DIR, 'mirror', 'registry.terraform.io', providerNamespace(p), type, p.version, PLATFORM),
    path.join(TOOLS_DIR, 'bin'),
  ].filter(Boolean);
  for (const d of dirs) for (const n of names) if (fs.existsSync(path.join(d, n))) return path.join(d, n);
  return undefined;
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return r;
}

/**
 * Read the full schema of one provider with tofu. Returns the parsed JSON, or throws with the tool's output.
 */
function extractSchema(p, { tofu, binary, registryHost, keepScratch, log }) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `import-schema-${p.name}-`));
  try {
    fs.writeFileSync(
      path.join(scratch, 'main.tf.json'),
      JSON.stringify(
        { terraform: { required_providers: { [providerType(p)]: { source: p.source, version: p.version } } } },
        null,
        2,
      ),
    );
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_PLUGIN_CACHE_DIR: '' };
    delete env.TF_DATA_DIR;
    const tryInit = (cliConfig) =>
      run(tofu, ['init', '-input=false', '-no-color', '-backend=false'], {
        cwd: scratch,
        env: { ...env, TF_CLI_CONFIG_FILE: cliConfig },
      });

    // Prefer the project's CLI config; fall back to a scratch mirror of the binary we found.
    const projectRc = path.join(TOOLS_DIR, 'tofurc');
    let cliConfig;
    let init;
    if (fs.existsSync(projectRc)) {
      init = tryInit(projectRc);
      if (init.status === 0) cliConfig = projectRc;
      else log(`  ${p.name}: init with .tools/tofurc failed, using a scratch mirror`);
    }
    if (!cliConfig) {
      if (!binary) throw new Error(`no provider binary for ${p.source} ${p.version}`);
      const mirror = path.join(scratch, 'mirror');
      const dir = path.join(mirror, registryHost, providerNamespace(p), providerType(p), p.version, PLATFORM);
      fs.mkdirSync(dir, { recursive: true });
      const target = path.join(dir, `terraform-provider-${providerType(p)}_v${p.version}`);
      try {
        fs.linkSync(binary, target);
      } catch {
        fs.symlinkSync(binary, target);
      }
      cliConfig = path.join(scratch, 'cli.tfrc');
      fs.writeFileSync(
        cliConfig,
        `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["${registryHost}/*/*"]\n  }\n}\n`,
      );
      init = tryInit(cliConfig);
      if (init.status !== 0)
        throw new Error(`tofu init failed for ${p.source} ${p.version}:\n${init.stdout}\n${init.stderr}`);
    }
    const r = run(tofu, ['providers', 'schema', '-json'], {
      cwd: scratch,
      env: { ...env, TF_CLI_CONFIG_FILE: cliConfig },
    });
    if (r.status !== 0) throw new Error(`tofu providers schema failed for ${p.source}:\n${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    if (!keepScratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function findProviderKey(schema, p) {
  const keys = Object.keys(schema.provider_schemas || {});
  const key = keys.find((k) => k.toLowerCase().endsWith(`/${p.source.toLowerCase()}`));
  if (!key) throw new Error(`schema has no provider ${p.source} (has: ${keys.join(', ') || 'none'})`);
  return key;
}

/** Keep only the provider block and the listed resources / data sources; report names the schema lacks. */
export function filterSchema(full, p, origin = '`tofu providers schema -json`') {
  const key = findProviderKey(full, p);
  const ps = full.provider_schemas[key];
  const missing = [];
  const pick = (all, names, what) => {
    const out = {};
    for (const n of names) {
      if (all && all[n]) out[n] = all[n];
      else missing.push(`${what} ${n}`);
    }
    return out;
  };
  const filtered = {
    provider: ps.provider,
    resource_schemas: pick(ps.resource_schemas, p.resources || [], 'resource'),
    data_source_schemas: pick(ps.data_source_schemas, p.dataSources || [], 'data source'),
  };
  if (missing.length) {
    throw new Error(
      `${p.source} ${p.version} has no ${missing.join(', ')} (listed in imports/sources.json). Remove or rename them; run with --list to see what exists.`,
    );
  }
  return {
    '//': jsonHeader(`${p.source} ${p.version} (${origin}, filtered to the names in sources.json)`),
    format_version: full.format_version,
    provider_schemas: { [key]: filtered },
  };
}

/** Names of every resource / data source in a full schema (for --list). */
export function listSchemaNames(full, p) {
  const ps = full.provider_schemas[findProviderKey(full, p)];
  return {
    resources: Object.keys(ps.resource_schemas || {}).sort(),
    dataSources: Object.keys(ps.data_source_schemas || {}).sort(),
    deprecated: [
      ...Object.entries(ps.resource_schemas || {})
        .filter(([, s]) => s.block?.deprecated)
        .map(([n]) => `resource ${n}`),
      ...Object.entries(ps.data_source_schemas || {})
        .filter(([, s]) => s.block?.deprecated)
        .map(([n]) => `data ${n}`),
    ].sort(),
  };
}

/** Run the provider-generator over a filtered schema; returns { files: Map(rel -> content), manifest }. */
async function generateTypeScript(snapshot, p) {
  const schema = structuredClone(snapshot);
  delete schema['//'];
  // The generator matches "namespace/type" sources against registry.terraform.io keys.
  const [key] = Object.keys(schema.provider_schemas);
  const fqpn = `${GENERATOR_HOST}/${p.source}`.toLowerCase();
  schema.provider_schemas = { [fqpn]: schema.provider_schemas[key] };
  schema.provider_versions = { [fqpn]: p.version };

  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  const constraint = new TerraformProviderConstraint({ name: p.name, source: p.source, version: p.version });
  generator.generate(new ConstructsMakerProviderTarget(constraint, LANGUAGES[0]));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `import-tf-${p.name}-`));
  try {
    await code.save(tmp);
    const base = path.join(tmp, 'providers', p.name);
    const header = tsHeader(`${p.source} ${p.version}, schema imports/${schemaSnapshotPath(p)}`);
    const files = new Map();
    for (const rel of listFiles(base)) {
      // Root index.ts / lazy-index.ts load every resource; the READMEs only hold a registry link.
      if (rel === 'index.ts' || rel === 'lazy-index.ts' || rel.endsWith('README.md')) continue;
      if (!rel.endsWith('.ts')) throw new Error(`unexpected generated file ${rel}`);
      files.set(`providers/${p.name}/${rel}`, header + fs.readFileSync(path.join(base, rel), 'utf8'));
    }

    const entry = (type, tfType) => {
      const dir = generator.getNamespaceNameForResource(type);
      const className = generator.getClassNameForResource(type);
      const mod = `imports/providers/${p.name}/${dir}`;
      if (!dir || !className || !files.has(`providers/${p.name}/${dir}/index.ts`)) {
        throw new Error(`no generated module for ${tfType}`);
      }
      return { module: mod, className };
    };
    const manifest = {
      source: p.source,
      version: p.version,
      provider: entry('provider', 'provider'),
      resources: Object.fromEntries((p.resources || []).map((r) => [r, entry(r, r)])),
      dataSources: Object.fromEntries((p.dataSources || []).map((d) => [d, entry(`data_${d}`, `data ${d}`)])),
    };
    return { files, manifest };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Generate the bindings of every provider in sources.json into `tree`.
 * options.schema: 'auto' (live schema when the provider binary is found, else the provider's `schemaFile`,
 * else the committed imports/providers/<name>/schema.json), 'live' (binary required), 'snapshot' (no live read).
 * Returns { problems: string[], notes: string[] }.
 */
export async function generateTerraform(sources, tree, options) {
  const { log } = options;
  const tfSources = sources.terraform;
  const registryHost = tfSources.registryHost || 'registry.opentofu.org';
  const tofu = options.schema === 'snapshot' ? undefined : findTofu(options.tofu);
  const problems = [];
  const notes = [];
  const manifest = {
    '//': jsonHeader('imports/sources.json (terraform.providers)'),
    providerGenerator: GENERATOR_VERSION,
    providers: {},
  };
  tree.own('providers/');

  for (const p of tfSources.providers) {
    if (p.generate === false) {
      notes.push(
        `terraform ${p.name}: not generated ("generate": false${p.blockedReason ? `: ${p.blockedReason}` : ''})`,
      );
      continue;
    }
    let snapshot;
    const snapshotFile = path.join(options.importsDir, schemaSnapshotPath(p));
    const binary = findProviderBinary(p, options.providersDir);
    const canLive = options.schema !== 'snapshot' && tofu && binary;
    if (canLive) {
      try {
        log(
          `terraform ${p.name}: reading schema of ${p.source} ${p.version}${binary ? ` (${path.relative(REPO_ROOT, binary).startsWith('..') ? binary : path.relative(REPO_ROOT, binary)})` : ''}`,
        );
        const full = extractSchema(p, { tofu, binary, registryHost, keepScratch: options.keepScratch, log });
        if (options.list) {
          const names = listSchemaNames(full, p);
          log(`  resources (${names.resources.length}): ${names.resources.join(' ')}`);
          log(`  data sources (${names.dataSources.length}): ${names.dataSources.join(' ')}`);
          log(`  deprecated: ${names.deprecated.join(', ') || 'none'}`);
        }
        snapshot = filterSchema(full, p);
      } catch (e) {
        if (options.schema === 'live' || !(p.schemaFile || fs.existsSync(snapshotFile))) {
          problems.push(`terraform ${p.name}: ${e.message}`);
          continue;
        }
        notes.push(
          `terraform ${p.name}: live schema failed (${e.message.split('\n')[0]}); falling back to the committed schema`,
        );
      }
    } else if (options.schema === 'live') {
      problems.push(
        `terraform ${p.name}: ${tofu ? '' : 'no tofu binary; '}no provider binary for ${p.source} ${p.version} (go install ${p.goModule})`,
      );
      continue;
    }
    if (!snapshot && p.schemaFile) {
      // A committed schema dump named in sources.json (used when the provider binary cannot be built).
      const file = path.join(REPO_ROOT, p.schemaFile);
      if (!fs.existsSync(file)) {
        problems.push(`terraform ${p.name}: schemaFile ${p.schemaFile} does not exist`);
        continue;
      }
      try {
        snapshot = filterSchema(JSON.parse(fs.readFileSync(file, 'utf8')), p, p.schemaFile);
      } catch (e) {
        problems.push(`terraform ${p.name}: ${e.message}`);
        continue;
      }
      notes.push(`terraform ${p.name}: schema from ${p.schemaFile} (provider binary not found)`);
    }
    if (!snapshot) {
      if (!fs.existsSync(snapshotFile)) {
        problems.push(
          `terraform ${p.name}: no provider binary for ${p.source} ${p.version} and no committed schema imports/${schemaSnapshotPath(p)}; ` +
            `build it (go install ${p.goModule}) into .tools/bin or pass --providers-dir`,
        );
        continue;
      }
      notes.push(
        `terraform ${p.name}: schema from the committed snapshot imports/${schemaSnapshotPath(p)} (provider binary not found, not re-read)`,
      );
      try {
        // re-filter: the names in sources.json must still be in it, and names dropped from sources.json go
        snapshot = filterSchema(JSON.parse(fs.readFileSync(snapshotFile, 'utf8')), p);
      } catch (e) {
        problems.push(`terraform ${p.name}: ${e.message}`);
        continue;
      }
    }
    tree.add(schemaSnapshotPath(p), stableJson(snapshot));
    const { files, manifest: m } = await generateTypeScript(snapshot, p);
    for (const [rel, content] of files) tree.add(rel, content);
    manifest.providers[p.name] = m;
  }
  tree.add('providers/manifest.json', stableJson(manifest));
  return { problems, notes };
}
