/**
 * The packed package on both Terraform CDKs: CDK for Terraform 0.21 (deprecated by HashiCorp on 2025-12-10) and its
 * fork CDK Terrain 0.24 (`cdktn`), installed the way docs/packaging.md tells a user to move a project
 * (`npm install cdktf@npm:cdktn@0.24.0`, so every `require('cdktf')`, ours and the generated bindings', loads cdktn).
 * One small stack is synthesized in each consumer and the `cdk.tf.json` files are compared byte for byte after two
 * named rewrites of upstream differences that Terraform does not read (see `comparable`).
 *
 * Needs no network after `npm ci`: cdktn is a dev dependency, so the npm cache holds it. Slow like consumer.test.ts
 * (two installs, two synths); `SKIP_PACKAGE_TEST=1` skips both, visibly.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installConsumer, packLibrary, runCommand } from './build';
import type { CommandOutput } from './build';

const ROOT = path.resolve(__dirname, '..', '..');
const SKIP_REASON =
  process.env.SKIP_PACKAGE_TEST === '1' ? 'skipped: SKIP_PACKAGE_TEST=1 (the packed-package tests)' : undefined;
const TIMEOUT_MS = 10 * 60 * 1000;

const dev = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
).devDependencies;

/** The two Terraform CDKs, by the npm spec a consumer puts under the name `cdktf`. */
const FLAVOURS = {
  cdktf: { spec: dev.cdktf!, packageName: 'cdktf', version: dev.cdktf! },
  cdktn: { spec: `npm:cdktn@${dev.cdktn!}`, packageName: 'cdktn', version: dev.cdktn! },
} as const;
type Flavour = keyof typeof FLAVOURS;

/** A small stack through the public entry points: the Proxmox provider and one Talos VM, written by synthesizeApps. */
const APP = `'use strict';
const path = require('path');
const { TALOS_VERSION, Version } = require('talos-platform-cdk');
const { synthesizeApps } = require('talos-platform-cdk/core');
const { ImageTransfer, ProxmoxApi, TalosVm } = require('talos-platform-cdk/proxmox');
const { StageStack } = require('talos-platform-cdk/stacks/stage-stack');

const out = process.argv[2];
synthesizeApps({
  tfOutdir: path.join(out, 'cdktf.out'),
  k8sOutdir: path.join(out, 'dist'),
  build: ({ tf }) => {
    const stack = new StageStack(tf, 'edge-lb');
    new ProxmoxApi(stack, 'Proxmox', { endpoint: 'https://pve.example.internal:8006' });
    new TalosVm(stack, 'edge-lb-1', {
      name: 'edge-lb-1', nodeName: 'pve1', vmId: 4001, datastoreId: 'local-lvm', bridge: 'vmbr0',
      ipv4Address: '10.40.0.5/24', ipv4Gateway: '10.40.0.1',
      image: {
        talosVersion: Version.of(TALOS_VERSION), schematicId: 'terrain-test',
        installerImage: 'factory.talos.dev/x:' + Version.of(TALOS_VERSION).tag,
        transfer: ImageTransfer.importQcow2(), nodes: ['pve1'], fileId: (node) => 'local:import/talos-' + node + '.qcow2',
      },
    });
  },
});
`;

/** The same names in TypeScript, type-checked against the shipped `.d.ts` and the installed `cdktf` declarations. */
const TS_APP = `import { App } from 'cdktf';
import { ProxmoxApi } from 'talos-platform-cdk/proxmox';
import { StageStack } from 'talos-platform-cdk/stacks/stage-stack';
import type { PlatformApps } from 'talos-platform-cdk/core';

const tf = new App();
const apps: Pick<PlatformApps, 'tf'> = { tf };
new ProxmoxApi(new StageStack(apps.tf, 'edge'), 'Proxmox', { endpoint: 'https://pve.example.internal:8006' });
// @ts-expect-error the props are checked
new ProxmoxApi(new StageStack(tf, 'bad'), 'Proxmox', { endpoint: 8006 });
`;

/**
 * The stack file with the two differences between the CDKs' own writers undone: the library version each stamps
 * into `//.metadata.version`, and the layout of empty arrays and objects (cdktf writes with json-stable-stringify,
 * `[\n  ]`; cdktn with safe-stable-stringify, `[]`). Anything else, a key, a value, an order, stays a difference.
 */
function comparable(text: string, flavour: Flavour): string {
  const stamp = `"version": "${FLAVOURS[flavour].version}"`;
  expect(text).toContain(stamp);
  return text
    .replace(stamp, '"version": "<cdk>"')
    .replace(/\[\n\s*\]/g, '[]')
    .replace(/\{\n\s*\}/g, '{}');
}

if (SKIP_REASON !== undefined) console.warn(`test/package/cdk-terrain.test.ts ${SKIP_REASON}`);

(SKIP_REASON === undefined ? describe : describe.skip)('the packed package on cdktf 0.21 and CDK Terrain 0.24', () => {
  let work: string;
  const installs = {} as Record<Flavour, CommandOutput>;
  const consumers = {} as Record<Flavour, string>;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-terrain-'));
    const tarball = packLibrary(work);
    for (const flavour of Object.keys(FLAVOURS) as Flavour[]) {
      consumers[flavour] = path.join(work, flavour);
      installs[flavour] = installConsumer(consumers[flavour], {
        'talos-platform-cdk': `file:${tarball}`,
        cdktf: FLAVOURS[flavour].spec,
        cdk8s: dev.cdk8s!,
        constructs: dev.constructs!,
        // The declarations name Node's types (NodeJS.ErrnoException), as a TypeScript consumer's own code does.
        '@types/node': dev['@types/node']!,
      });
    }
  }, TIMEOUT_MS);

  afterAll(() => {
    if (work !== undefined && process.env.KEEP_PACKAGE_TEST !== '1') fs.rmSync(work, { recursive: true, force: true });
  });

  test.each(Object.keys(FLAVOURS) as Flavour[])(
    'npm installs it next to %s without an install-script warning',
    (flavour) => {
      const { stdout, stderr } = installs[flavour];
      // npm 11 lists packages whose preinstall/install/postinstall/prepare scripts allowScripts does not cover.
      expect(`${stdout}\n${stderr}`.split('\n').filter((l) => /install-scripts.*talos-platform-cdk/.test(l))).toEqual(
        [],
      );
      const cdk = JSON.parse(
        fs.readFileSync(path.join(consumers[flavour], 'node_modules', 'cdktf', 'package.json'), 'utf8'),
      ) as {
        name: string;
        version: string;
      };
      expect(cdk).toMatchObject({ name: FLAVOURS[flavour].packageName, version: FLAVOURS[flavour].version });
    },
  );

  test('both synthesize the same cdk.tf.json', () => {
    const stacks = {} as Record<Flavour, string>;
    for (const flavour of Object.keys(FLAVOURS) as Flavour[]) {
      const dir = consumers[flavour];
      fs.writeFileSync(path.join(dir, 'app.js'), APP);
      runCommand(process.execPath, ['app.js', path.join(dir, 'out')], dir);
      const file = path.join(dir, 'out', 'cdktf.out', 'stacks', 'edge-lb', 'cdk.tf.json');
      stacks[flavour] = comparable(fs.readFileSync(file, 'utf8'), flavour);
    }
    expect(stacks.cdktn).toBe(stacks.cdktf);
    // The stack is not trivially equal: the VM and the provider are there.
    expect(JSON.parse(stacks.cdktn)).toMatchObject({
      provider: { proxmox: [{ endpoint: 'https://pve.example.internal:8006' }] },
      resource: { proxmox_virtual_environment_vm: expect.any(Object) },
    });
  });

  test('the tarball carries what `init` copies, and the scaffolded spec validates with the installed binary', () => {
    const dir = consumers.cdktf;
    const bin = path.join(dir, 'node_modules', '.bin', 'talos-platform-cdk');
    expect(runCommand(bin, ['init', '.'], dir).stdout).toContain('created clusters/platform.yaml');
    const link = /\$schema=(\S+)$/m.exec(fs.readFileSync(path.join(dir, 'clusters', 'platform.yaml'), 'utf8'))?.[1];
    expect(link).toBe('../node_modules/talos-platform-cdk/schemas/platform.schema.json');
    expect(fs.existsSync(path.join(dir, 'clusters', link!))).toBe(true);
    expect(runCommand(bin, ['validate'], dir).stdout).toMatch(/^OK: platform /);
  });

  test('the shipped declarations type-check against CDK Terrain', () => {
    const dir = path.join(consumers.cdktn, 'ts');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'app.ts'), TS_APP);
    const compilerOptions = {
      module: 'node16',
      moduleResolution: 'node16',
      target: 'ES2022',
      strict: true,
      noEmit: true,
      types: ['node'],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.ts'] }));
    runCommand(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], dir);
  });
});
