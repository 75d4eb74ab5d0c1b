/**
 * validate == synth, as a property over plausible values (issue 16): mutate the valid example with values an operator
 * could write (counts, sizes, addresses, names up to the schema's limits, URLs, refs, labels, versions, toggles) and
 * assert that whenever the loader accepts the spec, building the platform in memory (every stack and chart, the
 * construct validations, Terraform JSON and the GitOps tree) succeeds too; and that a rejection is well formed
 * (file, line, rule). Nothing is written to disk and no process is spawned: a case costs milliseconds when
 * rejected and about half a second when it is built.
 */
import * as os from 'os';
import * as path from 'path';
import { App as K8sApp } from 'cdk8s';
import { App as TfApp, TerraformStack } from 'cdktf';
import fc from 'fast-check';
import { parse } from 'yaml';
import { loadPlatformConfigFromSources } from '../../lib/core/spec/load';
import type { SpecSource } from '../../lib/core/spec/load';
import type { PlatformConfig } from '../../lib/core/spec/resolved';
import { renderGitOpsTree } from '../../lib/core/synth/gitops-writer';
import { collectValidationErrors } from '../../lib/core/synth/validate-tree';
import { buildPlatform } from '../../stacks/platform';
import { VALID_FIXTURES_DIR } from './fixture-overlay';
import { readValid } from './tmp-config';

/** Cases per run; `SEMANTIC_CASES=5000 npx jest test/spec/semantic-property` for a longer search. */
const CASES = Number(process.env.SEMANTIC_CASES ?? 1000);

type Json = Record<string, unknown>;
type Edit = {
  readonly file: 'platform' | 'prod' | 'staging';
  readonly path: (string | number)[];
  readonly value: unknown;
};

const name = fc.constantFrom(
  'prod',
  'qa',
  'edge-1',
  'a',
  'x'.repeat(43),
  'y'.repeat(44),
  'z'.repeat(63),
  'team-a-prod',
);
const size = (cores: number[], mem: number[], disk: number[]) =>
  fc.record({
    cores: fc.constantFrom(...cores),
    memoryMiB: fc.constantFrom(...mem),
    diskGiB: fc.constantFrom(...disk),
  });

/** One plausible edit: a field and a value someone could mean. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc
    .constantFrom(
      'https://pve1.example.internal:8006',
      'https://10.0.0.5:8006',
      'https://pve1.example.internal:8006/',
      'https://pve1.example.internal',
      'http://pve1.example.internal:8006',
      'https://pve1.example.internal:8006/api2/json',
      'https://pve1.example.internal:8006/pve',
      'https://pve1.example.internal:8006?x=1',
      'https://root@pve1.example.internal:8006',
      'https://[fd00::5]:8006',
      'https://PVE1.example.internal:8006',
    )
    .map((value): Edit => ({ file: 'platform', path: ['proxmox', 'endpoint'], value })),
  fc.boolean().map((value): Edit => ({ file: 'platform', path: ['proxmox', 'insecure'], value })),
  fc
    .constantFrom(
      [],
      ['siderolabs/iscsi-tools'],
      ['siderolabs/iscsi-tools', 'siderolabs/util-linux-tools'],
      ['siderolabs/qemu-guest-agent'],
      ['siderolabs/iscsi-tools', 'siderolabs/iscsi-tools'],
    )
    .map((value): Edit => ({ file: 'platform', path: ['proxmox', 'image', 'extensions'], value })),
  fc
    .constantFrom(100, 9000, 8101, 10050, 999999999)
    .map((value): Edit => ({ file: 'platform', path: ['proxmox', 'image', 'templateVmId'], value })),
  fc
    .constantFrom('pve1', 'pve2', 'pve9')
    .map((value): Edit => ({ file: 'platform', path: ['proxmox', 'image', 'templateNode'], value })),
  name.map((value): Edit => ({ file: 'platform', path: ['management', 'name'], value })),
  fc.constantFrom(1, 3, 5).map((n): Edit => ({
    file: 'platform',
    path: ['management', 'controlPlane'],
    value: { count: n, ips: Array.from({ length: n }, (_, i) => `10.20.0.${11 + i}`), vmIdStart: 8100 },
  })),
  fc
    .constantFrom(100, 8100, 9000, 999999997, 999999998)
    .map((value): Edit => ({ file: 'platform', path: ['management', 'controlPlane', 'vmIdStart'], value })),
  size([1, 2, 4, 64], [1024, 2048, 4096, 8192], [5, 10, 50, 2000]).map((s): Edit => ({
    file: 'platform',
    path: ['management', 'controlPlane'],
    value: { ips: ['10.20.0.11', '10.20.0.12', '10.20.0.13'], ...s },
  })),
  fc.constantFrom(0, 1, 2).map((n): Edit => ({
    file: 'platform',
    path: ['management', 'workers'],
    value: { count: n, ips: Array.from({ length: n }, (_, i) => `10.20.0.${31 + i}`) },
  })),
  fc
    .constantFrom([], ['1.1.1.1'], ['10.20.0.1', '9.9.9.9'], ['10.20.0.0'])
    .map((value): Edit => ({ file: 'platform', path: ['management', 'network', 'dns'], value })),
  fc
    .constantFrom(1, 20, 4094)
    .map((value): Edit => ({ file: 'platform', path: ['management', 'network', 'vlan'], value })),
  fc
    .constantFrom('10.20.0.1', '10.20.0.254', '10.20.0.10')
    .map((value): Edit => ({ file: 'platform', path: ['management', 'network', 'gateway'], value })),
  fc
    .constantFrom('10.20.0.10', '10.20.0.100', '10.20.0.254')
    .map((value): Edit => ({ file: 'platform', path: ['management', 'vip'], value })),
  fc
    .constantFrom('/dev/sda', '/dev/vda', '/dev/nvme0n1')
    .map((value): Edit => ({ file: 'platform', path: ['management', 'installDisk'], value })),
  fc
    .constantFrom(['pve1'], ['pve1', 'pve2'], ['pve3', 'pve2', 'pve1'])
    .map((value): Edit => ({ file: 'platform', path: ['management', 'placement', 'nodes'], value })),
  fc
    .constantFrom('local-lvm', 'local')
    .map((value): Edit => ({ file: 'platform', path: ['management', 'placement', 'datastore'], value })),
  fc
    .constantFrom(
      'https://github.com/example/platform-gitops.git',
      'git@github.com:example/platform-gitops.git',
      'ssh://git@github.com/example/platform-gitops.git',
      'https://gitea.example.internal:3000/ops/gitops',
      'http://gitea.example.internal/ops/gitops.git',
    )
    .map((value): Edit => ({ file: 'platform', path: ['gitops', 'repoUrl'], value })),
  fc
    .constantFrom(
      'main',
      'v1.2.3',
      'release/1.0',
      'HEAD',
      '0123456789abcdef0123456789abcdef01234567',
      'feature/x_y',
      'a.b',
    )
    .map((value): Edit => ({ file: 'platform', path: ['gitops', 'revision'], value })),
  fc
    .constantFrom('dist', 'clusters/gitops', 'dist/', 'a/b/c', 'my-tree')
    .map((value): Edit => ({ file: 'platform', path: ['gitops', 'path'], value })),
  fc
    .constantFrom('argocd.example.com', 'a.example.internal', 'cd.x.io')
    .map((value): Edit => ({ file: 'platform', path: ['gitops', 'argocdDomain'], value })),
  fc
    .constantFrom('gitops', 'terraform')
    .map((value): Edit => ({ file: 'platform', path: ['gitops', 'clusterDelivery'], value })),
  fc
    .record({
      talos: fc.constantFrom('1.13.0', '1.13.9', '1.12.0'),
      kubernetes: fc.constantFrom('1.31.0', '1.34.1', '1.35.6', '1.36.0', '1.30.0'),
    })
    .map((value): Edit => ({ file: 'platform', path: ['versions'], value })),
  fc
    .record({
      addon: fc.constantFrom(
        'cilium',
        'certManager',
        'externalDns',
        'longhorn',
        'monitoring',
        'dashboards',
        'externalSecrets',
        'velero',
        'logging',
      ),
      enabled: fc.boolean(),
    })
    .map(({ addon, enabled }): Edit => ({ file: 'platform', path: ['addons', addon, 'enabled'], value: enabled })),
  fc
    .record({
      provider: fc.constantFrom('cloudflare', 'rfc2136', 'aws'),
      domainFilters: fc.constantFrom([], ['example.com']),
    })
    .map((v): Edit => ({ file: 'platform', path: ['addons', 'externalDns'], value: { enabled: true, ...v } })),
  fc
    .constantFrom(['10.20.0.200', '10.20.0.220'], ['10.20.0.250', '10.20.0.254'], ['10.20.0.100', '10.20.0.100'])
    .map(([start, end]): Edit => ({
      file: 'platform',
      path: ['addons', 'cilium', 'l2Announcements'],
      value: { start, end },
    })),
  fc
    .constantFrom(
      { tier: 'production' },
      {},
      { 'example.com/owner': 'team-a' },
      { 'app.kubernetes.io/part-of': 'fleet' },
      { tier: 'x'.repeat(63) },
    )
    .map((value): Edit => ({ file: 'platform', path: ['environments', 0, 'labels'], value })),
  // workload clusters
  fc
    .record({ file: fc.constantFrom<'prod' | 'staging'>('prod', 'staging'), value: name })
    .map(({ file, value }): Edit => ({ file, path: ['name'], value })),
  fc
    .record({
      file: fc.constantFrom<'prod' | 'staging'>('prod', 'staging'),
      role: fc.constantFrom('controlPlane', 'workers'),
      count: fc.constantFrom(0, 1, 2, 3, 5, 20),
      s: size([1, 2, 8], [2048, 4096, 16384], [10, 20, 100]),
    })
    .map(({ file, role, count, s }): Edit => ({ file, path: [role], value: { count, ...s } })),
  fc
    .record({
      file: fc.constantFrom<'prod' | 'staging'>('prod', 'staging'),
      vlan: fc.constantFrom(1, 30, 31, 40, 4094),
    })
    .map(({ file, vlan }): Edit => ({ file, path: ['network', 'vlan'], value: vlan })),
  fc
    .record({
      file: fc.constantFrom<'prod' | 'staging'>('prod', 'staging'),
      dns: fc.constantFrom([], ['1.1.1.1'], ['10.30.0.1', '10.30.0.2']),
    })
    .map(({ file, dns }): Edit => ({ file, path: ['network', 'dns'], value: dns })),
  fc
    .constantFrom(
      { cidr: '10.50.0.0/24', endpointVip: '10.50.0.10', ipPool: { start: '10.50.0.20', end: '10.50.0.49' } },
      { cidr: '10.50.0.0/26', endpointVip: '10.50.0.2', ipPool: { start: '10.50.0.10', end: '10.50.0.60' } },
      { cidr: '10.50.0.0/16', endpointVip: '10.50.255.10', ipPool: { start: '10.50.1.0', end: '10.50.3.255' } },
      { cidr: '10.50.0.0/28', endpointVip: '10.50.0.14', ipPool: { start: '10.50.0.2', end: '10.50.0.13' } },
      {
        cidr: '10.50.0.0/24',
        endpointVip: '10.50.0.10',
        gateway: '10.50.0.254',
        ipPool: { start: '10.50.0.20', end: '10.50.0.29' },
      },
    )
    .map((n): Edit => ({ file: 'staging', path: ['network'], value: { bridge: 'vmbr0', vlan: 50, ...n } })),
  fc
    .record({
      file: fc.constantFrom<'prod' | 'staging'>('prod', 'staging'),
      nodes: fc.constantFrom(undefined, ['pve1'], ['pve2', 'pve3']),
      datastore: fc.constantFrom(undefined, 'local-lvm', 'local'),
      range: fc.constantFrom(undefined, [20000, 20009], [20000, 20099], [999999900, 999999999], [10050, 10060]),
      template: fc.constantFrom(undefined, { node: 'pve1', vmId: 9000 }, { node: 'pve2', vmId: 9001 }),
    })
    .map(({ file, nodes, datastore, range, template }): Edit => ({
      file,
      path: ['placement'],
      value: JSON.parse(
        JSON.stringify({ nodes, datastore, vmIdRange: range && { start: range[0], end: range[1] }, template }),
      ) as Json,
    })),
  fc
    .record({
      file: fc.constantFrom<'prod' | 'staging'>('prod', 'staging'),
      labels: fc.constantFrom(
        {},
        { team: 'platform' },
        { 'example.com/team': 'a-b_c.d' },
        { tier: 'staging' },
        { team: '' },
        { t: 'v'.repeat(63) },
      ),
    })
    .map(({ file, labels }): Edit => ({ file, path: ['labels'], value: labels })),
  fc
    .record({
      file: fc.constantFrom<'prod' | 'staging'>('prod', 'staging'),
      v: fc.record({
        talos: fc.constantFrom('1.13.9', '1.13.0'),
        kubernetes: fc.constantFrom('1.31.0', '1.35.6', '1.36.0', '1.33.2'),
      }),
    })
    .map(({ file, v }): Edit => ({ file, path: ['versions'], value: v })),
);

const BASE: Record<Edit['file'], Json> = {
  platform: parse(readValid('platform.yaml')) as Json,
  prod: parse(readValid('prod/prod.yaml')) as Json,
  staging: parse(readValid('staging/staging.yaml')) as Json,
};

function apply(edits: readonly Edit[]): SpecSource[] {
  const docs = structuredClone(BASE);
  for (const e of edits) {
    let parent = docs[e.file] as Json;
    for (const key of e.path.slice(0, -1)) parent = (parent[key as string] ??= {}) as Json;
    parent[e.path[e.path.length - 1] as string] = structuredClone(e.value);
  }
  const cluster = (file: 'prod' | 'staging'): SpecSource => ({
    // a cluster file is named after its cluster; the edit renames both, as an operator would
    file: path.join(VALID_FIXTURES_DIR, file, `${String(docs[file].name)}.yaml`),
    kind: 'WorkloadCluster',
    environment: file,
    text: JSON.stringify(docs[file]),
  });
  return [
    { file: path.join(VALID_FIXTURES_DIR, 'platform.yaml'), kind: 'Platform', text: JSON.stringify(docs.platform) },
    cluster('prod'),
    cluster('staging'),
  ];
}

const OUT = path.join(os.tmpdir(), 'semantic-property-never-written');

/** Builds everything synth builds, in memory; returns the construct validation errors. Throws what synth would. */
function buildInMemory(config: PlatformConfig): string[] {
  // Constructs capture a stack trace per node for their metadata; under jest's source maps that is most of the
  // cost of a build (5x). The output does not contain them, and an error's message is what the property checks.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const apps = { tf: new TfApp({ outdir: OUT }), k8s: new K8sApp({ outdir: OUT }) };
    buildPlatform(config, apps);
    const errors = collectValidationErrors(apps.tf, apps.k8s).map((e) => `${e.path}: ${e.message}`);
    if (errors.length) return errors;
    for (const stack of apps.tf.node.children) if (stack instanceof TerraformStack) JSON.stringify(stack.toTerraform());
    renderGitOpsTree(apps.k8s);
    return [];
  } finally {
    Error.stackTraceLimit = limit;
  }
}

test(`validate accepts => synth succeeds, over ${CASES} plausible specs`, () => {
  const stats = { accepted: 0, rejected: 0, built: 0 };
  // Synth is a pure function of the resolved config: an accepted config already built passed (or failed) already.
  const built = new Set<string>();
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
      const result = loadPlatformConfigFromSources(apply(edits));
      if (!result.ok) {
        stats.rejected++;
        for (const e of result.errors) {
          expect(e.file).toMatch(/\.yaml$/);
          expect(e.line).toBeGreaterThan(0);
          expect(e.rule).toMatch(/^[a-z0-9-]+$/);
        }
        return;
      }
      stats.accepted++;
      const key = JSON.stringify(result.config);
      if (built.has(key)) return;
      built.add(key);
      stats.built++;
      expect(buildInMemory(result.config)).toEqual([]);
    }),
    { numRuns: CASES },
  );
  // The generator must keep exercising both sides of the property.
  expect(stats.accepted).toBeGreaterThan(CASES / 20);
  expect(stats.rejected).toBeGreaterThan(CASES / 20);
  process.stdout.write(
    `semantic property: ${CASES} cases, ${stats.rejected} rejected, ${stats.accepted} accepted (${stats.built} distinct, built)\n`,
  );
}, 900_000);
