// Synthesizes test/fixtures/addons (every addon on) through the real synth, once per test file, with the encrypted
// fixture Secrets of ./fixtures/repo as the repository root, so every addon that needs a SOPS Secret is deployed.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { loadPlatformConfig } from '../../../lib/core/spec/load';
import type { PlatformConfig } from '../../../lib/core/spec/resolved';
import { synthesizeApps } from '../../../lib/core/synth/synthesize';
import { REPO_ROOT_CONTEXT } from '../../../lib/secrets/sops-secret';
import { buildPlatform } from '../../../stacks/platform';
import type { Json } from '../helpers';

/** The valid fixture with every addon on. */
export const ADDONS_FIXTURE_DIR = path.join(__dirname, '..', '..', 'fixtures', 'addons');
/** Repository root with `.sops.yaml` and the encrypted Secrets the addons need (test values, throwaway key). */
export const ADDONS_REPO_DIR = path.join(__dirname, 'fixtures', 'repo');

export interface SynthesizedFixture {
  readonly config: PlatformConfig;
  readonly tfOutdir: string;
  readonly k8sOutdir: string;
  /** `cdk.tf.json` of a stage. */
  stack(id: string): Json;
  /** Every YAML document of a GitOps file. */
  docs(file: string): Json[];
  /** Every file of the GitOps tree, relative to its root. */
  files(): string[];
}

/** Loads and synthesizes `configDir` into a new temp folder. */
export function synthesizeFixture(configDir = ADDONS_FIXTURE_DIR): SynthesizedFixture {
  const loaded = loadPlatformConfig(configDir);
  if (!loaded.ok) throw new Error(`${configDir} does not load:\n${JSON.stringify(loaded.errors, null, 2)}`);
  const config = loaded.config;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'addons-synth-'));
  const tfOutdir = path.join(out, 'cdktf.out');
  const k8sOutdir = path.join(out, 'dist');
  synthesizeApps({
    tfOutdir,
    k8sOutdir,
    stateDir: out,
    build: (apps) => {
      apps.tf.node.setContext(REPO_ROOT_CONTEXT, ADDONS_REPO_DIR);
      apps.k8s.node.setContext(REPO_ROOT_CONTEXT, ADDONS_REPO_DIR);
      buildPlatform(config, apps);
    },
  });
  const list = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? list(p) : [path.relative(k8sOutdir, p)];
    });
  return {
    config,
    tfOutdir,
    k8sOutdir,
    stack: (id) => JSON.parse(fs.readFileSync(path.join(tfOutdir, 'stacks', id, 'cdk.tf.json'), 'utf8')),
    docs: (file) =>
      parseAllDocuments(fs.readFileSync(path.join(k8sOutdir, file), 'utf8'))
        .map((d) => d.toJSON())
        .filter((d) => d),
    files: () =>
      list(k8sOutdir)
        .filter((f) => !path.basename(f).startsWith('.'))
        .sort(),
  };
}

/** Every `strategicPatches` list of a Talos CAPI object, parsed, wherever it sits in the spec. */
export function strategicPatches(doc: Json): Json[] {
  const found: Json[] = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'strategicPatches') found.push(...(value as string[]).map((p) => parseAllDocuments(p)[0].toJSON()));
        else walk(value);
      }
    }
  };
  walk(doc);
  return found;
}
