import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App as K8sApp } from 'cdk8s';
import { App as TfApp, TerraformStack } from 'cdktf';
import { STATE_DIR_CONTEXT, TERRAFORM_OUTDIR_CONTEXT } from '../state-backend';
import { collectValidationErrors } from './validate-tree';
import { renderGitOpsTree } from './gitops-writer';
import { withRenderMemo } from './render-memo';
import { assertSeparateOutputs, readFolderContent, writeFiles } from './output-dir';
import { OUTPUT_MANIFEST_NAME, formatManifest } from './output-manifest';
import { isUnchanged, planFolder, topmostMissing } from './output-plan';
import type { FolderChanges, FolderContent, FolderPlan } from './output-plan';
import { commitPlans, createStagingDir, journalPath, recoverAndClean, removeQuietly } from './output-commit';
import { DEFAULT_LOCK_TIMEOUT_MS, acquireLocks } from './output-lock';
import { OutputOwnershipError, SynthStoppedError, SynthValidationError, withIoContext } from './synth-errors';
import { StageWriter } from './stage-writer';

/** The two apps one synth fills: Terraform stacks and GitOps charts. */
export interface PlatformApps {
  /** CDKTF app; one `TerraformStack` per stage. */
  readonly tf: TfApp;
  /** cdk8s app; one chart per GitOps file. */
  readonly k8s: K8sApp;
}

/**
 * The new output, as the {@link OutputCheck}s see it before anything is written to the output folders: every file
 * of each folder in memory, exactly the bytes a commit would leave there.
 */
export interface CheckedOutput {
  /** The Terraform output folder, to name files in messages. It still holds the previous output: read `files`. */
  readonly tfOutdir: string;
  /** The GitOps output folder, to name files in messages. It still holds the previous output: read `files`. */
  readonly k8sOutdir: string;
  /** Every new file of each folder (relative path with `/` -> content), sorted by path; the manifests are not. */
  readonly files: { readonly tf: FolderContent; readonly k8s: FolderContent };
}

/** A check over the new output before it replaces the previous one. Returns problems; empty means pass. */
export type OutputCheck = (output: CheckedOutput) => readonly string[];

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
  /**
   * Milliseconds per phase, in order: build, validate, render, stage (the Terraform synth, the output checks, the
   * comparison with the output folders and the writing of the added and changed files), commit (journal, renames,
   * clean-up).
   */
  readonly timings: Readonly<Record<SynthPhase, number>>;
}

/** The phases of {@link SynthesizeResult.timings}. */
export type SynthPhase = 'build' | 'validate' | 'render' | 'stage' | 'commit';

/**
 * Synthesizes both apps in this process and commits them to `tfOutdir` and `k8sOutdir` as one transaction (see
 * `output-commit.ts`): both old or both new, never a mix. The GitOps tree is rendered in memory and compared with the
 * output folder byte for byte; only added and changed files are written into its staging folder (the Terraform
 * output, about twenty files, is written whole by cdktf). Synth owns only the files it lists in each folder's
 * manifest ({@link OUTPUT_MANIFEST_NAME}); every other file (and `.git/`, `.terraform/`, `.terraform.lock.hcl`) is
 * kept. Unchanged files are neither written nor renamed.
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
  const force = options.force ?? false;
  const scratch = check
    ? withIoContext('creating a temp folder', os.tmpdir(), () => fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-check-')))
    : undefined;
  const stagings: string[] = [];
  // Parent folders the staging folders create; removed again unless the commit happened.
  const createdParents = check ? [] : [tfTarget, k8sTarget].map((t) => topmostMissing(path.dirname(t)));
  let committed = false;
  let stageWriter: StageWriter | undefined;
  const timings: Record<SynthPhase, number> = { build: 0, validate: 0, render: 0, stage: 0, commit: 0 };
  let mark = performance.now();
  const lap = (phase: SynthPhase): void => {
    const now = performance.now();
    timings[phase] = Math.round(now - mark);
    mark = now;
  };
  try {
    // With --check nothing is staged beside the outputs: cdktf writes into a temp folder, the tree stays in memory.
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
    // A first synth's large tree is written ahead on a second thread as it renders (stage-writer.ts).
    if (!check && isMissingOrEmpty(k8sTarget)) stageWriter = new StageWriter(k8sStage);

    // Validation and rendering share one toJson() per API object (render-memo.ts).
    const k8sTree = withRenderMemo(() => {
      const validationErrors = collectValidationErrors(apps.tf, apps.k8s);
      if (validationErrors.length > 0) throw new SynthValidationError(validationErrors, []);
      lap('validate');
      return renderGitOpsTree(apps.k8s, (rel, content) => stageWriter?.write(rel, content));
    });
    const extra = options.extraTerraformFiles?.(apps) ?? new Map<string, string>();
    lap('render');
    const tfFiles = withIoContext('writing the staged Terraform output', tfStage, () => {
      apps.tf.synth();
      writeFiles(tfStage, extra);
      return readFolderContent(tfStage);
    });
    const checked: CheckedOutput = { tfOutdir: tfTarget, k8sOutdir: k8sTarget, files: { tf: tfFiles, k8s: k8sTree } };
    const outputProblems = (options.outputChecks ?? []).flatMap((c) => c(checked));
    if (outputProblems.length > 0) throw new SynthValidationError([], outputProblems);
    const tfContent = withManifest(tfFiles);
    withIoContext('writing the output manifest', tfStage, () =>
      fs.writeFileSync(path.join(tfStage, OUTPUT_MANIFEST_NAME), tfContent.get(OUTPUT_MANIFEST_NAME) ?? ''),
    );
    const folders: FolderToPlan[] = [
      { label: 'Terraform output', target: tfTarget, staging: tfStage, content: tfContent },
      { label: 'GitOps output', target: k8sTarget, staging: k8sStage, content: withManifest(k8sTree) },
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
      plans = planAll(folders, force);
      lap('stage');
    } else {
      stopIfAsked(options.shouldStop);
      const release = acquireLocks([tfTarget, k8sTarget], options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
      try {
        notes.push(...recoverAndClean([tfTarget, k8sTarget], new Set(stagings)));
        plans = planAll(folders, force);
        // The Terraform staging folder is complete already; of the tree, only what the commit moves is written.
        const k8sStaged = stagedFiles(plans[1], folders[1].content);
        const writer = stageWriter;
        stageWriter = undefined;
        if (writer) writer.complete(k8sStaged);
        else withIoContext('writing the staged GitOps output', k8sStage, () => writeFiles(k8sStage, k8sStaged));
        lap('stage');
        stopIfAsked(options.shouldStop);
        // Nothing to move (a re-synth without changes): no journal, no renames.
        if (plans.some((p) => p.ops.length > 0)) notes.push(...commitPlans(plans));
        committed = true;
      } finally {
        release();
      }
    }
    lap('commit');
    const tfStacks = apps.tf.node.children.filter((c) => TerraformStack.isStack(c)).map((c) => c.node.id);
    const [tf, k8s] = plans.map((p) => p.changes);
    const k8sFiles = [...k8sTree.keys()];
    return { tfStacks, k8sFiles, changes: { tf, k8s }, changed: !isUnchanged(tf) || !isUnchanged(k8s), notes, timings };
  } finally {
    stageWriter?.stop(); // the synth failed before its plan: the worker must stop writing before staging goes
    if (scratch) removeQuietly(scratch);
    // A staging folder a journal still names is what the next synth's recovery needs.
    const targets = [tfTarget, k8sTarget];
    stagings.forEach((stage, i) => {
      if (scratch || !fs.existsSync(journalPath(targets[i]))) removeQuietly(stage);
    });
    if (!committed) for (const dir of createdParents) if (dir) removeQuietly(dir);
  }
}

/** True when `dir` does not exist or is an empty folder (the first synth into it). */
function isMissingOrEmpty(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch {
    return true; // missing (or unreadable: the plan reports that)
  }
}

/** One output folder to compare: where it is, where its staging folder is, and its new content. */
interface FolderToPlan {
  readonly label: string;
  readonly target: string;
  readonly staging: string;
  readonly content: FolderContent;
}

/** `files` plus the manifest that lists them. */
function withManifest(files: FolderContent): FolderContent {
  return new Map([...files, [OUTPUT_MANIFEST_NAME, formatManifest(files.keys())]]);
}

/** The files of the `add` and `change` ops of `plan`: what its staging folder must hold for the commit. */
function stagedFiles(plan: FolderPlan, content: FolderContent): Map<string, string | Uint8Array> {
  const files = new Map<string, string | Uint8Array>();
  for (const op of plan.ops) if (op.kind !== 'remove') files.set(op.rel, content.get(op.rel) ?? '');
  return files;
}

function stopIfAsked(shouldStop: (() => string | undefined) | undefined): void {
  const reason = shouldStop?.();
  if (reason !== undefined) throw new SynthStoppedError(reason);
}

function planAll(folders: readonly FolderToPlan[], force: boolean): FolderPlan[] {
  const results = folders.map((f) =>
    withIoContext(`reading the ${f.label} folder`, f.target, () =>
      planFolder(f.label, f.target, f.staging, f.content, force),
    ),
  );
  const problems = results.flatMap((r) => r.problems);
  if (problems.length > 0) throw new OutputOwnershipError(problems);
  return results.map((r) => r.plan);
}
