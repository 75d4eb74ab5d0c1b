import { execFileSync } from 'child_process';
import * as path from 'path';
import platformSchema from '../../schemas/platform.schema.json';
import workloadClusterSchema from '../../schemas/workload-cluster.schema.json';

const ROOT = path.join(__dirname, '..', '..');

function objects(node: unknown, at = '#'): [string, Record<string, unknown>][] {
  if (Array.isArray(node)) return node.flatMap((n, i) => objects(n, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  const self = node as Record<string, unknown>;
  const children = Object.entries(self).flatMap(([k, v]) => objects(v, `${at}/${k}`));
  return self.type === 'object' ? [[at, self], ...children] : children;
}

test.each([
  ['platform', platformSchema],
  ['workload-cluster', workloadClusterSchema],
])('%s: unknown keys are forbidden on every object with fixed keys', (_name, schema) => {
  const open = objects(schema).filter(([, o]) => o.properties !== undefined && o.additionalProperties !== false);
  expect(open.map(([at]) => at)).toEqual([]);
  // The only maps with free keys are labels (string -> string).
  const maps = objects(schema).filter(([, o]) => o.properties === undefined);
  expect(maps.map(([, o]) => o.additionalProperties)).toEqual(maps.map(() => ({ type: 'string' })));
});

test('every number in the spec is an integer', () => {
  expect(JSON.stringify([platformSchema, workloadClusterSchema])).not.toContain('"type":"number"');
});

test('computed defaults are described, not given as literal values', () => {
  expect(JSON.stringify([platformSchema, workloadClusterSchema])).not.toMatch(/"default":"- /);
});

test('committed schemas and validators match types.ts (npm run schema -- --check)', () => {
  expect(() =>
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'schema.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' }),
  ).not.toThrow();
});

test('docs/spec.md is up to date with the schemas, the example and the fixtures (npm run docs:spec -- --check)', () => {
  expect(() =>
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'spec-docs.mjs'), '--check'], {
      cwd: ROOT,
      stdio: 'pipe',
    }),
  ).not.toThrow();
});
