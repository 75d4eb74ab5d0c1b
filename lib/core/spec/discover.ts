/**
 * Finds the spec files of a config folder: `platform.yaml` and `<env>/*.yaml`. Every entry is accounted for: it is a
 * spec file that is read, something the documented rule ignores (Markdown notes, dotfiles that are not YAML), or an
 * error naming its path. A cluster must never vanish because its file was renamed, moved into a subfolder, replaced
 * by a link or by something that is not a file. The result is sorted, so it never depends on directory order.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareText } from '../errors';
import type { Issue } from './issue';
import type { SpecKind } from './validate-spec';

export const PLATFORM_FILE = 'platform.yaml';

export interface SpecFileRef {
  /** Path as shown in errors: `configDir` joined with the relative path. */
  readonly file: string;
  readonly kind: SpecKind;
  /** Folder name, for workload clusters. */
  readonly environment?: string | undefined;
  /**
   * The real path to read: `file` with symbolic links resolved (always inside the config folder).
   * @default - `file`
   */
  readonly realFile?: string | undefined;
}

/** What an entry is once symbolic links are resolved. */
type EntryKind = 'file' | 'folder' | 'special' | 'broken-link' | 'outside';

interface Entry {
  readonly name: string;
  readonly full: string;
  readonly kind: EntryKind;
  readonly real?: string | undefined;
}

/** Files kept next to specs on purpose and never read: notes and VCS placeholders. */
const IGNORED_FILE = /(\.md|^\.gitkeep)$/i;
/** Version-control metadata: a config folder may be a repository root of its own. */
const IGNORED_FOLDER = /^\.(git|hg|svn)$/;
const ANY_YAML = /\.ya?ml$/i;

export function discoverSpecFiles(configDir: string): { files: SpecFileRef[]; issues: Issue[] } {
  const files: SpecFileRef[] = [];
  const issues: Issue[] = [];
  const root = realDir(configDir);
  const entries = root === undefined ? undefined : readEntries(configDir, root);
  if (root === undefined || !entries) {
    return {
      files,
      issues: [
        fileIssue(
          configDir,
          'missing-config-dir',
          `config folder ${configDir} does not exist or is not readable`,
          'pass --config <dir> with platform.yaml in it',
        ),
      ],
    };
  }
  const platform = entries.find((e) => e.name === PLATFORM_FILE);
  if (platform?.kind === 'file') files.push({ file: platform.full, kind: 'Platform', realFile: platform.real });
  else if (platform) issues.push(entryIssue(platform, root));
  else {
    const platformFile = path.join(configDir, PLATFORM_FILE);
    issues.push(
      fileIssue(
        platformFile,
        'missing-platform-file',
        `${PLATFORM_FILE} is missing`,
        `create ${platformFile} (see docs/spec.md)`,
      ),
    );
  }

  for (const entry of entries) {
    if (entry.name === PLATFORM_FILE) continue;
    if (entry.kind === 'folder' && !entry.name.startsWith('.')) {
      const inner = readEntries(entry.full, root) ?? [];
      for (const e of inner) {
        const spec = e.kind === 'file' && e.name.endsWith('.yaml') && !e.name.startsWith('.');
        if (spec) files.push({ file: e.full, kind: 'WorkloadCluster', environment: entry.name, realFile: e.real });
        else if (e.kind === 'folder') issues.push(...nestedFolderIssues(e, root));
        else if (!isIgnored(e)) issues.push(entryIssue(e, root, true));
      }
    } else if (!isIgnored(entry)) {
      issues.push(entryIssue(entry, root, false));
    }
  }
  files.sort((a, b) => compareText(a.file, b.file));
  return { files, issues };
}

/** Folders below a limit are walked to name each YAML file they hide; past it the folder itself is reported. */
const MAX_NESTED_ENTRIES = 1000;

/** A folder inside an environment folder: each YAML file in it (it would be a vanished cluster), or the folder. */
function nestedFolderIssues(folder: Entry, root: string): Issue[] {
  const found: Entry[] = [];
  const queue = [folder];
  let seen = 0;
  while (queue.length && seen < MAX_NESTED_ENTRIES) {
    const dir = queue.shift() as Entry;
    for (const e of readEntries(dir.full, root) ?? []) {
      seen++;
      if (e.kind === 'folder') queue.push(e);
      else if (e.kind === 'file' && ANY_YAML.test(e.name)) found.push(e);
    }
  }
  if (!found.length || seen >= MAX_NESTED_ENTRIES) return [entryIssue(folder, root, true)];
  const env = path.dirname(folder.full);
  return found.map((e) =>
    fileIssue(
      e.full,
      'nested-folder',
      `${path.relative(env, e.full)} is in a folder inside the environment folder; it is not read`,
      `move it to ${path.join(path.basename(env), e.name.replace(ANY_YAML, '.yaml'))}: cluster files live directly in their environment folder`,
    ),
  );
}

/** Markdown notes, `.gitkeep`, dotfiles that are not YAML (`.DS_Store`, editor swap files), and `.git/`. */
function isIgnored(entry: Entry): boolean {
  if (entry.kind === 'folder') return IGNORED_FOLDER.test(entry.name);
  if (entry.kind !== 'file') return false;
  return IGNORED_FILE.test(entry.name) || (entry.name.startsWith('.') && !ANY_YAML.test(entry.name));
}

function realDir(dir: string): string | undefined {
  try {
    const real = fs.realpathSync(dir);
    return fs.statSync(real).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

function readEntries(dir: string, root: string): Entry[] | undefined {
  let dirents: fs.Dirent[];
  try {
    dirents = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  return dirents.map((d) => classify(path.join(dir, d.name), d, root)).sort((a, b) => compareText(a.name, b.name));
}

/** Resolves a symbolic link (refusing targets outside the config folder) and says what the entry is. */
function classify(full: string, dirent: fs.Dirent, root: string): Entry {
  const name = dirent.name;
  if (!dirent.isSymbolicLink()) return { name, full, kind: kindOf(dirent) };
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch {
    return { name, full, kind: 'broken-link' };
  }
  if (real !== root && !real.startsWith(root + path.sep)) return { name, full, kind: 'outside' };
  try {
    return { name, full, kind: kindOf(fs.statSync(real)), real };
  } catch {
    return { name, full, kind: 'broken-link' };
  }
}

function kindOf(stats: fs.Dirent | fs.Stats): EntryKind {
  return stats.isFile() ? 'file' : stats.isDirectory() ? 'folder' : 'special';
}

/** Why an entry is not read, and what to do about it. */
function entryIssue(entry: Entry, root: string, inEnvironment?: boolean): Issue {
  const { name, full } = entry;
  const rel = path.relative(root, entry.real ?? full) || name;
  switch (entry.kind) {
    case 'broken-link':
      return fileIssue(
        full,
        'broken-symlink',
        `${name} is a symbolic link that does not resolve (missing target or a loop)`,
        'point it at an existing spec file inside the config folder, or replace it with the file itself',
      );
    case 'outside':
      return fileIssue(
        full,
        'symlink-outside-config',
        `${name} is a symbolic link to a path outside the config folder; it is not followed`,
        'copy the spec file into the config folder instead of linking to it',
      );
    case 'special':
      return fileIssue(
        full,
        'special-file',
        `${name} is not a regular file (a FIFO, socket or device); it is not read`,
        'replace it with a regular .yaml file, or remove it',
      );
    case 'folder':
      return fileIssue(
        full,
        'nested-folder',
        inEnvironment
          ? `folder ${name} is not read: cluster files live directly in their environment folder`
          : `folder ${name} is not read: environment folders do not start with a dot`,
        inEnvironment ? 'move its .yaml files up one level' : `rename it to ${name.replace(/^\.+/, '')}`,
      );
    case 'file':
      break;
  }
  if (name === PLATFORM_FILE || !inEnvironment) {
    return fileIssue(
      full,
      /\.yml$/i.test(name) ? 'yml-extension' : 'stray-file',
      `${name} is not read: only ${PLATFORM_FILE} and environment folders live at the top level`,
      ANY_YAML.test(name)
        ? `move it to <env>/${name.replace(ANY_YAML, '.yaml')} if it is a workload cluster`
        : 'move it out of the config folder (Markdown notes are fine)',
    );
  }
  if (name.startsWith('.')) {
    return fileIssue(
      full,
      'hidden-spec-file',
      `${name} is a hidden YAML file; it is not read`,
      `rename it to ${name.replace(/^\.+/, '').replace(ANY_YAML, '.yaml')} to keep the cluster, or delete it ` +
        '(deleting a cluster: docs/clusters.md)',
    );
  }
  if (/\.yml$/i.test(name)) {
    return fileIssue(
      full,
      'yml-extension',
      `${name} is not read: spec files end in .yaml`,
      `rename it to ${name.replace(/\.yml$/i, '.yaml')}`,
    );
  }
  if (ANY_YAML.test(name)) {
    return fileIssue(
      full,
      'yaml-extension-case',
      `${name} is not read: spec files end in lower-case .yaml`,
      `rename it to ${name.replace(ANY_YAML, '.yaml')}`,
    );
  }
  return fileIssue(
    full,
    'stray-file',
    `${name} is not a spec file (${rel}): environment folders hold only <cluster>.yaml files`,
    'move it out of the config folder (Markdown notes are fine), or rename it to <cluster>.yaml',
  );
}

/** What every file-layout problem expected: the layout of a config folder. */
const CONFIG_LAYOUT = '`platform.yaml` and one folder per environment holding `<cluster>.yaml` files (docs/spec.md)';

function fileIssue(file: string, rule: string, message: string, hint: string): Issue {
  return { file, path: [], rule, message, expected: CONFIG_LAYOUT, hint };
}
