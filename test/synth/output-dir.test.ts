/** Unit tests of the output folder helpers: `StagedDir`, `writeFiles`, `listFiles`. */
import * as fs from 'fs';
import * as path from 'path';
import { StagedDir, listFiles, writeFiles } from '../../lib/core/synth/output-dir';
import { hashTree, rmDir, stagingLeftovers, tmpDir } from './helpers';

let root: string;
beforeEach(() => {
  root = tmpDir('synth-outdir-');
});
afterEach(() => rmDir(root));

/** A target folder with a file and a nested file. */
function existingTarget(name = 'out'): string {
  const target = path.join(root, name);
  fs.mkdirSync(path.join(target, 'nested'), { recursive: true });
  fs.writeFileSync(path.join(target, 'old.txt'), 'old\n');
  fs.writeFileSync(path.join(target, 'nested', 'old.yaml'), 'a: 1\n');
  return target;
}

describe('StagedDir', () => {
  test('create: a hidden staging folder beside the target, named after it; the target is not touched', () => {
    const target = existingTarget('cdktf.out');
    const before = hashTree(target);
    const stage = StagedDir.create(target);
    expect(stage.target).toBe(target);
    expect(path.dirname(stage.dir)).toBe(root);
    expect(path.basename(stage.dir)).toMatch(/^\.cdktf\.out\.staging-[A-Za-z0-9]{6}$/);
    expect(fs.readdirSync(stage.dir)).toEqual([]);
    expect(hashTree(target)).toEqual(before);
    stage.abort();
  });

  test('create: a relative target resolves against the working directory; missing parents are created', () => {
    const stage = StagedDir.create(path.relative(process.cwd(), path.join(root, 'a', 'b', 'dist')));
    expect(stage.target).toBe(path.join(root, 'a', 'b', 'dist'));
    expect(path.dirname(stage.dir)).toBe(path.join(root, 'a', 'b'));
    expect(fs.statSync(stage.dir).isDirectory()).toBe(true);
    stage.abort();
  });

  test('two staging folders of one target do not collide', () => {
    const a = StagedDir.create(path.join(root, 'out'));
    const b = StagedDir.create(path.join(root, 'out'));
    expect(a.dir).not.toBe(b.dir);
    a.abort();
    b.abort();
  });

  test('commit swaps the staged content in place of the whole target and leaves nothing behind', () => {
    const target = existingTarget();
    const stage = StagedDir.create(target);
    writeFiles(stage.dir, new Map([['new.txt', 'new\n'], ['nested/new.yaml', 'b: 2\n']]));
    stage.commit();
    expect(listFiles(target)).toEqual(['nested/new.yaml', 'new.txt']);
    expect(fs.readFileSync(path.join(target, 'new.txt'), 'utf8')).toBe('new\n');
    expect(fs.existsSync(stage.dir)).toBe(false);
    expect(fs.readdirSync(root)).toEqual(['out']);
  });

  test('commit into a target that does not exist yet renames the staging folder', () => {
    const target = path.join(root, 'fresh');
    const stage = StagedDir.create(target);
    writeFiles(stage.dir, new Map([['x.yaml', 'x: 1\n']]));
    stage.commit();
    expect(listFiles(target)).toEqual(['x.yaml']);
    expect(fs.readdirSync(root)).toEqual(['fresh']);
  });

  test('commit of an empty staging folder empties the target', () => {
    const target = existingTarget();
    StagedDir.create(target).commit();
    expect(fs.readdirSync(target)).toEqual([]);
  });

  test('abort removes the staging folder and leaves the target byte-for-byte', () => {
    const target = existingTarget();
    const before = hashTree(target);
    const stage = StagedDir.create(target);
    writeFiles(stage.dir, new Map([['new.txt', 'new\n']]));
    stage.abort();
    expect(fs.existsSync(stage.dir)).toBe(false);
    expect(hashTree(target)).toEqual(before);
    expect(stagingLeftovers(root)).toEqual([]);
  });

  test('abort is safe to call twice, and when the staging folder is already gone', () => {
    const stage = StagedDir.create(existingTarget());
    fs.rmSync(stage.dir, { recursive: true });
    expect(() => stage.abort()).not.toThrow();
    expect(() => stage.abort()).not.toThrow();
  });

  test('a second commit throws and changes nothing', () => {
    const target = existingTarget();
    const stage = StagedDir.create(target);
    writeFiles(stage.dir, new Map([['new.txt', 'new\n']]));
    stage.commit();
    const after = hashTree(target);
    expect(() => stage.commit()).toThrow(`staging folder for ${target} was already committed or aborted`);
    expect(hashTree(target)).toEqual(after);
  });

  test('commit after abort throws and the target stays as it was', () => {
    const target = existingTarget();
    const before = hashTree(target);
    const stage = StagedDir.create(target);
    stage.abort();
    expect(() => stage.commit()).toThrow('already committed or aborted');
    expect(hashTree(target)).toEqual(before);
  });

  test('abort after commit is a no-op: it does not remove the committed output', () => {
    const target = existingTarget();
    const stage = StagedDir.create(target);
    writeFiles(stage.dir, new Map([['new.txt', 'new\n']]));
    stage.commit();
    stage.abort();
    expect(listFiles(target)).toEqual(['new.txt']);
  });

  test('a commit that cannot move the staging folder in puts the old target back', () => {
    const target = existingTarget();
    const before = hashTree(target);
    const stage = StagedDir.create(target);
    fs.rmSync(stage.dir, { recursive: true });
    expect(() => stage.commit()).toThrow(/ENOENT/);
    expect(hashTree(target)).toEqual(before);
    expect(stagingLeftovers(root)).toEqual([]);
  });
});

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
