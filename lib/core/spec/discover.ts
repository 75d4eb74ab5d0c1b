/**
 * Finds the spec files of a config folder: `platform.yaml` and `<env>/*.yaml`. Files a user probably meant to be
 * read (`.yml`, a cluster file at the top level) are errors rather than silently ignored. The result is sorted, so it
 * never depends on directory order.
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
  readonly environment?: string;
}

export function discoverSpecFiles(configDir: string): { files: SpecFileRef[]; issues: Issue[] } {
  const files: SpecFileRef[] = [];
  const issues: Issue[] = [];
  const entries = readDir(configDir);
  if (!entries) {
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
  const platformFile = path.join(configDir, PLATFORM_FILE);
  if (entries.some((e) => e.name === PLATFORM_FILE && isFile(configDir, e))) {
    files.push({ file: platformFile, kind: 'Platform' });
  } else {
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
    if (entry.name.startsWith('.') || entry.name === PLATFORM_FILE) continue;
    const full = path.join(configDir, entry.name);
    if (isDirectory(configDir, entry)) {
      for (const inner of readDir(full) ?? []) {
        if (inner.name.startsWith('.') || !isFile(full, inner)) continue;
        const file = path.join(full, inner.name);
        if (inner.name.endsWith('.yaml')) files.push({ file, kind: 'WorkloadCluster', environment: entry.name });
        else if (inner.name.endsWith('.yml')) issues.push(ymlIssue(file));
      }
    } else if (entry.name.endsWith('.yml')) {
      issues.push(ymlIssue(full));
    } else if (entry.name.endsWith('.yaml')) {
      issues.push(
        fileIssue(
          full,
          'stray-file',
          `${entry.name} is not read: only ${PLATFORM_FILE} lives at the top level`,
          `move it to <env>/${entry.name} if it is a workload cluster`,
        ),
      );
    }
  }
  files.sort((a, b) => compareText(a.file, b.file));
  return { files, issues };
}

function readDir(dir: string): fs.Dirent[] | undefined {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name));
  } catch {
    return undefined;
  }
}

/** Follows symbolic links (a linked environment folder or spec file counts as the real thing). */
function isFile(dir: string, entry: fs.Dirent): boolean {
  return entry.isFile() || (entry.isSymbolicLink() && statOf(path.join(dir, entry.name))?.isFile() === true);
}

function isDirectory(dir: string, entry: fs.Dirent): boolean {
  return entry.isDirectory() || (entry.isSymbolicLink() && statOf(path.join(dir, entry.name))?.isDirectory() === true);
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function ymlIssue(file: string): Issue {
  return fileIssue(
    file,
    'yml-extension',
    `${path.basename(file)} is not read: spec files end in .yaml`,
    `rename it to ${path.basename(file).replace(/\.yml$/, '.yaml')}`,
  );
}

function fileIssue(file: string, rule: string, message: string, hint: string): Issue {
  return { file, path: [], rule, message, hint };
}
