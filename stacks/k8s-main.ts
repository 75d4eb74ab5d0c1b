/**
 * Entry point for the stock cdk8s CLI (`cdk8s synth`, see cdk8s.yaml): writes the GitOps tree into the folder the CLI
 * names (`CDK8S_OUTDIR`, `dist` by default). The stock CLI deletes that whole folder before it runs this app
 * (cdk8s-cli `synth`), so never point it at a Git checkout: `npm run synth` keeps what it did not write.
 */
import * as os from 'os';
import * as fs from 'fs';
import * as path from 'path';
import { App as TfApp } from 'cdktf';
import { App as K8sApp } from 'cdk8s';
import { renderGitOpsTree } from '../lib/core/synth/gitops-writer';
import { writeFiles } from '../lib/core/synth/output-dir';
import { OUTPUT_MANIFEST_NAME, formatManifest } from '../lib/core/synth/output-manifest';
import { collectValidationErrors } from '../lib/core/synth/validate-tree';
import { buildPlatform } from './platform';
import { loadConfigOrThrow } from './load';

const k8s = new K8sApp();
// The Terraform side is built too (the charts read some of its attributes) but never synthesized here.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-cdktf-'));
try {
  buildPlatform(loadConfigOrThrow(process.env.PLATFORM_CONFIG ?? 'clusters'), {
    tf: new TfApp({ outdir: scratch }),
    k8s,
  });
  const errors = collectValidationErrors(k8s);
  if (errors.length > 0) throw new Error(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const tree = renderGitOpsTree(k8s);
  // The same manifest `npm run synth` keeps, so a later `npm run synth` into this folder recognizes it as its own.
  writeFiles(k8s.outdir, new Map([...tree, [OUTPUT_MANIFEST_NAME, formatManifest(tree.keys())]]));
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
