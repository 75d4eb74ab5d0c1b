/**
 * Invalid-input fixtures: each `test/fixtures/invalid/<rule>.yaml` is ONE spec file laid over a copy of
 * `test/fixtures/valid/`. Its header comments say where it goes and what must be reported:
 *
 *   # replaces: prod/prod.yaml     file it replaces (relative to the config folder), or
 *   # target: prod/extra.yml       a new file of any name, or
 *   # env: staging                 folder it is added to, as `<env>/<fixture name>.yaml`
 *   # expect: <substring>          of the error message
 *   # expect-field: <path>         the error's field path (empty for the whole file)
 *   # expect-line: <n>|any         the error's line
 *   # expect-rule: <rule>          optional; defaults to the fixture's name
 *   # expect-hint: <text>          optional; the error's hint
 *
 * The lead's synth tests reuse `overlayFixture` to prove outputs are unchanged after an invalid input.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatSpecErrors } from '../../lib/core/errors';
import { loadPlatformConfig } from '../../lib/core/spec/load';

export const VALID_FIXTURES_DIR = path.join(__dirname, '..', 'fixtures', 'valid');
export const INVALID_FIXTURES_DIR = path.join(__dirname, '..', 'fixtures', 'invalid');

export interface FixtureHeader {
  /** Where the fixture goes, relative to the config folder. */
  readonly target: string;
  readonly expect: string;
  readonly field: string;
  /** undefined for `any`. */
  readonly line: number | undefined;
  readonly rule: string;
  readonly hint: string | undefined;
}

export function readFixtureHeader(fixturePath: string): FixtureHeader {
  const text = fs.readFileSync(fixturePath, 'utf8');
  const headers = new Map<string, string>();
  for (const match of text.matchAll(/^# ([a-z-]+): ?(.*)$/gm)) headers.set(match[1], match[2].trim());
  const name = path.basename(fixturePath, '.yaml');
  const env = headers.get('env');
  const target = headers.get('replaces') ?? headers.get('target') ?? (env ? `${env}/${name}.yaml` : undefined);
  const expect = headers.get('expect');
  if (!target || expect === undefined || !headers.has('expect-field') || !headers.has('expect-line')) {
    throw new Error(
      `${fixturePath}: needs "# replaces:", "# target:" or "# env:", "# expect:", "# expect-field:", "# expect-line:"`,
    );
  }
  const line = headers.get('expect-line');
  return {
    target,
    expect,
    field: headers.get('expect-field') ?? '',
    line: line === 'any' ? undefined : Number(line),
    rule: headers.get('expect-rule') ?? name,
    hint: headers.get('expect-hint'),
  };
}

/** Copies `baseDir` to a new temp folder and writes the fixture to its target there; returns the temp folder. */
export function overlayFixture(fixturePath: string, baseDir: string = VALID_FIXTURES_DIR): string {
  const { target } = readFixtureHeader(fixturePath);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `spec-${path.basename(fixturePath, '.yaml')}-`));
  fs.cpSync(baseDir, dir, { recursive: true });
  const destination = path.join(dir, target);
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  fs.copyFileSync(fixturePath, destination);
  return dir;
}

/** Every fixture file, sorted. */
export function invalidFixtures(): string[] {
  return fs
    .readdirSync(INVALID_FIXTURES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(INVALID_FIXTURES_DIR, f));
}

/**
 * One test per invalid fixture, laid over `baseDir`: validate rejects it with the header's rule, at its field (and
 * line), in the fixture's own file only, with the header's hint when it names one; every error it reports says what
 * was expected and how to fix it.
 */
export function describeInvalidFixtures(fixtures: readonly string[], baseDir: string = VALID_FIXTURES_DIR): void {
  describe.each(fixtures.map((f) => [path.basename(f, '.yaml'), f]))('%s', (_name, fixture) => {
    const header = readFixtureHeader(fixture);
    let dir: string;
    beforeAll(() => {
      dir = overlayFixture(fixture, baseDir);
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test(`reports ${header.rule} at ${header.field || '(file)'}`, () => {
      const result = loadPlatformConfig(dir);
      if (result.ok) throw new Error('expected the fixture to be rejected');
      const target = path.join(dir, header.target);
      const match = result.errors.find((e) => e.message.includes(header.expect) && e.path === header.field);
      if (!match)
        throw new Error(`no error with "${header.expect}" at "${header.field}":\n${formatSpecErrors(result.errors)}`);
      expect(match.file).toBe(target);
      expect(match.rule).toBe(header.rule);
      if (header.line !== undefined) expect(match.line).toBe(header.line);
      if (header.hint !== undefined) expect(match.hint).toBe(header.hint);
      const unhelpful = result.errors.filter((e) => !e.expected?.trim() || !e.hint?.trim());
      expect(unhelpful.map((e) => `${e.rule} at ${e.path}: expected ${e.expected}, hint ${e.hint}`)).toEqual([]);
      // Every error lands in the fixture's own file: the fixture breaks one thing, and cross-file conflicts are
      // reported on the file declared later.
      expect(result.errors.filter((e) => e.file !== target)).toEqual([]);
    });
  });
}
