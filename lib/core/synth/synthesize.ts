import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App as K8sApp } from 'cdk8s';
import { App as TfApp, TerraformStack } from 'cdktf';
import { STATE_DIR_CONTEXT, TERRAFORM_OUTDIR_CONTEXT } from '../state-backend';
import { collectValidationErrors } from './validate-tree';
import { renderGitOpsTree } from './gitops-writer';
import { withRenderMemo } from './render-memo';
import { assertSeparateOutputs, writeFiles } from './output-dir';
import { OUTPUT_MANIFEST_NAME, formatManifest, listFolder } from './output-manifest';
import { isUnchanged, planFolder } from './output-plan';
import type { FolderChanges, FolderPlan } from './output-plan';
import { commitPlans, createStagingDir, journalPath, recoverAndClean, removeQuietly } from './output-commit';
import { DEFAULT_LOCK_TIMEOUT_MS, acquireLocks } from './output-lock';
import { OutputOwnershipError, SynthStoppedError, SynthValidationError, withIoContext } from './synth-errors';

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
  readonly protectedDirs?: Readonly<Record<string, string>> | undefined;
  /**
   * Checks run on the staged output before it replaces the previous output (e.g. the plaintext-secret guard).
   * @default - none
   */
  readonly outputChecks?: readonly OutputCheck[] | undefined;
  /**
   * Extra files for the Terraform output folder (relative path -> content), computed from the built apps, e.g. the
   * `secrets-todo.md` checklist. Committed with the rest.
   * @default - none
   */
  readonly extraTerraformFiles?: ((apps: PlatformApps) => ReadonlyMap<string, string>) | undefined;
  /**
   * Compare only: build and stage as usual, report what would change, write nothing to the output folders.
   * @default false
   */
  readonly check?: boolean | undefined;
  /**
   * Write into an output folder that is not empty and was not written by synth, and overwrite files synth did not
   * write where it writes its own. Files synth did not write elsewhere are still kept.
   * @default false
   */
  readonly force?: boolean | undefined;
  /**
   * Folder of the local Terraform state files (`StateBackend.local()` without a directory).
   * @default - the working directory (the project root under `npm run`)
   */
  readonly stateDir?: string | undefined;
  /**
   * Milliseconds to wait for another synth that is writing the same output folders.
   * @default 60000
   */
  readonly lockTimeoutMs?: number | undefined;
  /**
   * Asked right before the commit (and before taking the lock); a reason stops the synth with nothing written
   * ({@link SynthStoppedError}). The CLI stops when the process that started it is gone.
   * @default - never stop
   */
  readonly shouldStop?: (() => string | undefined) | undefined;
}

/** What a synth changed (or, with `check`, would change). */
export interface SynthesizeResult {
  /** Stack ids, in construct order. */
  readonly tfStacks: string[];
  /** Files of the GitOps tree, sorted. */
  readonly k8sFiles: string[];
  /** Changes per folder. */
  readonly changes: { readonly tf: FolderChanges; readonly k8s: FolderChanges };
  /** True when any file synth owns was (or would be) added, changed or removed. */
  readonly changed: boolean;
  /** Notes: recovery of an interrupted synth, debris removed, clean-up that could not finish. */
  readonly notes: string[];
  /** Milliseconds per phase, in order: build, validate, render, stage (write staging), commit (plan + renames). */
  readonly timings: Readonly<Record<SynthPhase, number>>;
}

/** The phases of {@link SynthesizeResult.timings}. */
export type SynthPhase = 'build' | 'validate' | 'render' | 'stage' | 'commit';

/**
 * Synthesizes both apps in this process into staging folders, then commits them to `tfOutdir` and `k8sOutdir` as
 * one transaction (see `output-commit.ts`): both old or both new, never a mix. Synth owns only the files it lists in
 * each folder's manifest ({@link OUTPUT_MANIFEST_NAME}); every other file (and `.git/`, `.terraform/`,
 * `.terraform.lock.hcl`) is kept. Unchanged files are not rewritten.
 *
 * Throws (nothing written) {@link SynthValidationError} with every construct and output-check error,
 * `OutputLayoutError`, {@link OutputOwnershipError}, `SynthLockError` or `SynthIoError`.
 */
export function synthesizeApps(options: SynthesizeOptions): SynthesizeResult {
  const tfTarget = path.resolve(options.tfOutdir);
  const k8sTarget = path.resolve(options.k8sOutdir);
  assertSeparateOutputs(
    { 'Terraform output': tfTarget, 'GitOps output': k8sTarget },
    { 'the working directory': process.cwd(), ...(options.protectedDirs ?? {}) },
  );
  const check = options.check ?? false;
  const scratch = check
    ? withIoContext('creating a temp folder', os.tmpdir(), () => fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-check-')))
    : undefined;
  const stagings: string[] = [];
  // Parent folders the staging folders create; removed again unless the commit happened.
  const createdParents = check ? [] : [tfTarget, k8sTarget].map((t) => topmostMissing(path.dirname(t)));
  let committed = false;
  const timings: Record<SynthPhase, number> = { build: 0, validate: 0, render: 0, stage: 0, commit: 0 };
  let mark = performance.now();
  const lap = (phase: SynthPhase): void => {
    const now = performance.now();
    timings[phase] = Math.round(now - mark);
    mark = now;
  };
  try {
    const tfStage = scratch ? path.join(scratch, 'tf') : createStagingDir(tfTarget);
    stagings.push(tfStage);
    const k8sStage = scratch ? path.join(scratch, 'k8s') : createStagingDir(k8sTarget);
    stagings.push(k8sStage);
    const apps: PlatformApps = {
      tf: new TfApp({
        outdir: tfStage,
        context: {
          [TERRAFORM_OUTDIR_CONTEXT]: tfTarget,
          [STATE_DIR_CONTEXT]: path.resolve(options.stateDir ?? process.cwd()),
        },
      }),
      k8s: new K8sApp({ outdir: k8sStage }),
    };
    options.build(apps);
    lap('build');

    // Validation and rendering share one toJson() per API object (render-memo.ts).
    const k8sTree = withRenderMemo(() => {
      const validationErrors = collectValidationErrors(apps.tf, apps.k8s);
      if (validationErrors.length > 0) throw new SynthValidationError(validationErrors, []);
      lap('validate');
      return renderGitOpsTree(apps.k8s);
    });
    const extra = options.extraTerraformFiles?.(apps) ?? new Map<string, string>();
    lap('render');
    withIoContext('writing the staged Terraform output', tfStage, () => {
      apps.tf.synth();
      writeFiles(tfStage, extra);
    });
    const k8sFiles = withIoContext('writing the staged GitOps output', k8sStage, () => writeFiles(k8sStage, k8sTree));
    const outputProblems = (options.outputChecks ?? []).flatMap((c) => c({ tfOutdir: tfStage, k8sOutdir: k8sStage }));
    if (outputProblems.length > 0) throw new SynthValidationError([], outputProblems);
    for (const stage of stagings) {
      withIoContext('writing the output manifest', stage, () =>
        fs.writeFileSync(path.join(stage, OUTPUT_MANIFEST_NAME), formatManifest(listFolder(stage).files)),
      );
    }

    lap('stage');
    const pairs: [string, string, string][] = [
      ['Terraform output', tfTarget, tfStage],
      ['GitOps output', k8sTarget, k8sStage],
    ];
    const notes: string[] = [];
    let plans: FolderPlan[];
    if (check) {
      const pending = [tfTarget, k8sTarget].map(journalPath).filter((f) => fs.existsSync(f));
      if (pending.length > 0) {
        throw new OutputOwnershipError([
          `an interrupted synth left ${pending.join(' and ')}; the outputs may be mixed. Fix: run synth (without ` +
            '--check) to recover them, then check again.',
        ]);
      }
      plans = planAll(pairs, options.force ?? false);
    } else {
      stopIfAsked(options.shouldStop);
      const release = acquireLocks([tfTarget, k8sTarget], options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
      try {
        notes.push(...recoverAndClean([tfTarget, k8sTarget], new Set(stagings)));
        plans = planAll(pairs, options.force ?? false);
        stopIfAsked(options.shouldStop);
        notes.push(...commitPlans(plans));
        committed = true;
      } finally {
        release();
      }
    }
    lap('commit');
    const tfStacks = apps.tf.node.children.filter((c) => TerraformStack.isStack(c)).map((c) => c.node.id);
    const [tf, k8s] = plans.map((p) => p.changes);
    return { tfStacks, k8sFiles, changes: { tf, k8s }, changed: !isUnchanged(tf) || !isUnchanged(k8s), notes, timings };
  } finally {
    if (scratch) removeQuietly(scratch);
    // A staging folder a journal still names is what the next synth's recovery needs.
    const targets = [tfTarget, k8sTarget];
    stagings.forEach((stage, i) => {
      if (scratch || !fs.existsSync(journalPath(targets[i]))) removeQuietly(stage);
    });
    if (!committed) for (const dir of createdParents) if (dir) removeQuietly(dir);
  }
}

function stopIfAsked(shouldStop: (() => string | undefined) | undefined): void {
  const reason = shouldStop?.();
  if (reason !== undefined) throw new SynthStoppedError(reason);
}

function topmostMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let cur = dir; !fs.existsSync(cur) && path.dirname(cur) !== cur; cur = path.dirname(cur)) missing = cur;
  return missing;
}

function planAll(pairs: readonly [string, string, string][], force: boolean): FolderPlan[] {
  const results = pairs.map(([label, target, stage]) =>
    withIoContext(`reading the ${label} folder`, target, () => planFolder(label, target, stage, force)),
  );
  const problems = results.flatMap((r) => r.problems);
  if (problems.length > 0) throw new OutputOwnershipError(problems);
  return results.map((r) => r.plan);
}
