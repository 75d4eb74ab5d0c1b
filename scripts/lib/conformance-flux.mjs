// Flux conformance (issue 17): what Flux itself would do with the synthesized tree, offline.
//
// For every Flux Kustomization (the tree's, and the root one stage 50 delivers in its chart):
//   - `spec.path` names a folder of the tree, and `kustomize build` of it passes; a folder without a
//     kustomization.yaml is built the way kustomize-controller does, from a generated one listing every YAML file
//     below it (fluxcd/pkg kustomize generator);
//   - a folder holding SOPS-encrypted files is applied with `spec.decryption` (provider sops), else Flux would
//     apply ciphertext;
//   - every `dependsOn` and `sourceRef` names an object the tree (or the root chart) has.
// For every HelmRelease: its HelmRepository and its `dependsOn` exist. Strict schema validation of the Flux objects
// against the pinned CRDs is the main kubeconform/kubectl-validate pass (imports/crds has the Flux groups).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { splitYamlDocuments } from './documents.mjs';
import { hasSopsMetadata } from './sops.mjs';
import { run } from './tools.mjs';

const CHECK = 'flux';
const isFlux = (obj) => typeof obj?.apiVersion === 'string' && /\.toolkit\.fluxcd\.io\//.test(obj.apiVersion);
const key = (kind, namespace, name) => `${kind}/${namespace ?? ''}/${name}`;

function yamlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d).sort()) {
      if (e === '.git' || e === '.terraform' || e === 'node_modules') continue;
      const full = path.join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(e)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

function documents(files, rel) {
  return files.flatMap((file) => {
    try {
      return splitYamlDocuments(readFileSync(file, 'utf8'), rel(file))
        .filter((d) => !d.error && d.obj)
        .map((d) => ({ file, obj: d.obj }));
    } catch {
      return []; // parse problems are the manifest check's
    }
  });
}

/** The tree folder of a `spec.path` (`./dist/platform/x` -> `<k8sDir>/platform/x`): the longest suffix that exists. */
function treeFolder(k8sDir, specPath) {
  const segments = specPath
    .replace(/^\.?\/+/, '')
    .split('/')
    .filter(Boolean);
  for (let i = 0; i <= segments.length; i++) {
    const candidate = path.join(k8sDir, ...segments.slice(i));
    if (existsSync(candidate) && statSync(candidate).isDirectory() && (i < segments.length || segments.length === 0))
      return candidate;
  }
  return undefined;
}

/** `kustomize build` of a folder as kustomize-controller sees it. */
function build(dir, ctx, n) {
  const own = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(path.join(dir, f)));
  let target = dir;
  if (!own) {
    target = path.join(ctx.tmp, 'flux-kustomize', String(n));
    mkdirSync(target, { recursive: true });
    const resources = yamlFiles(dir).map((f) => path.relative(target, f).split(path.sep).join('/'));
    writeFileSync(
      path.join(target, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`,
    );
  }
  return run(ctx.tools.kustomize, ['build', '--load-restrictor', 'LoadRestrictionsNone', target], { env: ctx.env });
}

/** Runs the Flux checks; adds nothing but one PASS row when the tree has no Flux object (engine argocd). */
export function checkFlux(k8sDir, tfDir, ctx, rel) {
  const { report } = ctx;
  const treeDocs = k8sDir ? documents(yamlFiles(k8sDir), rel) : [];
  const rootDocs = tfDir
    ? documents(
        yamlFiles(tfDir).filter((f) => f.split(path.sep).includes('files')),
        rel,
      )
    : [];
  const all = [...treeDocs, ...rootDocs].filter((d) => isFlux(d.obj));
  if (all.length === 0) {
    report.add(CHECK, k8sDir ? rel(k8sDir) : '(no tree)', 'PASS', 'no Flux objects (engine argocd)');
    return;
  }
  const have = new Set(all.map(({ obj }) => key(obj.kind, obj.metadata?.namespace, obj.metadata?.name)));
  let n = 0;
  let failed = 0;
  for (const { file, obj } of all) {
    const ns = obj.metadata?.namespace;
    const who = `${obj.kind} ${ns}/${obj.metadata?.name} (${rel(file)})`;
    const errors = [];
    const notes = [];
    if (obj.kind === 'Kustomization') {
      for (const d of obj.spec?.dependsOn ?? []) {
        if (!have.has(key('Kustomization', d.namespace ?? ns, d.name)))
          errors.push(`dependsOn ${d.namespace ?? ns}/${d.name}: no such Kustomization`);
      }
      const src = obj.spec?.sourceRef ?? {};
      if (!have.has(key(src.kind, src.namespace ?? ns, src.name))) {
        if (tfDir)
          errors.push(
            `sourceRef ${src.kind} ${src.namespace ?? ns}/${src.name}: not in the tree or the stage 50 root chart`,
          );
        else notes.push('sourceRef not checked (no --tf-dir)');
      }
      const dir = k8sDir ? treeFolder(k8sDir, obj.spec?.path ?? '') : undefined;
      if (!k8sDir) notes.push('path not checked (no tree)');
      else if (!dir) errors.push(`path ${obj.spec?.path}: no such folder in the tree`);
      else {
        const r = build(dir, ctx, n++);
        if (r.code !== 0)
          errors.push(`kustomize build ${rel(dir)}: ${(r.stderr || r.error || '').trim().split('\n')[0]}`);
        else {
          const built = splitYamlDocuments(r.stdout, rel(dir)).filter((d) => d.obj);
          notes.push(`kustomize build ${rel(dir)}: ${built.length} document(s)`);
          const encrypted = built.some((d) => hasSopsMetadata(d.obj));
          if (encrypted && obj.spec?.decryption?.provider !== 'sops')
            errors.push(`${rel(dir)} holds SOPS-encrypted files but spec.decryption is not provider sops`);
        }
      }
    } else if (obj.kind === 'HelmRelease') {
      const src = obj.spec?.chart?.spec?.sourceRef ?? {};
      if (!have.has(key(src.kind, src.namespace ?? ns, src.name)))
        errors.push(`chart sourceRef ${src.kind} ${src.namespace ?? ns}/${src.name}: not in the tree`);
      for (const d of obj.spec?.dependsOn ?? []) {
        if (!have.has(key('HelmRelease', d.namespace ?? ns, d.name)))
          errors.push(`dependsOn ${d.namespace ?? ns}/${d.name}: no such HelmRelease`);
      }
    } else continue;
    if (errors.length) {
      failed++;
      report.add(CHECK, who, 'FAIL', errors.join('\n'));
    } else if (ctx.opts.verbose) report.add(CHECK, who, 'PASS', notes.join('; ') || 'references resolve');
  }
  const checked = all.filter(({ obj }) => obj.kind === 'Kustomization' || obj.kind === 'HelmRelease').length;
  report.add(
    CHECK,
    `${checked} Kustomization(s) and HelmRelease(s)`,
    failed ? 'FAIL' : 'PASS',
    `${failed ? `${failed} with problems; ` : ''}${n} path(s) built with kustomize as kustomize-controller would`,
  );
}
