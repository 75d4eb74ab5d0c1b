import * as fs from 'fs';
import * as path from 'path';
import { inspectSopsSecret } from './sops-file';
import { SOPS_CONFIG_FILE, SopsPolicy, recipientList } from './sops-policy';

/** Folders `secrets check` does not walk: dependencies, VCS data, tools and generated output (the guard covers it). */
export const CHECK_SKIPPED_DIRS: readonly string[] = [
  'node_modules',
  '.git',
  '.tools',
  'build',
  'dist',
  'cdktf.out',
  'coverage',
  'reports',
];

/** What {@link checkSecretFiles} found. */
export interface SecretFilesCheck {
  /** Files a creation rule covers that were checked. */
  readonly checked: number;
  /** Problems that make the check fail (file: what, fix). */
  readonly problems: readonly string[];
  /** Things to fix that do not fail the check (placeholder recipient). */
  readonly warnings: readonly string[];
}

/**
 * Checks every `.yaml`/`.yml` file under `repoRoot` that a `.sops.yaml` creation rule covers: it must be a SOPS
 * encrypted Secret for exactly the recipients the rule names. kustomize/KSOPS configuration files next to them are
 * skipped. A pre-commit or CI step: `talos-platform-cdk secrets check`.
 */
export function checkSecretFiles(repoRoot: string): SecretFilesCheck {
  const policy = SopsPolicy.load(repoRoot);
  if (!policy) throw new Error(`${path.join(repoRoot, SOPS_CONFIG_FILE)} does not exist; nothing says which files must be encrypted`);
  const problems: string[] = [];
  const warnings: string[] = [];
  let checked = 0;
  if (policy.hasPlaceholderRecipient()) {
    warnings.push(`${policy.source} still names the placeholder age recipient; put your public key there (docs/secrets.md)`);
  }
  for (const rel of walk(repoRoot, '')) {
    if (!/\.ya?ml$/.test(rel) || path.posix.basename(rel) === SOPS_CONFIG_FILE) continue;
    const rule = policy.ruleFor(rel);
    if (!rule) continue;
    const text = fs.readFileSync(path.join(repoRoot, ...rel.split('/')), 'utf8');
    if (isToolConfig(text)) continue;
    checked++;
    const found = inspectSopsSecret(text);
    for (const p of found.problems) problems.push(`${rel} ${p}. Encrypt it: sops encrypt --in-place ${rel}`);
    if (found.problems.length > 0 || policy.hasPlaceholderRecipient(rel)) continue;
    const have = recipientList(found.recipients);
    const want = recipientList(rule.recipients);
    if (have.join(',') !== want.join(',')) {
      problems.push(
        `${rel} is encrypted for [${have.join(', ')}]; creation rule ${rule.index} names [${want.join(', ')}]. ` +
          `Run: sops updatekeys ${rel}`,
      );
    }
  }
  return { checked, problems, warnings };
}

/** A kustomization or KSOPS generator (plain configuration that lives next to encrypted files). */
function isToolConfig(text: string): boolean {
  return /^kind:\s*["']?(Kustomization|ksops)["']?\s*$/m.test(text) && !/^sops:\s*$/m.test(text);
}

function walk(root: string, rel: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!CHECK_SKIPPED_DIRS.includes(entry.name) && !/\.staging-/.test(entry.name)) out.push(...walk(root, childRel));
    } else if (entry.isFile()) {
      out.push(childRel);
    }
  }
  return out.sort();
}
