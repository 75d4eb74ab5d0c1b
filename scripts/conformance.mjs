#!/usr/bin/env node
// Conformance: checks the synthesized outputs with the real tools users run (DESIGN.md, "Conformance").
//
//   npm run conformance                      synthesize clusters/ into a temp folder, then check it
//   node scripts/conformance.mjs --tf-dir cdktf.out --k8s-dir dist      check folders already synthesized
//
// (a) every cdktf.out/stacks/*/cdk.tf.json: offline `tofu init` from the .tools mirror, `tofu validate`,
//     then `tofu plan -refresh=false` with dummy variables (informational unless --require-plan names it);
// (b) every Kubernetes document (and `helm template` of every chart folder): custom kinds with kubeconform
//     -strict against schemas derived from the pinned CRDs, built-in kinds with kubernetes-models plus an
//     unknown-field check; a kind without a schema fails;
// (c) SOPS: the real sops/age round trip with a throwaway key, the .sops.yaml rules, every file under a
//     secrets/ folder encrypted, no Secret with plaintext data.
// One table at the end (and reports/conformance.json); exit status 1 when anything failed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DEFAULT_CRD_FOLDERS, schemaLocationTemplate, writeSchemaDir } from './lib/crd-schemas.mjs';
import { validateCoreDocuments } from './lib/core-validate.mjs';
import { describe, findChartDirs, manifestFiles, routeDocument, splitYamlDocuments } from './lib/documents.mjs';
import {
  checkEncryptedDocument,
  hasSopsMetadata,
  isSecretsPath,
  nearestSopsConfig,
  plaintextSecretValues,
  readSopsConfig,
  ruleFor,
} from './lib/sops.mjs';
import {
  dummyVariables,
  exactVersion,
  firstErrorLine,
  formatDiagnostics,
  planDiagnostics,
  prepareScratchStack,
  requiredProviders,
  withoutProviders,
} from './lib/terraform.mjs';
import { INSTALL_COMMAND, MissingToolError, REPO_ROOT, providerAvailability, requireTools, run, toolEnv } from './lib/tools.mjs';

const USAGE = `Usage: node scripts/conformance.mjs [options]

  --config DIR          cluster specs to synthesize (default: clusters)
  --tf-dir DIR          check this synthesized cdktf output folder (the one holding stacks/); no synth
  --k8s-dir DIR         check this synthesized manifests folder; no synth
  --crds DIR            CRD mirror (default: <repo>/../shared/reference/crds)
  --require-plan A,B    stacks whose tofu plan must pass (default: plan is informational)
  --no-plan             do not run tofu plan
  --report FILE         JSON report (default: reports/conformance.json)
  --strict              count SKIP as a failure (e.g. a stack whose provider cannot be installed here)
  --verbose             list every passing target in the table (default: passes are counted per check)
  --keep-temp           keep the scratch folder and print its path
`;

const DEFAULT_CRDS = path.resolve(REPO_ROOT, '..', 'shared', 'reference', 'crds');

// ---- arguments ----------------------------------------------------------------------------------------
export function parseArgs(argv) {
  const opts = {
    config: 'clusters',
    tfDir: undefined,
    k8sDir: undefined,
    crds: DEFAULT_CRDS,
    requirePlan: new Set(),
    plan: true,
    report: path.join(REPO_ROOT, 'reports', 'conformance.json'),
    strict: false,
    verbose: false,
    keepTemp: false,
  };
  const value = (i, flag) => {
    if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--config': opts.config = value(i++, a); break;
      case '--tf-dir': opts.tfDir = path.resolve(value(i++, a)); break;
      case '--k8s-dir': opts.k8sDir = path.resolve(value(i++, a)); break;
      case '--crds': opts.crds = path.resolve(value(i++, a)); break;
      case '--require-plan':
        for (const s of value(i++, a).split(',').map((x) => x.trim()).filter(Boolean)) opts.requirePlan.add(s);
        break;
      case '--no-plan': opts.plan = false; break;
      case '--report': opts.report = path.resolve(value(i++, a)); break;
      case '--strict': opts.strict = true; break;
      case '--verbose': opts.verbose = true; break;
      case '--keep-temp': opts.keepTemp = true; break;
      case '-h':
      case '--help': opts.help = true; break;
      default: throw new UsageError(`unknown argument ${a}`);
    }
  }
  return opts;
}

class UsageError extends Error {}

// ---- report -----------------------------------------------------------------------------------------
/** Results: PASS, FAIL, WARN (informational problem), SKIP (could not be checked here; --strict fails it). */
class Report {
  rows = [];
  add(check, target, result, detail = '') {
    this.rows.push({ check, target, result, detail });
  }
  failed(strict) {
    return this.rows.filter((r) => r.result === 'FAIL' || (strict && r.result === 'SKIP'));
  }
}

function rel(p) {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

function printTable(rows, verbose) {
  let shown = rows;
  if (!verbose) {
    shown = [];
    const passes = new Map();
    for (const r of rows) {
      if (r.result === 'PASS') {
        const p = passes.get(r.check) ?? { n: 0, first: r };
        p.n++;
        passes.set(r.check, p);
      } else shown.push(r);
    }
    const summary = [...passes].map(([check, p]) =>
      p.n === 1 ? p.first : { check, target: `${p.n} targets`, result: 'PASS', detail: '--verbose lists them' },
    );
    shown = [...summary, ...shown];
  }
  const clip = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
  const w = { check: 12, target: 44, result: 6 };
  for (const r of shown) {
    w.check = Math.max(w.check, Math.min(r.check.length, 20));
    w.target = Math.max(w.target, Math.min(r.target.length, 70));
  }
  const line = (c, t, res, d) => `${clip(c, w.check).padEnd(w.check)}  ${clip(t, w.target).padEnd(w.target)}  ${res.padEnd(w.result)}  ${d}`;
  const out = [line('CHECK', 'TARGET', 'RESULT', 'DETAIL'), line('-'.repeat(w.check), '-'.repeat(w.target), '------', '------')];
  for (const r of shown) {
    const details = String(r.detail).split('\n');
    out.push(line(r.check, r.target, r.result, details[0]));
    for (const d of details.slice(1)) out.push(line('', '', '', d));
  }
  return out.join('\n');
}

// ---- (a) Terraform stacks -------------------------------------------------------------------------------
function checkStacks(tfDir, ctx) {
  const { report, tools, env, tmp, opts } = ctx;
  const stacksDir = path.join(tfDir, 'stacks');
  const stacks = existsSync(stacksDir)
    ? readdirSync(stacksDir).filter((s) => existsSync(path.join(stacksDir, s, 'cdk.tf.json'))).sort()
    : [];
  if (!stacks.length) {
    report.add('tofu validate', rel(stacksDir), 'FAIL', 'no stacks/*/cdk.tf.json found');
    return;
  }
  for (const name of opts.requirePlan) {
    if (!stacks.includes(name)) report.add('tofu plan', name, 'FAIL', `--require-plan names ${name}, which is not a stack here (${stacks.join(', ')})`);
  }
  const availability = providerAvailability(REPO_ROOT);
  const iac = tools.iac.name;
  // no network for plan: providers that try to reach anything get a dead local proxy
  const noNet = { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '', https_proxy: 'http://127.0.0.1:9', http_proxy: 'http://127.0.0.1:9', no_proxy: '' };

  for (const stack of stacks) {
    const target = `stacks/${stack}`;
    const scratch = path.join(tmp, 'tf', stack);
    let prepared;
    try {
      prepared = prepareScratchStack(path.join(stacksDir, stack), scratch);
    } catch (err) {
      report.add(`${iac} validate`, target, 'FAIL', `cannot read cdk.tf.json: ${err.message}`);
      continue;
    }
    const { config, removed } = prepared;

    // providers: each must be in the mirror at a version the stack accepts
    const blockers = [];
    const unavailable = [];
    let skipReason;
    for (const p of requiredProviders(config)) {
      const a = availability.get(p.source);
      const exact = exactVersion(p.version);
      if (!a) blockers.push(`provider ${p.source} is not pinned in scripts/tools.pins`);
      else if (!a.mirrored.length && a.unavailable) {
        unavailable.push(p);
        skipReason = `${skipReason ? skipReason + '; ' : ''}provider ${p.source} ${p.version ?? ''} cannot be installed here: the Go module proxy refuses ${a.pin.module}@${a.pin.version} (${a.unavailable})`;
      } else if (!a.mirrored.length) blockers.push(`provider ${p.source} is not in .tools/mirror: run ${INSTALL_COMMAND}`);
      else if (exact && !a.mirrored.includes(exact)) {
        blockers.push(`stack pins ${p.source} ${exact}, the mirror has ${a.mirrored.join(', ')} (scripts/tools.pins)`);
      }
    }
    if (blockers.length) {
      report.add(`${iac} validate`, target, 'FAIL', blockers.join('\n'));
      continue;
    }
    if (skipReason) {
      report.add(`${iac} validate`, target, 'SKIP', skipReason);
      partialValidate(config, unavailable, scratch, target, ctx, noNet);
      continue;
    }

    const tofu = (args, extraEnv = {}) => run(tools.iac.path, args, { cwd: scratch, env: { ...env, ...noNet, ...extraEnv } });
    const validated = initAndValidate(tofu, iac, config);
    if (!validated.ok) {
      report.add(`${iac} validate`, target, 'FAIL', validated.detail);
      continue;
    }
    const note = removed.length ? ` (validated with a local backend instead of ${removed.join(', ')})` : '';
    report.add(`${iac} validate`, target, 'PASS', `${validated.warnings} warning(s)${note}`);

    if (!opts.plan) continue;
    const required = opts.requirePlan.has(stack);
    const initB = tofu(['init', '-input=false', '-no-color', '-reconfigure']);
    if (initB.code !== 0) {
      report.add(`${iac} plan`, target, required ? 'FAIL' : 'WARN', `init with a local backend: ${firstErrorLine(initB.stderr + initB.stdout)}`);
      continue;
    }
    const vars = dummyVariables(config);
    const plan = tofu(['plan', '-input=false', '-refresh=false', '-lock=false', '-no-color', '-json'], vars);
    const diags = formatDiagnostics(planDiagnostics(plan.stdout), config);
    const remoteState = Object.keys(config.data?.terraform_remote_state ?? {});
    if (plan.code === 0) {
      const summary = plan.stdout.split('\n').map((l) => { try { return JSON.parse(l); } catch { return {}; } }).find((m) => m.type === 'change_summary');
      const c = summary?.changes;
      report.add(`${iac} plan`, target, 'PASS', c ? `${c.add} to add, ${c.change} to change, ${c.remove} to destroy (dummy variables: ${Object.keys(vars).length})` : 'ok');
    } else {
      let detail = diags[0] ?? firstErrorLine(plan.stderr + plan.stdout) ?? plan.error ?? `exit ${plan.code}`;
      if (remoteState.length && /remote state|terraform_remote_state|Unsupported attribute|outputs/i.test(detail + diags.join(' '))) {
        detail += `\n(reads remote state of ${remoteState.join(', ')}, which does not exist in a dry run)`;
      }
      report.add(`${iac} plan`, target, required ? 'FAIL' : 'WARN', detail);
    }
  }
}

/**
 * For a stack that needs a provider which cannot be installed: validate everything else with the real providers,
 * after removing that provider's blocks and replacing references to them by a literal. Reported on its own row as
 * a partial check; the full validation stays SKIP.
 */
function partialValidate(config, unavailable, scratch, target, ctx, noNet) {
  const { report, tools, env } = ctx;
  const iac = tools.iac.name;
  const check = `${iac} validate (without ${unavailable.map((p) => p.source).join(', ')})`;
  const { config: rest, removedBlocks } = withoutProviders(config, unavailable.map((p) => p.local));
  if (!requiredProviders(rest).length) {
    report.add(check, target, 'SKIP', 'nothing is left once the unavailable providers are removed');
    return;
  }
  writeFileSync(path.join(scratch, 'cdk.tf.json'), JSON.stringify(rest, null, 2));
  const tofu = (args) => run(tools.iac.path, args, { cwd: scratch, env: { ...env, ...noNet } });
  const validated = initAndValidate(tofu, iac, rest);
  if (!validated.ok) report.add(check, target, 'FAIL', validated.detail);
  else report.add(check, target, 'PASS', `partial: ${removedBlocks} block(s) of the unavailable provider removed, the rest is valid`);
}

/** `init -backend=false` then `validate -json` in a prepared scratch stack: { ok, warnings } or { ok: false, detail }. */
function initAndValidate(tofu, iac, config) {
  const init = tofu(['init', '-backend=false', '-input=false', '-no-color']);
  if (init.code !== 0) {
    return { ok: false, detail: `${iac} init -backend=false: ${firstErrorLine(init.stderr + init.stdout) || init.error}` };
  }
  const validate = tofu(['validate', '-json', '-no-color']);
  let parsed;
  try {
    parsed = JSON.parse(validate.stdout);
  } catch {
    parsed = undefined;
  }
  if (!parsed) return { ok: false, detail: `${iac} validate gave no JSON: ${firstErrorLine(validate.stderr) || validate.error}` };
  if (!parsed.valid) return { ok: false, detail: formatDiagnostics(parsed.diagnostics, config).join('\n') };
  return { ok: true, warnings: parsed.warning_count ?? 0 };
}

// ---- (b) Kubernetes documents -------------------------------------------------------------------------
/** Collects documents from manifest files and rendered charts: [{ label, file, docs }]. */
function collectManifests(k8sDir, extraChartRoots, ctx) {
  const { report, tools, env, tmp } = ctx;
  const sources = [];
  const charts = [...new Set([k8sDir, ...extraChartRoots].filter(Boolean).flatMap((d) => findChartDirs(d)))];
  if (k8sDir) {
    for (const file of manifestFiles(k8sDir, charts)) {
      sources.push({ label: rel(file), file, docs: splitYamlDocuments(readFileSync(file, 'utf8'), rel(file)) });
    }
  }
  const helmHome = path.join(tmp, 'helm');
  const helmEnv = {
    ...env,
    HELM_CACHE_HOME: path.join(helmHome, 'cache'),
    HELM_CONFIG_HOME: path.join(helmHome, 'config'),
    HELM_DATA_HOME: path.join(helmHome, 'data'),
  };
  for (const chart of charts) {
    const label = `${rel(chart)} (helm template)`;
    const r = run(tools.helm, ['template', 'conformance', chart, '--namespace', 'default'], { env: helmEnv });
    if (r.code !== 0) {
      report.add('helm template', rel(chart), 'FAIL', (r.stderr || r.error || '').trim().split('\n')[0]);
      continue;
    }
    const docs = splitYamlDocuments(r.stdout, label);
    report.add('helm template', rel(chart), 'PASS', `${docs.length} document(s)`);
    sources.push({ label, file: undefined, docs });
  }
  return sources;
}

async function checkManifests(sources, ctx) {
  const { report, tools, env, tmp, opts } = ctx;
  const perSource = new Map(sources.map((s) => [s.label, { errors: [], core: 0, custom: 0, tool: 0, sops: 0 }]));
  const core = [];
  const custom = [];
  for (const s of sources) {
    for (let doc of s.docs) {
      const route = routeDocument(doc);
      if (route === 'invalid') {
        perSource.get(s.label).errors.push(`document ${doc.index + 1} (line ${doc.line}): ${doc.error ?? 'not a Kubernetes object (needs apiVersion and kind)'}`);
        continue;
      }
      if (route === 'tool-config') {
        perSource.get(s.label).tool++;
        continue;
      }
      // a SOPS file is checked as the object it decrypts to: without its `sops` metadata
      if (hasSopsMetadata(doc.obj)) {
        const obj = { ...doc.obj };
        delete obj.sops;
        doc = { ...doc, obj };
        perSource.get(s.label).sops++;
      }
      if (route === 'core') core.push({ s, doc });
      else custom.push({ s, doc });
    }
  }

  // built-in kinds
  if (core.length) {
    const results = await validateCoreDocuments(core.map((c) => c.doc));
    results.forEach((r, i) => {
      const entry = perSource.get(core[i].s.label);
      entry.core++;
      for (const e of r.errors) entry.errors.push(`${describe(r.doc.obj)}: ${e.path || '/'}: ${e.msg}`);
    });
  }

  // custom kinds: kubeconform with the CRD-derived strict schemas, and no other schema location
  if (custom.length) {
    const schemaDir = path.join(tmp, 'schemas');
    let derived;
    try {
      derived = writeSchemaDir(ctx.opts.crds, schemaDir);
    } catch (err) {
      report.add('crd schemas', rel(opts.crds), 'FAIL', err.message);
      return;
    }
    report.add('crd schemas', rel(opts.crds), 'PASS', `${derived.count} strict schemas from ${DEFAULT_CRD_FOLDERS.length} pinned folders`);
    const kcDir = path.join(tmp, 'kubeconform');
    mkdirSync(kcDir, { recursive: true });
    const byTmp = new Map();
    const bySource = new Map();
    for (const c of custom) {
      if (!bySource.has(c.s.label)) bySource.set(c.s.label, []);
      bySource.get(c.s.label).push(c.doc);
    }
    let n = 0;
    for (const [label, docs] of bySource) {
      const file = path.join(kcDir, `${String(n++).padStart(4, '0')}.yaml`);
      writeFileSync(file, docs.map((d) => stringifyYaml(d.obj, { lineWidth: 0 })).join('---\n'));
      byTmp.set(file, { label, docs });
      perSource.get(label).custom += docs.length;
    }
    const kc = run(tools.kubeconform, ['-strict', '-summary', '-verbose', '-output', 'json', '-n', '2', '-schema-location', schemaLocationTemplate(schemaDir), ...byTmp.keys()], { env });
    let out;
    try {
      out = JSON.parse(kc.stdout);
    } catch {
      report.add('kubeconform', `${custom.length} document(s)`, 'FAIL', `kubeconform gave no JSON (exit ${kc.code}): ${(kc.stderr || kc.error || '').trim().split('\n')[0]}`);
      return;
    }
    for (const r of out.resources ?? []) {
      if (r.status === 'statusValid' || r.status === 'statusEmpty') continue;
      const src = byTmp.get(r.filename);
      const label = src?.label ?? r.filename;
      const doc = src?.docs.find((d) => d.obj.kind === r.kind && d.obj.metadata?.name === r.name);
      const who = doc ? describe(doc.obj) : `${r.kind}/${r.name}`;
      const entry = perSource.get(label) ?? { errors: [] };
      if (r.validationErrors?.length) {
        for (const ve of r.validationErrors) entry.errors.push(`${who}: ${ve.path || '/'}: ${ve.msg}`);
      } else {
        entry.errors.push(`${who}: ${r.msg || r.status}`);
      }
    }
  }

  for (const [label, e] of perSource) {
    const total = e.core + e.custom;
    const notes = [
      e.sops ? `${e.sops} SOPS document(s) checked without their sops metadata` : '',
      e.tool ? `${e.tool} kustomize/KSOPS config document(s) not schema-checked` : '',
    ].filter(Boolean);
    const extra = notes.length ? `; ${notes.join('; ')}` : '';
    if (e.errors.length) report.add('kubeconform', label, 'FAIL', e.errors.join('\n'));
    else if (total === 0 && !e.tool) report.add('kubeconform', label, 'WARN', 'no Kubernetes documents');
    else if (total === 0) report.add('kubeconform', label, 'PASS', 'kustomize/KSOPS configuration only (not cluster objects; not schema-checked)');
    else report.add('kubeconform', label, 'PASS', `${total} document(s): ${e.custom} by kubeconform -strict, ${e.core} built-in by kubernetes-models${extra}`);
  }
}

// ---- (c) SOPS ----------------------------------------------------------------------------------------------
function sopsSelfTest(ctx) {
  const { report, tools, env, tmp } = ctx;
  const dir = path.join(tmp, 'sops');
  mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, 'test.agekey');
  const kg = run(tools['age-keygen'], ['-o', keyFile], { env });
  if (kg.code !== 0) {
    report.add('sops', 'age-keygen', 'FAIL', (kg.stderr || kg.error || '').trim());
    return undefined;
  }
  const pub = run(tools['age-keygen'], ['-y', keyFile], { env }).stdout.trim();
  const sopsEnv = { ...env, SOPS_AGE_KEY_FILE: keyFile };
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'conformance-self-test', namespace: 'default' },
    type: 'Opaque',
    stringData: { token: `self-test-${process.pid}-${Date.now()}` },
  };
  const plainFile = path.join(dir, 'secret.yaml');
  writeFileSync(plainFile, stringifyYaml(secret));
  const enc = run(tools.sops, ['--encrypt', '--age', pub, '--encrypted-regex', '^(data|stringData)$', '--input-type', 'yaml', '--output-type', 'yaml', plainFile], { cwd: dir, env: sopsEnv });
  if (enc.code !== 0) {
    report.add('sops', 'self-test', 'FAIL', `sops --encrypt: ${enc.stderr.trim().split('\n')[0]}`);
    return { keyFile, pub, sopsEnv };
  }
  const encObj = parseYaml(enc.stdout);
  const { errors } = checkEncryptedDocument(encObj, undefined);
  const leaked = enc.stdout.includes(secret.stringData.token);
  const encFile = path.join(dir, 'secret.enc.yaml');
  writeFileSync(encFile, enc.stdout);
  const dec = run(tools.sops, ['--decrypt', '--input-type', 'yaml', '--output-type', 'yaml', encFile], { cwd: dir, env: sopsEnv });
  const back = dec.code === 0 ? parseYaml(dec.stdout) : undefined;
  if (leaked || errors.length || !isDeepStrictEqual(back, secret) || encObj.metadata?.name !== secret.metadata.name) {
    report.add('sops', 'self-test', 'FAIL', leaked ? 'the plaintext value is in the encrypted file' : errors[0] ?? `decrypted file differs: ${dec.stderr.trim().split('\n')[0]}`);
  } else {
    report.add('sops', 'self-test', 'PASS', `encrypt --age + --encrypted-regex '^(data|stringData)$', decrypt, round trip equal (key ${pub.slice(0, 12)}…)`);
  }
  return { keyFile, pub, sopsEnv };
}

function checkSops(k8sDir, ctx, key) {
  const { report, tools, env, tmp } = ctx;
  const files = manifestFiles(k8sDir, []).concat(
    // JSON files can be SOPS files too
    readdirRecursive(k8sDir).filter((f) => f.endsWith('.json')),
  );
  const configs = new Map();
  let checked = 0;
  for (const file of files) {
    const r = path.relative(k8sDir, file);
    let docs;
    try {
      docs = file.endsWith('.json') ? [{ obj: JSON.parse(readFileSync(file, 'utf8')) }] : splitYamlDocuments(readFileSync(file, 'utf8'), r).filter((d) => !d.error);
    } catch {
      continue; // parse problems are reported by the manifest check
    }
    const encrypted = docs.some((d) => hasSopsMetadata(d.obj));
    const target = rel(file);
    if (!encrypted) {
      // KSOPS keeps its kustomization.yaml and generator next to the encrypted files: those are not secrets
      const toolConfigOnly = docs.length > 0 && docs.every((d) => routeDocument(d) === 'tool-config');
      if (isSecretsPath(r) && !toolConfigOnly) {
        report.add('sops', target, 'FAIL', 'under a secrets/ folder but not SOPS-encrypted (encrypt it with sops; see .sops.yaml)');
        checked++;
        continue;
      }
      const plain = docs.flatMap((d) => plaintextSecretValues(d.obj).map((p) => `${describe(d.obj)}: ${p}`));
      if (plain.length) {
        report.add('sops', target, 'FAIL', `plaintext Secret data (move it to a SOPS file under secrets/): ${plain.join(', ')}`);
        checked++;
      }
      continue;
    }
    checked++;
    const confFile = nearestSopsConfig(file, k8sDir);
    if (confFile && !configs.has(confFile)) configs.set(confFile, readSopsConfig(confFile));
    const conf = confFile ? configs.get(confFile) : undefined;
    const rule = conf ? ruleFor(conf, file) : undefined;
    const errors = [];
    const warnings = [];
    if (!conf) warnings.push('no .sops.yaml above this file');
    else if (!rule) warnings.push(`no creation rule of ${rel(confFile)} matches this path`);
    for (const d of docs) {
      if (!hasSopsMetadata(d.obj)) {
        errors.push(`${describe(d.obj)}: document without sops metadata in an encrypted file`);
        continue;
      }
      const c = checkEncryptedDocument(d.obj, rule);
      errors.push(...c.errors.map((e) => `${describe(d.obj)}: ${e}`));
      warnings.push(...c.warnings);
    }
    const status = run(tools.sops, ['filestatus', file], { env });
    let st;
    try {
      st = JSON.parse(status.stdout);
    } catch {
      st = undefined;
    }
    if (!st?.encrypted) errors.push(`sops filestatus: ${st ? 'not encrypted' : (status.stderr || status.error || '').trim().split('\n')[0]}`);
    // decrypt where this run can: files encrypted to the run's test key
    const recipients = docs.flatMap((d) => (d.obj?.sops?.age ?? []).map((a) => a.recipient));
    let decrypted = '';
    if (key && recipients.includes(key.pub)) {
      const dec = run(tools.sops, ['--decrypt', file], { env: key.sopsEnv, cwd: path.dirname(file) });
      if (dec.code !== 0) errors.push(`sops --decrypt: ${dec.stderr.trim().split('\n')[0]}`);
      else decrypted = ', decrypted with the test key';
    }
    if (errors.length) report.add('sops', target, 'FAIL', errors.join('\n'));
    else if (warnings.length) report.add('sops', target, 'WARN', [...new Set(warnings)].join('\n'));
    else report.add('sops', target, 'PASS', `encrypted per ${rule ? `rule ${rule.index} of ${rel(confFile)}` : 'its metadata'}${decrypted}`);
  }

  // the .sops.yaml rules themselves, with the real sops: encrypt a sample Secret at a path each rule matches,
  // with the rule's recipients swapped for the run's test key (placeholders like age1REPLACE... are not keys)
  const sopsFiles = readdirRecursive(k8sDir).filter((f) => path.basename(f) === '.sops.yaml');
  for (const confFile of sopsFiles) {
    const conf = readSopsConfig(confFile);
    const target = rel(confFile);
    if (!conf.rules.length) {
      report.add('sops rules', target, 'FAIL', 'no creation_rules');
      continue;
    }
    if (!key) continue;
    const base = path.dirname(confFile);
    const candidates = [
      ...files.map((f) => path.relative(base, f)).filter((r) => !r.startsWith('..')),
      'platform/secrets/conformance.sops.yaml',
      'platform/secrets/conformance.yaml',
      'apps/conformance/secrets/conformance.sops.yaml',
    ];
    const problems = [];
    const tested = [];
    for (const rule of conf.rules) {
      const sample = candidates.find((c) => ruleFor(conf, path.join(base, c)) === rule);
      if (!sample) continue;
      const dir = path.join(tmp, 'sops-rules', String(rule.index));
      mkdirSync(path.join(dir, path.dirname(sample)), { recursive: true });
      const raw = parseYaml(readFileSync(confFile, 'utf8'));
      for (const r of raw.creation_rules ?? []) {
        if (r.age !== undefined) r.age = key.pub;
        for (const g of r.key_groups ?? []) if (g.age !== undefined) g.age = [key.pub];
      }
      writeFileSync(path.join(dir, '.sops.yaml'), stringifyYaml(raw));
      const sampleFile = path.join(dir, sample);
      writeFileSync(sampleFile, stringifyYaml({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'rule-test' }, stringData: { k: 'rule-test-value' } }));
      const enc = run(tools.sops, ['--encrypt', '--input-type', 'yaml', '--output-type', 'yaml', sampleFile], { cwd: dir, env: key.sopsEnv });
      if (enc.code !== 0) {
        problems.push(`rule ${rule.index} (${sample}): sops --encrypt: ${enc.stderr.trim().split('\n')[0]}`);
        continue;
      }
      const obj = parseYaml(enc.stdout);
      const c = checkEncryptedDocument(obj, undefined);
      if (c.errors.length || enc.stdout.includes('rule-test-value')) problems.push(`rule ${rule.index} (${sample}): ${c.errors[0] ?? 'plaintext left'}`);
      else if (obj.metadata?.name !== 'rule-test') problems.push(`rule ${rule.index} (${sample}): metadata was encrypted too; want encrypted_regex '^(data|stringData)$'`);
      else tested.push(`rule ${rule.index} (${sample})`);
    }
    if (problems.length) report.add('sops rules', target, 'FAIL', problems.join('\n'));
    else if (!tested.length) report.add('sops rules', target, 'WARN', 'no rule matches platform/secrets/ or a secrets/ file; nothing encrypted with it');
    else report.add('sops rules', target, 'PASS', `real sops encrypts per ${tested.join(', ')}`);
  }
  if (!checked && !sopsFiles.length) report.add('sops', rel(k8sDir), 'PASS', 'no encrypted files, nothing unencrypted under secrets/, no plaintext Secret');
}

// ---- (b2) kustomize -------------------------------------------------------------------------------------
/**
 * `kustomize build` (what Argo CD's repo-server and `kubectl kustomize` run) on every folder of the tree that has a
 * kustomization. A kustomization with KSOPS generators needs the KSOPS exec plugin, which cannot be installed here
 * (the Go proxy refuses github.com/viaduct-ai/kustomize-sops): it is reported as SKIP, never as PASS.
 */
function checkKustomizations(k8sDir, ctx) {
  const { report, tools, env } = ctx;
  const files = readdirRecursive(k8sDir).filter((f) => /^kustomization\.ya?ml$/.test(path.basename(f)));
  for (const file of files) {
    const dir = path.dirname(file);
    const ksops = readdirSync(dir).some((f) => /\.ksops\.ya?ml$/.test(f));
    if (ksops) {
      report.add('kustomize build', rel(dir), 'SKIP', 'KSOPS generator: the KSOPS plugin cannot be installed here');
      continue;
    }
    const r = run(tools.kustomize, ['build', dir], { env });
    if (r.code !== 0) report.add('kustomize build', rel(dir), 'FAIL', (r.stderr || r.error || '').trim().split('\n')[0]);
    else report.add('kustomize build', rel(dir), 'PASS', `${splitYamlDocuments(r.stdout, rel(dir)).length} document(s)`);
  }
  if (files.length === 0) report.add('kustomize build', rel(k8sDir), 'PASS', 'no kustomization in the tree');
}

function readdirRecursive(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d).sort()) {
      if (e === 'node_modules' || e === '.git' || e === '.terraform') continue;
      const full = path.join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(dir);
  return out;
}

// ---- main -------------------------------------------------------------------------------------------------
export async function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`conformance: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const report = new Report();
  const started = Date.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'conformance-'));
  const ctx = { report, opts, tmp, env: toolEnv(REPO_ROOT) };
  try {
    try {
      ctx.tools = requireTools(['iac', 'kubeconform', 'helm', 'kustomize', 'sops', 'age-keygen']);
    } catch (err) {
      if (!(err instanceof MissingToolError)) throw err;
      report.add('tools', err.tools.join(', '), 'FAIL', err.message);
      return finish(report, opts, started);
    }
    if (ctx.tools.iac.fallback) {
      report.add('tools', 'tofu', 'WARN', 'OpenTofu is not built; the Terraform fallback runs validate and plan (see npm run tools)');
    }

    let { tfDir, k8sDir } = opts;
    if (!tfDir && !k8sDir) {
      const cli = path.join(REPO_ROOT, 'build', 'stacks', 'main.js');
      if (!existsSync(cli)) {
        report.add('synth', rel(cli), 'FAIL', 'the CLI is not built: run npm run build (or pass --tf-dir/--k8s-dir)');
        return finish(report, opts, started);
      }
      tfDir = path.join(tmp, 'cdktf.out');
      k8sDir = path.join(tmp, 'dist');
      const s = run(process.execPath, [cli, 'synth', '--config', opts.config, '--tf-out', tfDir, '--k8s-out', k8sDir], { cwd: REPO_ROOT, env: process.env });
      if (s.code !== 0) {
        report.add('synth', opts.config, 'FAIL', (s.stderr || s.stdout || s.error || '').trim());
        return finish(report, opts, started);
      }
      report.add('synth', opts.config, 'PASS', `${s.stdout.trim().split('\n').pop()} (${s.ms} ms)`);
    }
    for (const [flag, dir] of [['--tf-dir', tfDir], ['--k8s-dir', k8sDir]]) {
      if (dir && !existsSync(dir)) {
        report.add('inputs', dir, 'FAIL', `${flag} ${dir} does not exist`);
        return finish(report, opts, started);
      }
    }

    if (tfDir) checkStacks(tfDir, ctx);
    if (k8sDir || tfDir) {
      const sources = collectManifests(k8sDir, tfDir ? [tfDir] : [], ctx);
      await checkManifests(sources, ctx);
    }
    if (k8sDir) checkKustomizations(k8sDir, ctx);
    const key = sopsSelfTest(ctx);
    if (k8sDir) checkSops(k8sDir, ctx, key);
  } catch (err) {
    report.add('runner', 'conformance.mjs', 'FAIL', `internal error: ${err.stack ?? err}`);
  } finally {
    if (opts.keepTemp) process.stderr.write(`conformance: scratch kept in ${tmp}\n`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  return finish(report, opts, started);
}

function finish(report, opts, started) {
  const failed = report.failed(opts.strict);
  const counts = {};
  for (const r of report.rows) counts[r.result] = (counts[r.result] ?? 0) + 1;
  const summary = Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ');
  process.stdout.write(`\n${printTable(report.rows, opts.verbose)}\n\n`);
  process.stdout.write(`conformance: ${failed.length ? 'FAILED' : 'ok'} (${summary}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (!failed.length && counts.SKIP) {
    process.stdout.write(`conformance: ${counts.SKIP} check(s) skipped: they could not run on this machine (see SKIP rows; --strict fails them)\n`);
  }
  try {
    mkdirSync(path.dirname(opts.report), { recursive: true });
    writeFileSync(
      opts.report,
      JSON.stringify({ ok: failed.length === 0, strict: opts.strict, counts, generatedAt: new Date().toISOString(), rows: report.rows }, null, 2) + '\n',
    );
    process.stdout.write(`conformance: report written to ${rel(opts.report)}\n`);
  } catch (err) {
    process.stderr.write(`conformance: cannot write ${opts.report}: ${err.message}\n`);
  }
  return failed.length ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('conformance.mjs')) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`conformance: ${err.stack ?? err}\n`);
      process.exit(1);
    },
  );
}
