/**
 * `{@fact NAME}` in the spec types (scripts/lib/spec-facts.mjs): the schema generator fills in the values of
 * lib/core/rules/facts.ts, so the JSDoc never repeats a fact.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as facts from '../../lib/core/rules/facts';

const ROOT = path.resolve(__dirname, '..', '..');
const MODULE = path.join(ROOT, 'scripts', 'lib', 'spec-facts.mjs');
const TYPES = path.join(ROOT, 'lib', 'core', 'spec', 'types');

/** Runs resolveFacts over `schema` in a Node ESM child (jest runs CommonJS), returning the schema or the error. */
function resolve(schema: unknown): { schema?: unknown; error?: string } {
  const script = `
    import { loadFacts, resolveFacts } from ${JSON.stringify(MODULE)};
    const schema = JSON.parse(process.argv[1]);
    try {
      resolveFacts(schema, loadFacts(${JSON.stringify(ROOT)}), 'Test');
      process.stdout.write(JSON.stringify({ schema }));
    } catch (e) {
      process.stdout.write(JSON.stringify({ error: e.message }));
    }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(schema)], {
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { schema?: unknown; error?: string };
}

test('text keywords get the text of a fact, JSON keywords its JSON value, dotted paths a member', () => {
  const { schema } = resolve({
    description: 'The endpoint is `https://<vip>:{@fact KUBERNETES_API_PORT}`.',
    pattern: '{@fact DNS_1123_LABEL_CHARACTERS}',
    properties: {
      disk: { default: '{@fact DEFAULT_INSTALL_DISK}', examples: '[{@fact DEFAULT_INSTALL_DISK}]' },
      memoryMiB: { minimum: '{@fact TALOS_MINIMUM_SIZE.worker.memoryMiB}' },
      extension: { pattern: '{@fact TALOS_EXTENSION_NAME_PATTERN}' },
    },
  });
  expect(schema).toEqual({
    description: `The endpoint is \`https://<vip>:${facts.KUBERNETES_API_PORT}\`.`,
    pattern: facts.DNS_1123_LABEL_CHARACTERS.source,
    properties: {
      disk: { default: facts.DEFAULT_INSTALL_DISK, examples: [facts.DEFAULT_INSTALL_DISK] },
      memoryMiB: { minimum: facts.TALOS_MINIMUM_SIZE.worker.memoryMiB },
      // RegExp#source writes `\/`; the schema pattern has a bare `/`, as a JSON Schema pattern is not delimited.
      extension: { pattern: facts.TALOS_EXTENSION_NAME_PATTERN.source.replace('\\/', '/') },
    },
  });
});

test('every unresolvable reference is reported at once, with where it is', () => {
  const { error } = resolve({
    properties: {
      a: { minimum: '{@fact NO_SUCH_FACT}' },
      b: { default: '{@fact TALOS_MINIMUM_SIZE}' },
      c: { maximum: '{@fact MAX_VM_ID} or so' },
    },
  });
  expect(error).toContain('Test/properties/a/minimum: {@fact NO_SUCH_FACT} names no fact');
  expect(error).toContain('DEFAULT_INSTALL_DISK'); // the list of known facts
  expect(error).toContain('Test/properties/b/default: {@fact TALOS_MINIMUM_SIZE} is not a string, number');
  expect(error).toContain('Test/properties/c/maximum: "{@fact MAX_VM_ID} or so" is not JSON');
});

test('the spec types name the facts instead of repeating them', () => {
  const source = fs
    .readdirSync(TYPES)
    .map((f) => fs.readFileSync(path.join(TYPES, f), 'utf8'))
    .join('\n');
  const literals: string[] = [
    facts.DEFAULT_INSTALL_DISK,
    String(facts.KUBERNETES_API_PORT),
    String(facts.MAX_VM_ID),
    facts.DNS_1123_LABEL_CHARACTERS.source,
    facts.HOST_NAME_PATTERN.source,
    facts.AGE_RECIPIENT_PATTERN.source,
    facts.TALOS_EXTENSION_NAME_PATTERN.source.replace('\\/', '/'),
  ];
  for (const literal of literals)
    expect({ literal, found: source.includes(literal) }).toEqual({ literal, found: false });
  expect(source).toContain('{@fact TALOS_MINIMUM_SIZE.worker.cores}');
});

test('a literal default is named: every @default is prose, a fact, a boolean or empty (versions: npm run bump)', () => {
  const literal = fs
    .readdirSync(TYPES)
    .filter((f) => f !== 'versions.ts')
    .flatMap((f) =>
      fs
        .readFileSync(path.join(TYPES, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ at: `${f}:${i + 1}`, line: line.trim() }))
        .filter(({ line }) => line.startsWith('* @default ')),
    )
    .filter(({ line }) => !/^\* @default (- |true$|false$|\[\]$|\{\}$|.*\{@fact )/.test(line))
    .map(({ at, line }) => `${at}: ${line}`);
  expect(literal).toEqual([]);
});
