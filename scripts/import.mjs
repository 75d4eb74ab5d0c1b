#!/usr/bin/env node
// npm run import: regenerate the bindings and the conformance data in imports/ from the pinned list
// imports/sources.json: Terraform provider bindings (imports/providers/), CRD bindings (imports/k8s/), the filtered
// CRDs conformance validates against (imports/crds/) and the Talos machine-config schema subset (imports/talos/).
//
//   node scripts/import.mjs [--only tf|k8s] [--mirror DIR] [--check] [--schema auto|live|snapshot]
//                           [--providers-dir DIR] [--tofu PATH] [--list] [--keep-scratch]
//
// --only tf|k8s     only the Terraform provider bindings, or only what comes from upstream data files (CRD
//                   bindings, imports/crds/, imports/talos/)
// --mirror DIR      read the upstream data files from a local mirror: CRDs from DIR/<crds.mirrorDir>/<mirrorPath>,
//                   the Talos schema from DIR/<talosSchema.mirrorPath>; default: mirrorRoot of sources.json
//                   (../shared/reference) when that folder exists, else the pinned upstream URLs; the
//                   environment variable IMPORT_MIRROR stands for --mirror (for CI on a clone elsewhere)
// --check           regenerate into a temporary folder and compare with imports/; exit 1 on any drift
// --schema MODE     provider schemas: auto (default: read from the provider binary when found, else use the
//                   committed imports/providers/<name>/schema.json), live (binary required), snapshot
// --providers-dir   folder holding terraform-provider-<type>[_v<version>] binaries (default: .tools/mirror, .tools/bin)
// --tofu PATH       OpenTofu (or Terraform) binary (default: .tools/bin/tofu, then PATH)
// --list            print every resource and data source of each provider schema read live
// --keep-scratch    keep the scratch folders used for `tofu providers schema`
//
// Output is deterministic (no timestamps, no absolute paths): a second run changes nothing.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  GeneratedTree,
  IMPORTS_DIR,
  REPO_ROOT,
  diffTree,
  humanSize,
  readSources,
  syncTree,
  unifiedDiff,
} from './lib/import-common.mjs';

const USAGE =
  'usage: node scripts/import.mjs [--only tf|k8s] [--mirror DIR] [--check] [--schema auto|live|snapshot] [--providers-dir DIR] [--tofu PATH] [--list] [--keep-scratch]';

function parse() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      mirror: { type: 'string' },
      check: { type: 'boolean', default: false },
      schema: { type: 'string', default: 'auto' },
      'providers-dir': { type: 'string' },
      tofu: { type: 'string' },
      list: { type: 'boolean', default: false },
      'keep-scratch': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.only && !['tf', 'k8s'].includes(values.only))
    throw new Error(`--only must be tf or k8s (got ${values.only})`);
  if (!['auto', 'live', 'snapshot'].includes(values.schema))
    throw new Error(`--schema must be auto, live or snapshot (got ${values.schema})`);
  return values;
}

/** --mirror DIR, else mirrorRoot of sources.json (relative to the repo root) when it exists, else upstream. */
function resolveMirror(arg, sources) {
  if (arg) {
    const dir = path.resolve(arg);
    if (!fs.existsSync(dir)) throw new Error(`--mirror ${arg}: no such folder`);
    const crds = path.join(dir, sources.crds.mirrorDir);
    if (!fs.existsSync(crds))
      throw new Error(
        `--mirror ${arg}: no ${sources.crds.mirrorDir}/ folder in it (pass the mirror's root, e.g. ../shared/reference)`,
      );
    return { dir, label: arg };
  }
  const rel = sources.mirrorRoot;
  const def = rel && path.resolve(REPO_ROOT, rel);
  return def && fs.existsSync(def) ? { dir: def, label: rel } : { dir: undefined, label: 'upstream' };
}

async function main() {
  const args = parse();
  const sources = readSources();
  const log = (m) => console.log(m);
  const tree = new GeneratedTree();
  const problems = [];
  const notes = [];
  const started = Date.now();

  if (args.only !== 'k8s') {
    const { generateTerraform } = await import('./lib/import-tf.mjs');
    const r = await generateTerraform(sources, tree, {
      log,
      importsDir: IMPORTS_DIR,
      schema: args.schema,
      providersDir: args['providers-dir'] && path.resolve(args['providers-dir']),
      tofu: args.tofu,
      list: args.list,
      keepScratch: args['keep-scratch'],
    });
    problems.push(...r.problems);
    notes.push(...r.notes);
  }
  if (args.only !== 'tf') {
    const { generateK8s } = await import('./lib/import-k8s.mjs');
    const { generateTalosSchema } = await import('./lib/import-talos-schema.mjs');
    const mirror = resolveMirror(args.mirror ?? process.env.IMPORT_MIRROR, sources);
    const crdMirror = mirror.dir && path.join(mirror.dir, sources.crds.mirrorDir);
    const r = await generateK8s(sources, tree, {
      log,
      mirrorDir: crdMirror,
      mirrorDirLabel: `${mirror.label}/${sources.crds.mirrorDir}`,
    });
    const t = await generateTalosSchema(sources, tree, {
      log,
      mirrorDir: mirror.dir,
      urlTemplate: sources.upstreamUrl,
    });
    problems.push(...r.problems, ...t.problems);
    notes.push(...r.notes, ...t.notes);
  }

  for (const n of notes) console.log(`note: ${n}`);
  if (problems.length) {
    console.error(
      `\nimport failed (${problems.length} problem${problems.length > 1 ? 's' : ''}); imports/ left unchanged:`,
    );
    for (const p of problems) console.error(`  - ${p}`);
    process.exit(1);
  }

  if (args.check) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'import-check-'));
    try {
      tree.writeTo(tmp);
      const d = diffTree(tree, IMPORTS_DIR);
      const drift = d.missing.length + d.changed.length + d.extra.length;
      if (drift) {
        console.error(
          `\nimports/ is out of date (${drift} file${drift > 1 ? 's' : ''}); run \`npm run import\` and commit the result:`,
        );
        for (const rel of d.missing) console.error(`  missing  imports/${rel}`);
        for (const rel of d.extra) console.error(`  extra    imports/${rel}`);
        for (const rel of d.changed) {
          console.error(`  changed  imports/${rel}`);
          const diff = unifiedDiff(path.join(IMPORTS_DIR, rel), path.join(tmp, rel), 20);
          if (diff) console.error(diff.replace(/^/gm, '    '));
        }
        process.exitCode = 1;
      } else {
        console.log(
          `\nimports/ is up to date (${tree.files.size} generated files checked, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    return;
  }

  const d = syncTree(tree, IMPORTS_DIR);
  console.log('');
  for (const [rel, content] of [...tree.files].sort(([a], [b]) => a.localeCompare(b))) {
    if (rel.endsWith('.ts') || /^(crds|talos)\//.test(rel))
      console.log(`  ${humanSize(Buffer.byteLength(content)).padStart(10)}  imports/${rel}`);
  }
  console.log(
    `\nimports/: ${tree.files.size} generated files; ${d.missing.length} added, ${d.changed.length} updated, ${d.extra.length} removed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
