/**
 * Output bytes do not depend on the order the file system lists folders in: with every `readdirSync` in the process
 * reversed (the loader, cdktf, the tree writer), the example synthesizes to the same bytes as with the real order.
 */
import type * as FsModule from 'fs';
import * as path from 'path';
import { VALID_FIXTURES_DIR, hashTree, outDirs, rmDir, synthExample, tmpDir } from './helpers';

let reverse = false;
/** Folders listed while the order was reversed. */
const listedReversed: string[] = [];

jest.mock('fs', () => {
  const real = jest.requireActual<typeof FsModule>('fs');
  return {
    ...real,
    readdirSync: (...args: Parameters<typeof real.readdirSync>) => {
      const entries = real.readdirSync(...args) as unknown[];
      if (!reverse) return entries;
      listedReversed.push(String(args[0]));
      return [...entries].reverse();
    },
  };
});

const roots: string[] = [];
afterAll(() => {
  reverse = false;
  roots.forEach(rmDir);
});

function synth(reversed: boolean): { tf: Record<string, string>; k8s: Record<string, string> } {
  const dirs = outDirs(path.join(tmpDir('synth-readdir-'), 'out'));
  roots.push(path.dirname(dirs.root));
  reverse = reversed;
  try {
    synthExample(dirs, VALID_FIXTURES_DIR);
  } finally {
    reverse = false;
  }
  return { tf: hashTree(dirs.tfOutdir), k8s: hashTree(dirs.k8sOutdir) };
}

test('reversed directory listings give identical bytes', () => {
  const fs = jest.requireMock<typeof FsModule>('fs');
  reverse = true;
  const listed = fs.readdirSync(VALID_FIXTURES_DIR);
  reverse = false;
  expect(listed).toEqual([...fs.readdirSync(VALID_FIXTURES_DIR)].reverse());

  const normal = synth(false);
  listedReversed.length = 0;
  const reversed = synth(true);
  // The mock reached the loader and the output side (the staged Terraform tree is read back for the checks and
  // its manifest).
  expect(listedReversed).toContain(VALID_FIXTURES_DIR);
  expect(listedReversed.some((d) => /[\\/]\.cdktf\.out\.staging-[^\\/]+$/.test(d))).toBe(true);
  expect(reversed.tf).toEqual(normal.tf);
  expect(reversed.k8s).toEqual(normal.k8s);
});
