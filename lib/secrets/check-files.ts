import * as fs from 'fs';
import * as path from 'path';
import { readRegularFile } from '../core/read-regular-file';
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

/**
 * Test folders, skipped unless `includeTests` is set: they hold deliberately broken fixtures (a plaintext Secret the
 * tests expect to be caught), which are not the user's secrets.
 */
export const TEST_DIRS: readonly string[] = ['test', 'tests', '__tests__', 'fixtures'];

/** An encrypted Secret of the largest size Kubernetes accepts (1 MiB) is about 1.4 MiB; anything past this is not one. */
export const MAX_ENCRYPTED_FILE_BYTES = 4 * 1024 * 1024;

/** Options of {@link checkSecretFiles}. */
export interface CheckSecretFilesOptions {
  /**
   * Also check files under test folders ({@link TEST_DIRS}).
   * @default false
   */
  readonly includeTests?: boolean | undefined;
}

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
 * skipped. Symbolic links are checked explicitly: a link to a file inside the repository is checked as that file;
 * a link out of the repository, a dangling link, a linked folder or a non-regular file where a rule applies is a
 * problem, never silently skipped. A pre-commit or CI step: `talos-platform-cdk secrets check`.
 */
export function checkSecretFiles(repoRoot: string, options: CheckSecretFilesOptions = {}): SecretFilesCheck {
  const policy = SopsPolicy.load(repoRoot);
  if (!policy)
    throw new Error(
      `${path.join(repoRoot, SOPS_CONFIG_FILE)} does not exist; nothing says which files must be encrypted`,
    );
  const problems: string[] = [];
  const warnings: string[] = [];
  let checked = 0;
  if (policy.hasPlaceholderRecipient()) {
    warnings.push(
      `${policy.source} still names the placeholder age recipient; put your public key there (docs/secrets.md)`,
    );
  }
  const root = fs.realpathSync(repoRoot);
  const skipped = options.includeTests ? CHECK_SKIPPED_DIRS : [...CHECK_SKIPPED_DIRS, ...TEST_DIRS];
  for (const entry of walk(root, '', skipped)) {
    const rel = entry.rel;
    if (entry.kind === 'folder-link') {
      if (policy.ruleFor(`${rel}/x.yaml`)) {
        problems.push(
          `${rel} is a symbolic link to a folder; it is not followed. Check the real folder, or replace the link`,
        );
      }
      continue;
    }
    if (!/\.ya?ml$/.test(rel) || path.posix.basename(rel) === SOPS_CONFIG_FILE) continue;
    const rule = policy.ruleFor(rel);
    if (!rule) continue;
    const read = readCovered(root, entry);
    if ('problem' in read) {
      problems.push(`${rel} ${read.problem}`);
      continue;
    }
    const text = read.text;
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

interface WalkEntry {
  readonly rel: string;
  readonly kind: 'file' | 'link' | 'folder-link' | 'special';
}

function walk(root: string, rel: string, skipped: readonly string[]): WalkEntry[] {
  const out: WalkEntry[] = [];
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!skipped.includes(entry.name) && !/\.staging-/.test(entry.name)) out.push(...walk(root, childRel, skipped));
    } else if (entry.isFile()) {
      out.push({ rel: childRel, kind: 'file' });
    } else if (entry.isSymbolicLink()) {
      out.push({ rel: childRel, kind: isFolder(path.join(root, childRel)) ? 'folder-link' : 'link' });
    } else {
      out.push({ rel: childRel, kind: 'special' });
    }
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The text of a covered file; links are resolved and must stay inside the repository. */
function readCovered(root: string, entry: WalkEntry): { text: string } | { problem: string } {
  const abs = path.join(root, ...entry.rel.split('/'));
  if (entry.kind === 'special') return { problem: 'is not a regular file (a FIFO, socket or device); remove it' };
  let real = abs;
  if (entry.kind === 'link') {
    try {
      real = fs.realpathSync(abs);
    } catch {
      return { problem: 'is a symbolic link that does not resolve; remove it or point it at the encrypted file' };
    }
    if (!real.startsWith(root + path.sep)) {
      return {
        problem: 'is a symbolic link out of the repository; it is not followed. Commit the encrypted file itself',
      };
    }
  }
  const read = readRegularFile(real, MAX_ENCRYPTED_FILE_BYTES);
  if ('bytes' in read) return { text: read.bytes.toString('utf8') };
  const why = read.unreadable;
  if (why.kind === 'not-regular') return { problem: 'is not a regular file; remove it' };
  if (why.kind === 'too-large') {
    return { problem: `has ${why.size} bytes, more than an encrypted Secret can (${MAX_ENCRYPTED_FILE_BYTES})` };
  }
  return { problem: `cannot be read (${why.kind === 'missing' ? 'ENOENT' : why.code})` };
}
