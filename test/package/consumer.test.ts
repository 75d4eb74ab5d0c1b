/**
 * The published package, used the way another repository uses it: `npm pack` the library, install the tarball with
 * cdktf, cdk8s and constructs into a throwaway project, then run a plain CommonJS app that composes a workload
 * cluster and a Talos VM from the subpath exports, and type-check a TypeScript consumer against the shipped `.d.ts`.
 *
 * Slow (a minute or so: pack, install from the npm cache, synth). `SKIP_PACKAGE_TEST=1` skips it, visibly.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KUBERNETES_VERSION } from '../../lib/core/versions';
import { ensureBuild } from './build';

const ROOT = path.resolve(__dirname, '..', '..');
const SKIP_REASON =
  process.env.SKIP_PACKAGE_TEST === '1' ? 'skipped: SKIP_PACKAGE_TEST=1 (the packed-package consumer test)' : undefined;
const TIMEOUT_MS = 10 * 60 * 1000;
/** What \`npm install typescript\` gives now: the native compiler, with exactOptionalPropertyTypes in \`tsc --init\`. */
const TYPESCRIPT_7 = '7.0.2';

interface RootPackage {
  readonly name: string;
  readonly version: string;
  readonly devDependencies: Readonly<Record<string, string>>;
}
const rootPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as RootPackage;

/**
 * The environment of a nested npm or node: without the `npm_*` variables of the `npm test` that runs jest
 * (`npm_config_local_prefix` would point npm back at this repository). npm reads its user and global config itself.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, NO_UPDATE_NOTIFIER: '1', CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_TELEMETRY: 'true' };
}

function run(command: string, args: readonly string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited with ${r.status ?? r.signal}\n` +
        `--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}${r.error ? `\n--- error\n${r.error.message}` : ''}`,
    );
  }
  return r.stdout;
}

interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/** The consumer app: plain CommonJS, only public entry points. */
const CONSUMER_APP = `'use strict';
const fs = require('fs');
const path = require('path');
const { Chart } = require('cdk8s');
const { TALOS_VERSION, KUBERNETES_VERSION, Version } = require('talos-platform-cdk');
const { synthesizeApps } = require('talos-platform-cdk/core');
const { WorkloadCluster } = require('talos-platform-cdk/capi');
const { ImageTransfer, ProxmoxApi, TalosVm } = require('talos-platform-cdk/proxmox');
const { StageStack } = require('talos-platform-cdk/stacks/stage-stack');

const out = process.argv[2];
const result = synthesizeApps({
  tfOutdir: path.join(out, 'cdktf.out'),
  k8sOutdir: path.join(out, 'dist'),
  build: ({ tf, k8s }) => {
    const chart = new Chart(k8s, 'edge');
    // No more than the YAML needs: versions, sizes, the control-plane count, gateway and DNS take its defaults.
    const edge = new WorkloadCluster(chart, 'edge', {
      clusterName: 'edge',
      controlPlane: { count: 1 },
      workers: { count: 2 },
      network: { bridge: 'vmbr0', cidr: '10.40.0.0/24', endpointVip: '10.40.0.10', ipPool: { start: '10.40.0.100', end: '10.40.0.120' } },
      placement: { nodes: ['pve1', 'pve2'], template: { node: 'pve1', vmId: 9000 } },
    });
    edge.addWorkerPool('Gpu', { name: 'gpu', count: 1, labels: { 'node-role.kubernetes.io/gpu': '' }, taints: [{ key: 'gpu', effect: 'NoSchedule' }] });

    const stack = new StageStack(tf, 'edge-lb');
    new ProxmoxApi(stack, 'Proxmox', { endpoint: 'https://pve.example.internal:8006' });
    const talosVersion = Version.of(TALOS_VERSION);
    const image = {
      talosVersion,
      schematicId: 'consumer-test',
      installerImage: 'factory.talos.dev/nocloud-installer/consumer-test:' + talosVersion.tag,
      transfer: ImageTransfer.importQcow2(),
      nodes: ['pve1'],
      fileId: (node) => 'local:import/talos-' + node + '.qcow2',
    };
    new TalosVm(stack, 'edge-lb-1', {
      name: 'edge-lb-1',
      nodeName: 'pve1',
      vmId: 4001,
      image,
      datastoreId: 'local-lvm',
      bridge: 'vmbr0',
      ip: '10.40.0.5',
      network: { cidr: '10.40.0.0/24', gateway: '10.40.0.1' },
    });
  },
});
process.stdout.write(JSON.stringify(result) + '\\n');
`;

/**
 * A small platform in code, strict with `exactOptionalPropertyTypes` (what `tsc --init` gives): the platform and a
 * cluster as the YAML writes them (resolved and built like `clusters/`), and a WorkloadCluster with two pools whose
 * optional props get values typed `T | undefined`. It must compile under TypeScript 5.9 and 7.
 */
const CONSUMER_PLATFORM_TS = `import { App } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import { WorkloadCluster } from 'talos-platform-cdk/capi';
import type { WorkerPoolOptions } from 'talos-platform-cdk/capi';
import { KUBERNETES_VERSION, Version } from 'talos-platform-cdk';
import { resolvePlatformConfig } from 'talos-platform-cdk/spec';
import { buildPlatform } from 'talos-platform-cdk/stacks';

const config = resolvePlatformConfig({
  platform: {
    apiVersion: 'talos-platform-cdk/v1alpha1',
    kind: 'Platform',
    proxmox: {
      endpoint: 'https://pve1.example.internal:8006',
      nodes: [{ name: 'pve1' }],
      datastores: [{ name: 'local-lvm' }, { name: 'local' }],
      bridges: [{ name: 'vmbr0' }],
      image: { datastore: 'local', templateNode: 'pve1' },
    },
    management: {
      name: 'mgmt',
      network: { bridge: 'vmbr0', cidr: '10.20.0.0/24' },
      vip: '10.20.0.10',
      controlPlane: { count: 1, ips: ['10.20.0.11'] },
    },
    gitops: { repoUrl: 'https://github.com/example/platform-gitops.git' },
    environments: [{ name: 'prod' }],
  },
  clusters: [
    {
      environment: 'prod',
      spec: {
        apiVersion: 'talos-platform-cdk/v1alpha1',
        kind: 'WorkloadCluster',
        name: 'prod',
        controlPlane: { count: 1 },
        workers: { count: 1 },
        workerPools: [{ name: 'gpu', count: 1, taints: [{ key: 'gpu', effect: 'NoSchedule' }] }],
        network: { bridge: 'vmbr0', cidr: '10.30.0.0/24', endpointVip: '10.30.0.10', ipPool: { start: '10.30.0.20', end: '10.30.0.29' } },
      },
    },
  ],
});
const k8s = new App();
buildPlatform(config, { tf: new TfApp(), k8s });

// The resolved model carries parsed versions: each upstream field asks for its form.
const talos: Version = config.platform.versions.talos;
const talosTag: string = talos.tag;
const prodKubernetes: string = config.clusters[0]!.versions.kubernetes.majorMinor;
// @ts-expect-error a Version is not a string: the form is asked for, never assumed
const untyped: string = config.platform.versions.kubernetes;

// Values a consumer has as T | undefined (an optional field of its own settings).
const settings: Record<string, string | undefined> = {};
const vlanText = settings['vlan'];
const vlan: number | undefined = vlanText === undefined ? undefined : Number(vlanText);
const gateway: string | undefined = settings['gateway'];
const cores: number | undefined = undefined;
const pool: WorkerPoolOptions = { name: 'big', count: 1, cores, memoryMiB: undefined, labels: undefined, taints: undefined };
const edge = new WorkloadCluster(k8s, 'edge', {
  clusterName: 'edge',
  talosVersion: talos,
  kubernetesVersion: undefined,
  controlPlane: { count: undefined, cores },
  workers: { count: 1, diskGiB: undefined },
  workerPools: [pool],
  network: { bridge: 'vmbr0', vlan, cidr: '10.40.0.0/24', gateway, dns: undefined, endpointVip: '10.40.0.10', ipPool: { start: '10.40.0.100', end: '10.40.0.120' } },
  placement: { nodes: ['pve1'], template: { node: 'pve1', vmId: 9000 }, datastore: undefined, vmIdRange: undefined },
  healthChecks: { maxUnhealthy: undefined },
  outputFiles: undefined,
});
edge.addWorkerPool('Gpu', { name: 'gpu', count: 1, taints: [{ key: 'gpu', value: undefined, effect: 'NoSchedule' }] });
// @ts-expect-error a required prop stays required
edge.addWorkerPool('Bad', { name: 'bad' });
// A string prop is the spec's form, checked by the construct; a Version is parsed already.
new WorkloadCluster(k8s, 'edge2', {
  clusterName: 'edge2',
  kubernetesVersion: Version.of(KUBERNETES_VERSION),
  workers: { count: 1 },
  network: { bridge: 'vmbr0', cidr: '10.50.0.0/24', endpointVip: '10.50.0.10', ipPool: { start: '10.50.0.100', end: '10.50.0.120' } },
  placement: { nodes: ['pve1'], template: { node: 'pve1', vmId: 9000 } },
});
export const pools: number = edge.workerPools.length;
export const versions = [talosTag, prodKubernetes, untyped];
`;

/** What \`tsc --init\` gives (TypeScript 5.9 and 7): strict, exactOptionalPropertyTypes, nodenext, verbatim syntax. */
const STRICT_TSCONFIG = JSON.stringify(
  {
    compilerOptions: {
      module: 'nodenext',
      target: 'esnext',
      types: [],
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      moduleDetection: 'force',
      skipLibCheck: true,
      noEmit: true,
    },
    files: ['platform.ts'],
  },
  null,
  2,
);

/** A TypeScript consumer: resolves every subpath's types through the exports map (node16) or typesVersions (node10). */
const CONSUMER_TS = `import { App, Chart } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import { TALOS_VERSION, loadPlatformConfig } from 'talos-platform-cdk';
import type { PlatformConfig, SpecError } from 'talos-platform-cdk';
import { StateBackend, synthesizeApps } from 'talos-platform-cdk/core';
import type { PlatformApps } from 'talos-platform-cdk/core';
import { TalosVm } from 'talos-platform-cdk/proxmox';
import { TalosManagementCluster, cniNonePatch } from 'talos-platform-cdk/talos';
import { WorkloadCluster } from 'talos-platform-cdk/capi';
import type { WorkloadClusterProps } from 'talos-platform-cdk/capi';
import { AppOfApps, CiliumAddon } from 'talos-platform-cdk/gitops';
import { plaintextGuard } from 'talos-platform-cdk/secrets';
import { ChartRelease } from 'talos-platform-cdk/bridge';
import { resolvePlatformConfig } from 'talos-platform-cdk/spec';
import { resolveWorkloadCluster } from 'talos-platform-cdk/spec/resolve';
import { STAGE_IDS, buildPlatform } from 'talos-platform-cdk/stacks';
import { StageStack } from 'talos-platform-cdk/stacks/stage-stack';

const version: string = TALOS_VERSION;
const stages: readonly string[] = STAGE_IDS;
const errors: readonly SpecError[] = [];
const props: Pick<WorkloadClusterProps, 'clusterName'> = { clusterName: 'edge' };
const apps: PlatformApps = { tf: new TfApp(), k8s: new App() };
const build: (config: PlatformConfig, apps: PlatformApps) => void = buildPlatform;
// The types are real, not any: a wrong prop type is an error.
// @ts-expect-error clusterName is a string
const wrong: WorkloadClusterProps['clusterName'] = 42;
// @ts-expect-error the props are checked
new WorkloadCluster(new Chart(apps.k8s, 'c'), 'c', { clusterName: 'c' });

export const used = [
  version, stages, errors, props, build, wrong, loadPlatformConfig, synthesizeApps, StateBackend.local, TalosVm,
  TalosManagementCluster, cniNonePatch, AppOfApps, CiliumAddon, plaintextGuard, ChartRelease, resolvePlatformConfig,
  resolveWorkloadCluster, StageStack,
];
`;

function tsconfig(moduleResolution: 'node16' | 'node10'): string {
  return JSON.stringify(
    {
      compilerOptions: {
        module: moduleResolution === 'node16' ? 'node16' : 'commonjs',
        moduleResolution,
        target: 'ES2022',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: ['consumer.ts'],
    },
    null,
    2,
  );
}

if (SKIP_REASON !== undefined) {
  console.warn(`test/package/consumer.test.ts ${SKIP_REASON}`);
}

(SKIP_REASON === undefined ? describe : describe.skip)(
  `the packed package in a consumer project${SKIP_REASON ? ` (${SKIP_REASON})` : ''}`,
  () => {
    let work: string;
    let pack: PackResult;
    let consumer: string;

    beforeAll(() => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-package-'));
      // Compile only when a source is newer than build/, then pack without lifecycle scripts (no second tsc run).
      ensureBuild();
      const packed = JSON.parse(
        run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT),
      ) as PackResult[];
      pack = packed[0]!;

      consumer = path.join(work, 'consumer');
      fs.mkdirSync(consumer);
      const dev = rootPackage.devDependencies;
      fs.writeFileSync(
        path.join(consumer, 'package.json'),
        JSON.stringify(
          {
            name: 'tpc-consumer',
            version: '0.0.0',
            private: true,
            dependencies: {
              [rootPackage.name]: `file:${path.join(work, pack.filename)}`,
              cdktf: '0.21.0',
              cdk8s: dev.cdk8s,
              constructs: dev.constructs,
            },
            // TypeScript 7 (the native compiler) for the strict consumer; 5.9 is this repository's.
            devDependencies: { typescript: TYPESCRIPT_7 },
          },
          null,
          2,
        ),
      );
      run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], consumer);
    }, TIMEOUT_MS);

    afterAll(() => {
      if (work !== undefined && process.env.KEEP_PACKAGE_TEST !== '1')
        fs.rmSync(work, { recursive: true, force: true });
    });

    test('the tarball ships compiled JavaScript, declarations and the schemas only', () => {
      const files = pack.files.map((f) => f.path).sort();
      expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
      expect(files.filter((f) => /^(test|dist|docs|cdktf\.out|platform|scripts|bench|imports)\//.test(f))).toEqual([]);
      expect(files.filter((f) => f.endsWith('.tsbuildinfo') || f.endsWith('.map'))).toEqual([]);
      expect(files).toEqual(
        expect.arrayContaining([
          'package.json',
          'README.md',
          'build/lib/index.js',
          'build/lib/index.d.ts',
          'build/lib/capi/index.js',
          'build/stacks/main.js',
          'build/stacks/platform.d.ts',
          'build/schemas/platform.schema.json',
          'schemas/platform.schema.json',
          'schemas/workload-cluster.schema.json',
        ]),
      );
      // The constructs require the generated bindings at run time: their compiled form ships, their sources do not.
      expect(files.some((f) => /^build\/imports\/.+\.js$/.test(f))).toBe(true);
      expect(files.some((f) => /^build\/imports\/.+\.d\.ts$/.test(f))).toBe(true);
    });

    test('the CLI entry keeps its shebang', () => {
      const main = fs.readFileSync(
        path.join(consumer, 'node_modules', rootPackage.name, 'build', 'stacks', 'main.js'),
        'utf8',
      );
      expect(main.startsWith('#!/usr/bin/env node\n')).toBe(true);
      expect(fs.existsSync(path.join(consumer, 'node_modules', '.bin', 'talos-platform-cdk'))).toBe(true);
    });

    test('a CommonJS app composes a workload cluster and a Talos VM and synthesizes both', () => {
      fs.writeFileSync(path.join(consumer, 'app.js'), CONSUMER_APP);
      const outDir = path.join(consumer, 'out');
      const stdout = run(process.execPath, ['app.js', outDir], consumer);
      const result = JSON.parse(stdout.trim().split('\n').pop()!) as { tfStacks: string[]; k8sFiles: string[] };
      expect(result).toMatchObject({ tfStacks: ['edge-lb'], k8sFiles: ['edge.k8s.yaml'], changed: true });

      const yaml = fs.readFileSync(path.join(outDir, 'dist', 'edge.k8s.yaml'), 'utf8');
      expect(yaml).toMatch(
        /^apiVersion: cluster\.x-k8s\.io\/v1beta2\nkind: Cluster\nmetadata:\n {2}labels:\n {4}talos-platform-cdk\.dev\/workload-cluster: edge\n {2}name: edge\n/m,
      );
      expect(yaml).toMatch(/^kind: TalosControlPlane$/m);
      expect(yaml.match(/^kind: MachineDeployment$/gm)).toHaveLength(2);
      expect(yaml).toMatch(/^ {2}name: edge-gpu$/m);
      // The YAML's default Kubernetes version (the pin), with the leading v the objects carry.
      expect(yaml).toContain(`version: v${KUBERNETES_VERSION.replace(/^v/, '')}`);

      const tf = JSON.parse(
        fs.readFileSync(path.join(outDir, 'cdktf.out', 'stacks', 'edge-lb', 'cdk.tf.json'), 'utf8'),
      ) as {
        resource: Record<string, Record<string, { name?: string; vm_id?: number }>>;
      };
      const vms = Object.values(tf.resource.proxmox_virtual_environment_vm ?? {});
      expect(vms.map((vm) => [vm.name, vm.vm_id])).toEqual([['edge-lb-1', 4001]]);
    });

    test('an ES module imports the same names', () => {
      const esm = `import { WorkloadCluster } from 'talos-platform-cdk/capi';
      import { TALOS_VERSION } from 'talos-platform-cdk';
      import { STAGE_IDS } from 'talos-platform-cdk/stacks';
      console.log(typeof WorkloadCluster, TALOS_VERSION.split('.').length, STAGE_IDS.length);`;
      expect(run(process.execPath, ['--input-type=module', '-e', esm], consumer).trim()).toBe('function 3 6');
    });

    test('the subpath exports hide internals and the CLI entry points', () => {
      const probe = `for (const p of ['talos-platform-cdk/stacks/main', 'talos-platform-cdk/lib/capi/workload-cluster',
      'talos-platform-cdk/build/lib/index.js', 'talos-platform-cdk/imports/k8s/cluster.x-k8s.io']) {
      try { require.resolve(p); console.log('resolved ' + p); } catch (e) { console.log(e.code + ' ' + p); }
    }`;
      const lines = run(process.execPath, ['-e', probe], consumer).trim().split('\n');
      expect(lines.every((l) => l.startsWith('ERR_PACKAGE_PATH_NOT_EXPORTED '))).toBe(true);
    });

    test.each(['node16', 'node10'] as const)(
      'TypeScript resolves the subpath types (moduleResolution %s)',
      (resolution) => {
        const dir = path.join(consumer, `ts-${resolution}`);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'consumer.ts'), CONSUMER_TS);
        fs.writeFileSync(path.join(dir, 'tsconfig.json'), tsconfig(resolution));
        // The consumer's node_modules is one folder up, which TypeScript finds by walking up like node does.
        run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], dir);
      },
    );

    test.each([
      ['5.9', () => path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')],
      ['7', () => path.join(consumer, 'node_modules', 'typescript', 'bin', 'tsc')],
    ] as const)(
      'a small platform in code compiles under TypeScript %s, strict with exactOptionalPropertyTypes',
      (major, tsc) => {
        const dir = path.join(consumer, `ts-strict-${major}`);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
        fs.writeFileSync(path.join(dir, 'platform.ts'), CONSUMER_PLATFORM_TS);
        fs.writeFileSync(path.join(dir, 'tsconfig.json'), STRICT_TSCONFIG);
        expect(run(process.execPath, [tsc(), '--version'], dir)).toMatch(
          new RegExp(`^Version ${major.replace('.', '\\.')}\\.`),
        );
        run(process.execPath, [tsc(), '-p', dir], dir);
      },
    );
  },
);
