/**
 * Every problem says what was expected and how to fix it. The types make `expected` and `hint` required on every
 * `Issue` and `RuleProblem`; the invalid-fixture runner (fixture-overlay.ts) checks that every error of every fixture
 * carries both, non-empty. This test closes the loop: every rule id the library can report has a fixture, so a new
 * rule without one (and so without a checked hint) fails here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readFixtureHeader } from './fixture-overlay';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE_DIRS = ['test/fixtures/invalid', 'test/fixtures/addons-invalid'];

/**
 * Rules no single-file fixture can reach, with why and where the rule itself is tested (their hints are still
 * required by the types). Keep it short: a rule a spec folder can trigger gets a fixture.
 */
const WITHOUT_FIXTURE: Record<string, string> = {
  'file-too-large': 'a file over the size limit: test/spec/load.test.ts',
  'missing-platform-file': 'no platform.yaml at all: test/spec/load.test.ts',
  'missing-config-dir': 'no config folder at all: test/spec/load.test.ts',
  'more-errors': 'more errors than a file shows: test/spec/load.test.ts',
  'unreadable-file': 'a file that vanishes or cannot be read while loading (not tested)',
  'broken-symlink': 'symbolic links the test makes: test/spec/special-entries.test.ts',
  'symlink-outside-config': 'symbolic links the test makes: test/spec/special-entries.test.ts',
  'special-file': 'FIFOs the test makes: test/spec/special-entries.test.ts',
  'name-too-long': 'construct-side (TalosManagementCluster, Talos patches); a spec reports `too-long` first',
  'worker-rollout-value': 'construct-side; the schema refuses such a value first: test/capi/worker-rollout.test.ts',
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * Kebab-case literals on `rule:` lines, in `rule = '...'` defaults, as the rule argument of `fileIssue`, and returned
 * by functions that pick a rule.
 */
function ruleIds(): Map<string, string> {
  const ids = new Map<string, string>();
  const literal = /'([a-z0-9]+(?:-[a-z0-9]+)+)'/g;
  for (const file of sources(path.join(ROOT, 'lib'))) {
    const text = fs.readFileSync(file, 'utf8');
    const places = [
      ...text.matchAll(/\brule(?:\?)?: [^\n]*(?:\n\s+[?:][^\n]*)*/g),
      ...text.matchAll(/\brule = '[^']+'/g),
      ...text.matchAll(/fileIssue\(\s*[^,]+,\s*([^,]+),/g),
      ...text.matchAll(/\brule: '[a-z0-9-]+'/g),
      // Functions that pick a rule id (`ruleFor(a, b)`): what they return.
      ...[...text.matchAll(/\nfunction \w*[Rr]ule\w*\([^)]*\): string \{[\s\S]*?\n\}/g)].flatMap((f) => [
        ...f[0].matchAll(/return '[^']+'/g),
      ]),
    ];
    for (const m of places) {
      for (const id of m[0].matchAll(literal)) ids.set(id[1]!, path.relative(ROOT, file));
    }
  }
  return ids;
}

function fixtureRules(): Set<string> {
  return new Set(
    FIXTURE_DIRS.flatMap((dir) =>
      fs
        .readdirSync(path.join(ROOT, dir))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => readFixtureHeader(path.join(ROOT, dir, f)).rule),
    ),
  );
}

test('every rule the library reports has an invalid fixture, so its hint is checked', () => {
  const fixtures = fixtureRules();
  const missing = [...ruleIds()]
    .filter(([id]) => !fixtures.has(id) && !(id in WITHOUT_FIXTURE))
    .map(([id, file]) => `${id} (${file})`)
    .sort();
  expect(missing).toEqual([]);
});

test('the rules listed as without a fixture still exist and still have none', () => {
  const ids = ruleIds();
  const fixtures = fixtureRules();
  const stale = Object.keys(WITHOUT_FIXTURE).filter((id) => !ids.has(id) || fixtures.has(id));
  expect(stale).toEqual([]);
});
