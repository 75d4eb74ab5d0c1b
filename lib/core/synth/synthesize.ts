import { App as K8sApp } from 'cdk8s';
import { App as TfApp, TerraformStack } from 'cdktf';
import { collectValidationErrors } from './validate-tree';
import type { TreeValidationError } from './validate-tree';
import { renderGitOpsTree } from './gitops-writer';
import { StagedDir, assertSeparateOutputs, writeFiles } from './output-dir';

/** The two apps one synth fills: Terraform stacks and GitOps charts. */
export interface PlatformApps {
  /** CDKTF app; one `TerraformStack` per stage. */
  readonly tf: TfApp;
  /** cdk8s app; one chart per GitOps file. */
  readonly k8s: K8sApp;
}

/** A check over the synthesized (staged, not yet committed) output folders. Returns problems; empty means pass. */
export type OutputCheck = (dirs: { readonly tfOutdir: string; readonly k8sOutdir: string }) => readonly string[];

/** Options of {@link synthesizeApps}. */
export interface SynthesizeOptions {
  /** Terraform output folder (`cdktf.out`). */
  readonly tfOutdir: string;
  /** GitOps output folder (`dist`). */
  readonly k8sOutdir: string;
  /** Adds stacks and charts to the apps. Throwing aborts the synth with nothing written. */
  readonly build: (apps: PlatformApps) => void;
  /**
   * Folders the outputs must not contain (besides the working directory), e.g. `{ 'the config folder': dir }`.
   * @default - only the working directory
   */
  readonly protectedDirs?: Readonly<Record<string, string>>;
  /**
   * Checks run on the staged output before it replaces the previous output (e.g. the plaintext-secret guard).
   * @default - none
   */
  readonly outputChecks?: readonly OutputCheck[];
}

/** What a synth produced. */
export type SynthesizeResult =
  | { readonly ok: true; readonly tfStacks: string[]; readonly k8sFiles: string[] }
  | { readonly ok: false; readonly validationErrors: TreeValidationError[]; readonly outputProblems: string[] };

/**
 * Synthesizes both apps in this process, into staging folders that replace `tfOutdir` and `k8sOutdir` only when
 * every construct validation and output check passes. On failure the previous outputs are untouched.
 * Both folders are fully generated and replaced whole, as `cdktf synth` and `cdk8s synth` do; SOPS-encrypted secrets
 * are copied in from `platform/secrets/` by the constructs that reference them.
 */
export function synthesizeApps(options: SynthesizeOptions): SynthesizeResult {
  assertSeparateOutputs(
    { 'Terraform output': options.tfOutdir, 'GitOps output': options.k8sOutdir },
    { 'the working directory': process.cwd(), ...(options.protectedDirs ?? {}) },
  );
  const tfStage = StagedDir.create(options.tfOutdir);
  let k8sStage: StagedDir | undefined;
  try {
    const k8s = StagedDir.create(options.k8sOutdir);
    k8sStage = k8s;
    const apps: PlatformApps = {
      tf: new TfApp({ outdir: tfStage.dir }),
      k8s: new K8sApp({ outdir: k8s.dir }),
    };
    options.build(apps);

    const validationErrors = collectValidationErrors(apps.tf, apps.k8s);
    if (validationErrors.length > 0) {
      abortAll(tfStage, k8sStage);
      return { ok: false, validationErrors, outputProblems: [] };
    }

    apps.tf.synth();
    const k8sFiles = writeFiles(k8s.dir, renderGitOpsTree(apps.k8s));

    const outputProblems = (options.outputChecks ?? []).flatMap((check) =>
      check({ tfOutdir: tfStage.dir, k8sOutdir: k8s.dir }),
    );
    if (outputProblems.length > 0) {
      abortAll(tfStage, k8sStage);
      return { ok: false, validationErrors: [], outputProblems };
    }

    tfStage.commit();
    k8s.commit();
    const tfStacks = apps.tf.node.children.filter((c) => TerraformStack.isStack(c)).map((c) => c.node.id);
    return { ok: true, tfStacks, k8sFiles };
  } catch (err) {
    abortAll(tfStage, k8sStage);
    throw err;
  }
}

function abortAll(...stages: (StagedDir | undefined)[]): void {
  for (const stage of stages) stage?.abort();
}
