import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import type { Chart } from 'cdk8s';

/** A cdk8s chart rendered as a local Helm chart: file contents by relative path, and their content hash. */
export interface RenderedHelmChart {
  /** Relative path (with `/`) to file content, sorted by path: `Chart.yaml`, `templates/...`, `files/...`. */
  readonly files: ReadonlyMap<string, string>;
  /** SHA-256 (hex) over every path and content; the same objects always give the same hash. */
  readonly hash: string;
  /** The chart version written to `Chart.yaml`: `0.0.0-h<first 12 hex of the hash of the objects>`. */
  readonly version: string;
  /** Number of Kubernetes objects in the chart. */
  readonly objectCount: number;
}

/** Options of {@link renderHelmChart}. */
export interface RenderHelmChartOptions {
  /** Helm chart name (`Chart.yaml` `name`): lower-case letters, digits and `-`. */
  readonly name: string;
  /** One-line description for `Chart.yaml`. */
  readonly description: string;
}

/**
 * The only template of the generated chart. It copies each `files/*.yaml` verbatim (`.Files.Get` returns data, so a
 * `{{` inside a manifest is never read as a template), separated by `---`. Go templates range over a map in key
 * order, so the objects keep the order of their file names.
 */
export const RAW_FILES_TEMPLATE =
  '{{ range $path, $_ := .Files.Glob "files/*.yaml" }}{{ $.Files.Get $path }}{{ "\\n---\\n" }}{{ end }}\n';

/**
 * Renders the chart's objects (`chart.toJson()`, in construct order) into a Helm chart: one file per object under
 * `files/`, named `<nnn>-<kind>-<name>.yaml` so the order is stable, and a template that includes them raw.
 * Deterministic: no timestamps, the version derives from the content.
 * Throws when an object is a Secret with `data` or `stringData`: a chart shipped by Terraform lands in the stack
 * folder and in Helm's release history, so secret values must come from `kubernetes_secret_v1` and sensitive
 * variables instead.
 */
export function renderHelmChart(chart: Chart, options: RenderHelmChartOptions): RenderedHelmChart {
  const objects = chart.toJson() as Array<Record<string, unknown>>;
  const objectFiles = new Map<string, string>();
  objects.forEach((obj, index) => {
    assertNoSecretValues(obj, chart.node.path);
    const metadata = (obj.metadata ?? {}) as { name?: string | undefined };
    const kind = String(obj.kind ?? 'object').toLowerCase();
    const fileName = `files/${String(index).padStart(3, '0')}-${slug(kind)}-${slug(metadata.name ?? 'unnamed')}.yaml`;
    objectFiles.set(fileName, Yaml.stringify(obj));
  });
  const objectsHash = hashFiles(objectFiles);
  const version = `0.0.0-h${objectsHash.slice(0, 12)}`;
  const chartYaml = [
    'apiVersion: v2',
    `name: ${options.name}`,
    `description: ${JSON.stringify(options.description)}`,
    'type: application',
    `version: ${version}`,
    '',
  ].join('\n');
  const files = new Map<string, string>([
    ['Chart.yaml', chartYaml],
    ['templates/objects.yaml', RAW_FILES_TEMPLATE],
    ...objectFiles,
  ]);
  const sorted = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { files: sorted, hash: hashFiles(sorted), version, objectCount: objects.length };
}

/**
 * Writes the chart into a folder private to this process (created with mode 0700 under the OS temp folder, removed
 * when the process exits) and returns its path, for `TerraformAsset` to copy into the stack folder at synth. There is
 * no cache shared between runs or users: a shared one could be planted or truncated, and writing a chart costs
 * about 2 ms (see docs/performance.md). Within the process one folder per content hash.
 */
export function writeChartSource(rendered: RenderedHelmChart): string {
  const dir = path.join(privateScratchDir(), rendered.hash);
  if (fs.existsSync(dir)) return dir;
  const staging = `${dir}.partial`;
  for (const [rel, content] of rendered.files) {
    const abs = path.join(staging, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  fs.renameSync(staging, dir);
  return dir;
}

let scratchDir: string | undefined;

function privateScratchDir(): string {
  if (scratchDir === undefined || !fs.existsSync(scratchDir)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-charts-'));
    scratchDir = dir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return scratchDir;
}

function hashFiles(files: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  for (const [rel, content] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(rel).update('\0').update(content).update('\0');
  }
  return hash.digest('hex');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .slice(0, 80);
}

function assertNoSecretValues(obj: Record<string, unknown>, chartPath: string): void {
  if (obj.kind !== 'Secret') return;
  if (obj.data === undefined && obj.stringData === undefined) return;
  const name = (obj.metadata as { name?: string | undefined } | undefined)?.name ?? '(unnamed)';
  throw new Error(
    `${chartPath}: Secret "${name}" carries data; a chart delivered through Terraform must not hold secret values ` +
      '(they would land in cdktf.out and in the Helm release history). Expected: no Secret data in the chart. ' +
      'Fix: create the Secret with kubernetes_secret_v1 from sensitive variables (see ProxmoxCredentials).',
  );
}
