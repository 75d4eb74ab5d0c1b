// Conformance (a): every cdktf.out/stacks/*/cdk.tf.json with the real OpenTofu: offline `init` from the .tools
// mirror, `validate`, then `plan -refresh=false` with dummy variables (informational unless --require-plan names it).
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { rel } from './conformance-common.mjs';
import {
  dummyVariables,
  exactVersion,
  firstErrorLine,
  formatDiagnostics,
  planDiagnostics,
  prepareScratchStack,
  requiredProviders,
  withoutProviders,
} from './terraform.mjs';
import { INSTALL_COMMAND, REPO_ROOT, providerAvailability, run } from './tools.mjs';

export function checkStacks(tfDir, ctx) {
  const { report, tools, env, tmp, opts } = ctx;
  const stacksDir = path.join(tfDir, 'stacks');
  const stacks = existsSync(stacksDir)
    ? readdirSync(stacksDir)
        .filter((s) => existsSync(path.join(stacksDir, s, 'cdk.tf.json')))
        .sort()
    : [];
  if (!stacks.length) {
    report.add('tofu validate', rel(stacksDir), 'FAIL', 'no stacks/*/cdk.tf.json found');
    return;
  }
  for (const name of opts.requirePlan) {
    if (!stacks.includes(name))
      report.add(
        'tofu plan',
        name,
        'FAIL',
        `--require-plan names ${name}, which is not a stack here (${stacks.join(', ')})`,
      );
  }
  const availability = providerAvailability(REPO_ROOT);
  const iac = tools.iac.name;
  // no network for plan: providers that try to reach anything get a dead local proxy
  const noNet = {
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '',
    https_proxy: 'http://127.0.0.1:9',
    http_proxy: 'http://127.0.0.1:9',
    no_proxy: '',
  };

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
      } else if (!a.mirrored.length)
        blockers.push(`provider ${p.source} is not in .tools/mirror: run ${INSTALL_COMMAND}`);
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

    const tofu = (args, extraEnv = {}) =>
      run(tools.iac.path, args, { cwd: scratch, env: { ...env, ...noNet, ...extraEnv } });
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
      report.add(
        `${iac} plan`,
        target,
        required ? 'FAIL' : 'WARN',
        `init with a local backend: ${firstErrorLine(initB.stderr + initB.stdout)}`,
      );
      continue;
    }
    const vars = dummyVariables(config);
    const plan = tofu(['plan', '-input=false', '-refresh=false', '-lock=false', '-no-color', '-json'], vars);
    const diags = formatDiagnostics(planDiagnostics(plan.stdout), config);
    const remoteState = Object.keys(config.data?.terraform_remote_state ?? {});
    if (plan.code === 0) {
      const summary = plan.stdout
        .split('\n')
        .map((l) => {
          try {
            return JSON.parse(l);
          } catch {
            return {};
          }
        })
        .find((m) => m.type === 'change_summary');
      const c = summary?.changes;
      report.add(
        `${iac} plan`,
        target,
        'PASS',
        c
          ? `${c.add} to add, ${c.change} to change, ${c.remove} to destroy (dummy variables: ${Object.keys(vars).length})`
          : 'ok',
      );
    } else {
      let detail = diags[0] ?? firstErrorLine(plan.stderr + plan.stdout) ?? plan.error ?? `exit ${plan.code}`;
      if (
        remoteState.length &&
        /remote state|terraform_remote_state|Unsupported attribute|outputs/i.test(detail + diags.join(' '))
      ) {
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
  const { config: rest, removedBlocks } = withoutProviders(
    config,
    unavailable.map((p) => p.local),
  );
  if (!requiredProviders(rest).length) {
    report.add(check, target, 'SKIP', 'nothing is left once the unavailable providers are removed');
    return;
  }
  writeFileSync(path.join(scratch, 'cdk.tf.json'), JSON.stringify(rest, null, 2));
  const tofu = (args) => run(tools.iac.path, args, { cwd: scratch, env: { ...env, ...noNet } });
  const validated = initAndValidate(tofu, iac, rest);
  if (!validated.ok) report.add(check, target, 'FAIL', validated.detail);
  else
    report.add(
      check,
      target,
      'PASS',
      `partial: ${removedBlocks} block(s) of the unavailable provider removed, the rest is valid`,
    );
}

/** `init -backend=false` then `validate -json` in a prepared scratch stack: { ok, warnings } or { ok: false, detail }. */
function initAndValidate(tofu, iac, config) {
  const init = tofu(['init', '-backend=false', '-input=false', '-no-color']);
  if (init.code !== 0) {
    return {
      ok: false,
      detail: `${iac} init -backend=false: ${firstErrorLine(init.stderr + init.stdout) || init.error}`,
    };
  }
  const validate = tofu(['validate', '-json', '-no-color']);
  let parsed;
  try {
    parsed = JSON.parse(validate.stdout);
  } catch {
    parsed = undefined;
  }
  if (!parsed)
    return { ok: false, detail: `${iac} validate gave no JSON: ${firstErrorLine(validate.stderr) || validate.error}` };
  if (!parsed.valid) return { ok: false, detail: formatDiagnostics(parsed.diagnostics, config).join('\n') };
  return { ok: true, warnings: parsed.warning_count ?? 0 };
}
