/**
 * renovate.json covers every pin: each manager's regexes are applied to the pinned files the way Renovate's regex
 * manager does (every match string, globally, named groups), and every pin found by the shape of its file (not by a
 * list of names) must be matched with its own value. A pin added without a manager, or an annotation that stops
 * matching, fails here. The config itself is checked by `renovate-config-validator` (docs/versioning.md).
 */
import * as fs from 'fs';
import * as path from 'path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');

interface CustomManager {
  readonly customType: 'regex';
  readonly managerFilePatterns: readonly string[];
  readonly matchStrings: readonly string[];
  readonly datasourceTemplate?: string;
  readonly depNameTemplate?: string;
}

interface RenovateConfig {
  readonly customManagers: readonly CustomManager[];
  readonly packageRules: readonly { readonly matchDatasources?: readonly string[]; readonly groupName?: string }[];
}

/** A dependency one manager extracted: what Renovate would look up and where its value is. */
interface Extracted {
  readonly manager: number;
  readonly depName: string;
  readonly datasource: string;
  readonly currentValue: string;
  /** 1-based line of `currentValue`. */
  readonly line: number;
}

/** A pin found by the shape of its file. */
interface Pin {
  readonly value: string;
  readonly line: number;
  /** What a human reads in a failure: the pin's name or its line. */
  readonly what: string;
}

const PINNED_FILES = ['lib/core/versions.ts', 'imports/sources.json', 'scripts/tools.pins'] as const;
type PinnedFile = (typeof PINNED_FILES)[number];

const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'renovate.json'), 'utf8')) as RenovateConfig;

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** `/regex/` of managerFilePatterns, as Renovate reads it (a pattern without slashes is a glob: none here). */
function filePattern(pattern: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (!m) throw new Error(`managerFilePatterns entry ${pattern} is not a /regex/`);
  return new RegExp(m[1]!, m[2]);
}

/** Applies every custom manager to `text` (the content of `file`), as Renovate's regex manager with strategy `any`. */
export function extract(managers: readonly CustomManager[], file: string, text: string): Extracted[] {
  const found: Extracted[] = [];
  managers.forEach((manager, index) => {
    if (!manager.managerFilePatterns.some((p) => filePattern(p).test(file))) return;
    for (const source of manager.matchStrings) {
      for (const m of text.matchAll(new RegExp(source, 'gd'))) {
        const groups = m.groups ?? {};
        const depName = groups.depName ?? manager.depNameTemplate;
        const datasource = groups.datasource ?? manager.datasourceTemplate;
        const value = groups.currentValue;
        const span = (m as RegExpMatchArray & { indices: { groups: Record<string, [number, number]> } }).indices.groups
          .currentValue;
        if (!depName || !datasource || value === undefined || !span) {
          throw new Error(`manager ${index} matched "${m[0]}" in ${file} without depName, datasource or currentValue`);
        }
        found.push({ manager: index, depName, datasource, currentValue: value, line: lineAt(text, span[0]) });
      }
    }
  });
  return found;
}

const VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * The pins of versions.ts: every version-shaped string under an exported `*_VERSION` constant or inside the object
 * of an exported `*_VERSIONS` constant. Support ranges and the compatibility table are data about versions, not pins.
 */
export function versionsTsPins(text: string): Pin[] {
  const sf = ts.createSourceFile('versions.ts', text, ts.ScriptTarget.ES2022, true);
  const pins: Pin[] = [];
  const visit = (node: ts.Node, owner: string): void => {
    if (ts.isStringLiteral(node) && VERSION.test(node.text)) {
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      pins.push({ value: node.text, line, what: `${owner} (line ${line})` });
    }
    ts.forEachChild(node, (child) => visit(child, owner));
  };
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement) || !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
      continue;
    for (const decl of statement.declarationList.declarations) {
      const name = decl.name.getText(sf);
      if (/_VERSIONS?$/.test(name) && decl.initializer) visit(decl.initializer, name);
    }
  }
  return pins;
}

/**
 * The pins of sources.json: every object's `tag` beside an `upstreamRepo` (a `null` tag is a commit-only pin, which
 * Renovate cannot follow: the CRD source notes say why), every provider's `version`, and every `goModule` version
 * that is a release tag (a Go pseudo-version follows its provider by hand).
 */
export function sourcesJsonPins(text: string): Pin[] {
  const lines = text.split('\n');
  const pins: Pin[] = [];
  const lineOf = (key: string, value: string, from: number): number => {
    const needle = `"${key}": ${JSON.stringify(value)}`;
    const i = lines.findIndex((l, n) => n >= from && l.includes(needle));
    if (i < 0) throw new Error(`sources.json: ${needle} not found as a line`);
    return i + 1;
  };
  let cursor = 0;
  const visit = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`));
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const add = (key: string, value: string): void => {
      const line = lineOf(key, value, cursor);
      cursor = line;
      pins.push({ value, line, what: `${where}.${key} (line ${line})` });
    };
    if (typeof o.upstreamRepo === 'string' && typeof o.tag === 'string') add('tag', o.tag);
    if (typeof o.source === 'string' && typeof o.version === 'string') add('version', o.version);
    if (typeof o.goModule === 'string' && /@v\d+\.\d+\.\d+$/.test(o.goModule)) {
      const line = lineOf('goModule', o.goModule, cursor);
      pins.push({ value: o.goModule.split('@')[1]!, line, what: `${where}.goModule (line ${line})` });
    }
    for (const [k, v] of Object.entries(o)) visit(v, `${where}.${k}`);
  };
  visit(JSON.parse(text), '$');
  return pins;
}

/** The pins of tools.pins: on every tool line, each `@<release>` (not a Go pseudo-version) and `provider:...@<v>`. */
export function toolsPins(text: string): Pin[] {
  const pins: Pin[] = [];
  text.split('\n').forEach((l, i) => {
    if (/^\s*(#|$)/.test(l)) return;
    for (const m of l.matchAll(/@(v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)(?=\s|$)/g)) {
      if (/-0\.\d{14}-[0-9a-f]{12}$/.test(m[1]!)) continue;
      pins.push({ value: m[1]!, line: i + 1, what: `${l.split(/\s+/)[0]} (line ${i + 1})` });
    }
  });
  return pins;
}

const PIN_FINDERS: Record<PinnedFile, (text: string) => Pin[]> = {
  'lib/core/versions.ts': versionsTsPins,
  'imports/sources.json': sourcesJsonPins,
  'scripts/tools.pins': toolsPins,
};

/** The pins of `file` that no manager extracts with the same value on the same line. */
export function unmatchedPins(managers: readonly CustomManager[], file: PinnedFile, text: string): string[] {
  const extracted = extract(managers, file, text);
  return PIN_FINDERS[file](text)
    .filter((pin) => !extracted.some((e) => e.line === pin.line && e.currentValue === pin.value))
    .map((pin) => `${file}: ${pin.what} = ${pin.value}`);
}

const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('renovate.json', () => {
  test.each(PINNED_FILES)('every pin in %s is matched by a custom manager', (file) => {
    expect(PIN_FINDERS[file](read(file)).length).toBeGreaterThan(0);
    expect(unmatchedPins(config.customManagers, file, read(file))).toEqual([]);
  });

  test('finds the pins it is meant to (the pin finders are not empty sieves)', () => {
    const values = (file: PinnedFile): string[] => PIN_FINDERS[file](read(file)).map((p) => p.what.split(' ')[0]!);
    expect(values('lib/core/versions.ts')).toEqual(
      expect.arrayContaining(['TALOS_VERSION', 'CLUSTER_API_VERSION', 'CHART_VERSIONS', 'TERRAFORM_PROVIDER_VERSIONS']),
    );
    // COMPATIBILITY's floors and the support matrices are about versions, not pins.
    expect(values('lib/core/versions.ts')).not.toContain('COMPATIBILITY');
    expect(values('scripts/tools.pins')).toEqual(
      expect.arrayContaining(['tofu', 'kubeconform', 'terraform-provider-helm']),
    );
    expect(PIN_FINDERS['imports/sources.json'](read('imports/sources.json')).length).toBeGreaterThanOrEqual(20);
  });

  test('fails for a pin line added without a manager', () => {
    const versions = read('lib/core/versions.ts').replace(
      /^export const TALOS_VERSION = .*$/m,
      (line) => `${line}\n/** A new pin nobody told Renovate about. */\nexport const FOO_VERSION = 'v1.2.3';`,
    );
    expect(unmatchedPins(config.customManagers, 'lib/core/versions.ts', versions)).toEqual([
      expect.stringMatching(/^lib\/core\/versions\.ts: FOO_VERSION \(line \d+\) = v1\.2\.3$/),
    ]);
    const chart = read('lib/core/versions.ts').replace(
      /^ {2}certManager: .*$/m,
      (line) => `${line}\n  newChart: '1.0.0',`,
    );
    expect(unmatchedPins(config.customManagers, 'lib/core/versions.ts', chart)).toEqual([
      expect.stringMatching(/CHART_VERSIONS \(line \d+\) = 1\.0\.0$/),
    ]);
    const tools = `${read('scripts/tools.pins')}newtool  example.org/newtool@v0.1.0  cli\n`;
    expect(unmatchedPins(config.customManagers, 'scripts/tools.pins', tools)).toEqual([]);
    const noManager = config.customManagers.filter((m) => !m.managerFilePatterns.some((p) => p.includes('tools')));
    expect(unmatchedPins(noManager, 'scripts/tools.pins', tools)).toContain(
      `scripts/tools.pins: newtool (line ${tools.trimEnd().split('\n').length}) = v0.1.0`,
    );
  });

  test('fails when an annotation no longer names a datasource the manager reads', () => {
    const broken = read('lib/core/versions.ts').replace(
      '// renovate: datasource=github-releases depName=siderolabs/talos ',
      '// renovate: depName=siderolabs/talos ',
    );
    expect(unmatchedPins(config.customManagers, 'lib/core/versions.ts', broken)).toEqual([
      expect.stringMatching(/^lib\/core\/versions\.ts: TALOS_VERSION \(line \d+\) = 1\.13\.9$/),
    ]);
  });

  test('the datasources are the ones Renovate has, and the Helm repositories the ones the constructs install from', () => {
    const all = PINNED_FILES.flatMap((file) => extract(config.customManagers, file, read(file)));
    expect(new Set(all.map((e) => e.datasource))).toEqual(
      new Set(['docker', 'github-releases', 'github-tags', 'helm', 'terraform-provider', 'go']),
    );
    // The Helm repositories named for Renovate are the ones the constructs install from.
    const lib = fs
      .readdirSync(path.join(ROOT, 'lib'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => read(path.join('lib', f)))
      .join('\n');
    const helmRepos = [...read('lib/core/versions.ts').matchAll(/datasource=helm registryUrl=(\S+)/g)].map(
      (m) => m[1]!,
    );
    expect(helmRepos.filter((url) => !lib.replace(/renovate: .*/g, '').includes(url))).toEqual([]);
    // OCI charts (docker datasource): `<registry>/<repository>/<chart>`, installed from `oci://<registry>/<repository>`.
    const ociCharts = [...read('lib/core/versions.ts').matchAll(/datasource=docker depName=(\S+)/g)].map((m) => m[1]!);
    expect(ociCharts.length).toBeGreaterThan(0);
    const ociRepo = (chart: string) => `oci://${chart.slice(0, chart.lastIndexOf('/'))}`;
    expect(ociCharts.filter((chart) => !lib.replace(/renovate: .*/g, '').includes(ociRepo(chart)))).toEqual([]);
  });
});
