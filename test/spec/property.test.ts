/**
 * Property: whatever the input (mutated specs, wrong types, random addresses, random YAML text), the loader never
 * throws; it returns ok, or well-formed errors sorted by file and position.
 */
import * as path from 'path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import type { SpecError } from '../../lib/core/errors';
import { loadPlatformConfigFromSources } from '../../lib/core/spec/load';
import type { LoadResult, SpecSource } from '../../lib/core/spec/load';
import { VALID_FIXTURES_DIR } from './fixture-overlay';
import { readValid } from './tmp-config';

const FILES: Omit<SpecSource, 'text'>[] = [
  { file: path.join(VALID_FIXTURES_DIR, 'platform.yaml'), kind: 'Platform' },
  { file: path.join(VALID_FIXTURES_DIR, 'prod/prod.yaml'), kind: 'WorkloadCluster', environment: 'prod' },
  { file: path.join(VALID_FIXTURES_DIR, 'staging/staging.yaml'), kind: 'WorkloadCluster', environment: 'staging' },
];
const TEXTS = [readValid('platform.yaml'), readValid('prod/prod.yaml'), readValid('staging/staging.yaml')];
const DATA: unknown[] = TEXTS.map((t) => parse(t));

type Json = unknown;
type Path = (string | number)[];

/** Every path into a value (objects and arrays), the root included. */
function paths(value: Json, at: Path = []): Path[] {
  const own: Path[] = [at];
  if (Array.isArray(value)) return own.concat(...value.map((v, i) => paths(v, [...at, i])));
  if (value !== null && typeof value === 'object')
    return own.concat(...Object.entries(value).map(([k, v]) => paths(v, [...at, k])));
  return own;
}

function setAt(
  root: Json,
  at: Path,
  update: (parent: Record<string | number, Json>, key: string | number) => void,
): Json {
  if (!at.length) return root;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let parent = copy;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  update(parent, at[at.length - 1]);
  return copy;
}

const ipLike = fc.oneof(
  fc.ipV4(),
  fc.ipV4Extended(),
  fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((o) => o.join('.')),
  fc.tuple(fc.ipV4(), fc.nat(40)).map(([ip, p]) => `${ip}/${p}`),
  fc.constantFrom('10.20.0.10', '10.20.0.0/24', '10.30.0.25', '10.20.0.255', '0.0.0.0/0', '010.1.1.1', '10.30.0.1/24'),
);
const scalar = fc.oneof(
  ipLike,
  fc.integer({ min: -10, max: 10_000 }),
  fc.constantFrom(0, 1, 2, 3, 99, 100, 4094, 4095, 8100, 9000, 999999999, 1e10, 0.5, -0, Number.NaN, Infinity),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    'pve1',
    'pve9',
    'local-lvm',
    'vmbr0',
    'vmbr1',
    'prod',
    'mgmt',
    'Prod',
    '1.31.0',
    'v1.36.1',
    '1.13.9',
    'yes',
    '',
    '<<',
  ),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }) },
);

/** One structural mutation: drop a key, replace a value, or add a key. */
const mutation = fc.tuple(
  fc.nat(),
  fc.constantFrom('drop', 'replace', 'add'),
  value,
  fc.constantFrom('name', 'extra', 'count', 'vlan', 'nodes', 'ips', 'labels'),
);

function mutate(data: Json, [pick, op, replacement, key]: [number, string, Json, string]): Json {
  const all = paths(data).filter((p) => p.length > 0);
  const at = all[pick % all.length];
  return setAt(data, at, (parent, k) => {
    if (op === 'drop') {
      if (Array.isArray(parent)) parent.splice(Number(k), 1);
      else delete parent[k];
    } else if (op === 'replace') parent[k] = replacement;
    else if (parent[k] !== null && typeof parent[k] === 'object' && !Array.isArray(parent[k]))
      (parent[k] as Record<string, Json>)[key] = replacement;
    else parent[k] = replacement;
  });
}

function wellFormed(result: LoadResult, files: readonly string[]): boolean {
  if (result.ok) return true;
  expect(result.errors.length).toBeGreaterThan(0);
  result.errors.forEach((e: SpecError, i) => {
    expect(files).toContain(e.file);
    expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
    expect(Number.isInteger(e.column) && e.column >= 1).toBe(true);
    expect(typeof e.path).toBe('string');
    expect(typeof e.message === 'string' && e.message.length > 0).toBe(true);
    expect(typeof e.rule === 'string' && e.rule.length > 0).toBe(true);
    for (const k of ['expected', 'hint'] as const) if (e[k] !== undefined) expect(typeof e[k]).toBe('string');
    if (i > 0) {
      const prev = result.errors[i - 1];
      expect(
        prev.file < e.file ||
          (prev.file === e.file && (prev.line < e.line || (prev.line === e.line && prev.column <= e.column))),
      ).toBe(true);
    }
  });
  return true;
}

const fileNames = FILES.map((f) => f.file);

test('mutated specs: never throws, only well-formed errors', () => {
  fc.assert(
    fc.property(fc.nat(2), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, mutations) => {
      let data = DATA[which];
      for (const m of mutations) data = mutate(data, m as [number, string, Json, string]);
      const texts = TEXTS.map((t, i) => (i === which ? stringify(data) : t));
      return wellFormed(loadPlatformConfigFromSources(FILES.map((f, i) => ({ ...f, text: texts[i] }))), fileNames);
    }),
    { numRuns: 800 },
  );
});

test('mutated YAML text (characters inserted, deleted, lines swapped): never throws', () => {
  const edit = fc.tuple(
    fc.nat(),
    fc.constantFrom('insert', 'delete', 'swap'),
    fc.constantFrom(' ', '\t', ':', '-', '[', '{', '"', "'", '&a', '*a', '#', '\n', '  ', '---\n', '!!str', '?'),
  );
  fc.assert(
    fc.property(fc.nat(2), fc.array(edit, { minLength: 1, maxLength: 3 }), (which, edits) => {
      let text = TEXTS[which];
      for (const [pos, op, chars] of edits) {
        const at = pos % (text.length + 1);
        if (op === 'insert') text = text.slice(0, at) + chars + text.slice(at);
        else if (op === 'delete') text = text.slice(0, at) + text.slice(at + 1 + (pos % 5));
        else {
          const lines = text.split('\n');
          const i = pos % lines.length;
          const j = (pos >> 3) % lines.length;
          [lines[i], lines[j]] = [lines[j], lines[i]];
          text = lines.join('\n');
        }
      }
      const texts = TEXTS.map((t, i) => (i === which ? text : t));
      return wellFormed(loadPlatformConfigFromSources(FILES.map((f, i) => ({ ...f, text: texts[i] }))), fileNames);
    }),
    { numRuns: 300 },
  );
});

test('random text as a spec file: never throws', () => {
  fc.assert(
    fc.property(
      fc.nat(2),
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 100 }),
        fc.jsonValue().map((v) => stringify(v)),
      ),
      (which, text) => {
        const texts = TEXTS.map((t, i) => (i === which ? text : t));
        return wellFormed(loadPlatformConfigFromSources(FILES.map((f, i) => ({ ...f, text: texts[i] }))), fileNames);
      },
    ),
    { numRuns: 200 },
  );
});
