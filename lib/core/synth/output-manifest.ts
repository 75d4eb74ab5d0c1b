import * as fs from 'fs';
import * as path from 'path';
import { readTextIfExists } from '../read-text-if-exists';

/**
 * Name of the manifest synth keeps in each output folder: the files it wrote there, one relative path a line. No
 * `.yaml`/`.json` extension, so Argo CD and Flux (which read `*.yaml`, `*.yml` and `*.json` of a folder) ignore it.
 */
export const OUTPUT_MANIFEST_NAME = '.talos-platform-cdk.manifest';

const HEADER =
  '# Files talos-platform-cdk synth wrote in this folder. synth replaces and removes only these and keeps every\n' +
  '# other file. Generated: do not edit.\n';

/**
 * Names synth never lists, reports or touches at any depth of an output folder: Git's data, and tofu's working
 * state in a stack folder (`tofu init` makes them; OpenTofu says to commit the lock file).
 */
const KEPT_NAMES = new Set(['.git', '.terraform', '.terraform.lock.hcl']);

/** True for a file or folder name synth leaves alone wherever it is (see {@link KEPT_NAMES}). */
export function isKeptName(name: string): boolean {
  return KEPT_NAMES.has(name);
}

/** The manifest text for `files` (relative paths with `/`). */
export function formatManifest(files: Iterable<string>): string {
  return (
    HEADER +
    [...files]
      .filter((f) => f !== OUTPUT_MANIFEST_NAME)
      .sort()
      .map((f) => `${f}\n`)
      .join('')
  );
}

/**
 * The files the manifest in `dir` lists, or undefined when `dir` has none (a folder synth did not write, or one from
 * a version before manifests). Lines that are not normalized relative paths are ignored, so a damaged manifest can
 * never point synth outside the folder.
 */
export function readManifest(dir: string): Set<string> | undefined {
  const text = readTextIfExists(path.join(dir, OUTPUT_MANIFEST_NAME));
  if (text === undefined) return undefined;
  const files = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const segs = line.split('/');
    if (segs.some((s) => s === '' || s === '.' || s === '..' || isKeptName(s)) || line.includes('\\')) continue;
    files.add(line);
  }
  return files;
}

/** Entries of an output folder, as synth sees them. */
export interface FolderListing {
  /** Relative paths (with `/`) of every regular file or symlink, except the kept names and the manifest. */
  readonly files: Set<string>;
  /** Relative paths of every folder (so a file synth writes cannot replace a folder unnoticed). */
  readonly dirs: Set<string>;
}

/** Lists `dir` (recursively, one `readdir` per folder, skipping kept names); an absent folder is empty. */
export function listFolder(dir: string): FolderListing {
  const files = new Set<string>();
  const dirs = new Set<string>();
  const walk = (abs: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      if (rel === '' && (err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const entry of entries) {
      if (isKeptName(entry.name)) continue;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        dirs.add(childRel);
        walk(path.join(abs, entry.name), childRel);
      } else if (childRel !== OUTPUT_MANIFEST_NAME) {
        files.add(childRel);
      }
    }
  };
  walk(dir, '');
  return { files, dirs };
}

/**
 * True when the listed folder was absent or held nothing but kept names and the manifest (e.g. a fresh clone of an
 * empty repository).
 */
export function isEmptyListing(listing: FolderListing): boolean {
  return listing.files.size === 0 && listing.dirs.size === 0;
}
