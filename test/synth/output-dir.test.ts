/** Unit tests of the output folder helpers: `writeFiles`, `listFiles`. */
import * as fs from 'fs';
import * as path from 'path';
import { listFiles, writeFiles } from '../../lib/core/synth/output-dir';
import { rmDir, tmpDir } from './helpers';

let root: string;
beforeEach(() => {
  root = tmpDir('synth-outdir-');
});
afterEach(() => rmDir(root));

describe('writeFiles', () => {
  test('writes every file with its folders, byte-for-byte, and returns the paths in the given order', () => {
    const files = new Map([
      ['z.yaml', 'z: 1\n'],
      ['a/b/c.yaml', 'unicode: "ü 日本"\r\nno-final-newline'],
      ['a/empty.txt', ''],
    ]);
    expect(writeFiles(root, files)).toEqual(['z.yaml', 'a/b/c.yaml', 'a/empty.txt']);
    for (const [rel, content] of files) {
      expect(fs.readFileSync(path.join(root, ...rel.split('/')))).toEqual(Buffer.from(content, 'utf8'));
    }
  });

  test('overwrites a file that is already there', () => {
    fs.writeFileSync(path.join(root, 'x.yaml'), 'old and longer\n');
    writeFiles(root, new Map([['x.yaml', 'new\n']]));
    expect(fs.readFileSync(path.join(root, 'x.yaml'), 'utf8')).toBe('new\n');
  });

  test('an empty map writes nothing', () => {
    expect(writeFiles(root, new Map())).toEqual([]);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

describe('listFiles', () => {
  test('every file under the folder, relative with `/`, sorted by code unit; folders are not listed', () => {
    writeFiles(
      root,
      new Map([
        ['b.yaml', ''],
        ['a/z.yaml', ''],
        ['a/B.yaml', ''],
        ['a-b.yaml', ''],
        ['A.yaml', ''],
        ['deep/er/est.json', ''],
      ]),
    );
    fs.mkdirSync(path.join(root, 'empty'));
    expect(listFiles(root)).toEqual(['A.yaml', 'a-b.yaml', 'a/B.yaml', 'a/z.yaml', 'b.yaml', 'deep/er/est.json']);
  });

  test('a folder that does not exist has no files', () => {
    expect(listFiles(path.join(root, 'missing'))).toEqual([]);
  });

  test('round-trips writeFiles', () => {
    const files = new Map([
      ['platform/apps/00-cilium.yaml', 'a'],
      ['clusters/prod/prod/cluster.yaml', 'b'],
    ]);
    expect(listFiles(root)).toEqual([]);
    writeFiles(root, files);
    expect(listFiles(root)).toEqual([...files.keys()].sort());
  });
});
