import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_ERRORS_PER_FILE, loadPlatformConfig } from '../../lib/core/spec/load';
import { MAX_SPEC_FILE_BYTES } from '../../lib/core/spec/read-spec-file';
import type { PlatformConfig } from '../../lib/core/spec/resolved';
import { VALID_FIXTURES_DIR } from './fixture-overlay';
import { readValid, tmpConfig } from './tmp-config';

function load(dir: string): PlatformConfig {
  const result = loadPlatformConfig(dir);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.config;
}

describe('the bundled example (clusters/)', () => {
  test('is valid', () => {
    const config = load(path.join(__dirname, '..', '..', 'clusters'));
    expect(config.platform.management.name).toBe('mgmt');
    expect(config.clusters.map((c) => `${c.environment}/${c.name}`)).toEqual(['prod/prod', 'staging/staging']);
  });

  test('every spec file points yaml-language-server at an existing schema', () => {
    const roots = [
      path.join(__dirname, '..', '..', 'clusters'),
      VALID_FIXTURES_DIR,
      path.join(__dirname, '..', 'fixtures', 'invalid'),
    ];
    const files = roots.flatMap((root) => listYaml(root));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const match = /^# yaml-language-server: \$schema=(\S+)$/m.exec(fs.readFileSync(file, 'utf8'));
      if (!match) {
        // empty-file.yaml and friends still carry it; a file without one is a mistake
        throw new Error(`${file} has no $schema comment`);
      }
      expect(fs.existsSync(path.resolve(path.dirname(file), match[1]))).toBe(true);
    }
  });
});

describe('the resolved model of the valid fixtures', () => {
  const config = load(VALID_FIXTURES_DIR);
  const [prod, staging] = config.clusters;

  test('clusters carry environment and source file, sorted by environment then name', () => {
    expect([prod.environment, prod.name, prod.sourceFile]).toEqual([
      'prod',
      'prod',
      path.join(VALID_FIXTURES_DIR, 'prod', 'prod.yaml'),
    ]);
    expect([staging.environment, staging.name]).toEqual(['staging', 'staging']);
    expect(config.platform.sourceFile).toBe(path.join(VALID_FIXTURES_DIR, 'platform.yaml'));
  });

  test('prod: as written, gateway derived, environment labels merged', () => {
    expect(prod.controlPlane).toEqual({ count: 3, cores: 4, memoryMiB: 8192, diskGiB: 50 });
    expect(prod.workers).toEqual({
      count: 3,
      cores: 8,
      memoryMiB: 16384,
      diskGiB: 100,
      rollout: { maxSurge: 1, maxUnavailable: 0 },
    });
    expect(prod.network).toMatchObject({
      vlan: 30,
      cidr: '10.30.0.0/24',
      gateway: '10.30.0.1',
      endpointVip: '10.30.0.10',
    });
    expect(prod.network.ipPool).toEqual({ start: '10.30.0.20', end: '10.30.0.49' });
    expect(prod.placement.vmIdRange).toEqual({ start: 10000, end: 10099 });
    expect(prod.labels).toEqual({ team: 'platform', tier: 'production' });
  });

  test('staging: placement, template and sizes from defaults', () => {
    expect(staging.controlPlane.count).toBe(1);
    expect(staging.workers.count).toBe(2);
    expect(staging.placement).toEqual({
      nodes: ['pve1', 'pve2', 'pve3'],
      datastore: 'ceph-vm',
      vmIdRange: undefined,
      template: { node: 'pve1', vmId: 9000, datastore: 'ceph-vm', extensions: ['siderolabs/qemu-guest-agent'] },
    });
    expect(staging.network.vlan).toBe(40);
  });

  test('platform: the example as described in docs/spec.md', () => {
    const p = config.platform;
    expect(p.proxmox.nodes.map((n) => n.name)).toEqual(['pve1', 'pve2', 'pve3']);
    expect(p.proxmox.datastores.map((d) => [d.name, d.shared])).toEqual([
      ['ceph-vm', true],
      ['local-lvm', false],
      ['local', false],
    ]);
    expect(p.management.vip).toBe('10.20.0.10');
    expect(p.gitops.repoUrl).toBe('https://github.com/example/platform-gitops.git');
    expect(p.environments.map((e) => e.name)).toEqual(['prod', 'staging']);
    expect(p.addons.cilium).toEqual({ enabled: true, l2Announcements: { start: '10.20.0.200', end: '10.20.0.220' } });
    expect(p.addons.certManager.enabled).toBe(true);
    expect(p.addons.monitoring.enabled).toBe(false);
  });
});

describe('discovery', () => {
  test('a missing config folder', () => {
    const result = loadPlatformConfig('/nonexistent/clusters');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.rule)).toEqual(['missing-config-dir']);
  });

  test('a missing platform.yaml is reported, and clusters are still checked per file', () => {
    const dir = tmpConfig({
      'platform.yaml': null,
      'prod/prod.yaml': readValid('prod/prod.yaml').replace('vlan: 30', 'vlan: 0'),
    });
    const result = loadPlatformConfig(dir);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.map((e) => [path.relative(dir, e.file), e.rule])).toEqual([
      ['platform.yaml', 'missing-platform-file'],
      ['prod/prod.yaml', 'out-of-range'],
    ]);
  });

  test('every entry is read or reported: .yml, .YAML, top-level, hidden and nested files; notes are ignored', () => {
    const dir = tmpConfig({
      'prod/extra.yml': 'name: x\n',
      'prod/extra2.YAML': 'name: x\n',
      'prod/notes.txt': 'x\n',
      'prod/sub/x.yaml': 'name: x\n',
      'qa.yaml': 'name: x\n',
      'README.md': '# notes\n',
      'prod/README.md': '# notes\n',
      'prod/.gitkeep': '',
      '.DS_Store': 'x',
      '.hidden/x.yaml': 'nonsense: [',
      'prod/.draft.yaml': 'nonsense: [',
    });
    const result = loadPlatformConfig(dir);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.map((e) => [path.relative(dir, e.file), e.rule])).toEqual([
      ['.hidden', 'nested-folder'],
      ['prod/.draft.yaml', 'hidden-spec-file'],
      ['prod/extra.yml', 'yml-extension'],
      ['prod/extra2.YAML', 'yaml-extension-case'],
      ['prod/notes.txt', 'stray-file'],
      ['prod/sub/x.yaml', 'nested-folder'],
      ['qa.yaml', 'stray-file'],
    ]);
  });

  test('symbolic links inside the config folder are followed', () => {
    const dir = tmpConfig();
    fs.renameSync(path.join(dir, 'staging'), path.join(dir, 'staging-real'));
    fs.mkdirSync(path.join(dir, 'staging'));
    fs.symlinkSync(path.join(dir, 'staging-real', 'staging.yaml'), path.join(dir, 'staging', 'staging.yaml'));
    fs.rmSync(path.join(dir, 'staging-real'), { recursive: true });
    fs.mkdirSync(path.join(dir, '.store'));
    fs.renameSync(path.join(dir, 'platform.yaml'), path.join(dir, '.store', 'platform.txt'));
    fs.symlinkSync(path.join('.store', 'platform.txt'), path.join(dir, 'platform.yaml'));
    fs.symlinkSync(path.join(dir, 'prod', 'prod.yaml'), path.join(dir, 'staging', 'staging2.yaml'));
    const result = loadPlatformConfig(dir);
    if (result.ok) throw new Error('expected the duplicate to be reported');
    // staging2.yaml links to prod.yaml: read (its name differs from the file), not skipped
    expect(result.errors.map((e) => [path.relative(dir, e.file), e.rule])).toEqual(
      expect.arrayContaining([['staging/staging2.yaml', 'cluster-name-file-mismatch']]),
    );
  });

  test('symbolic links out of the config folder, dangling links, loops and FIFOs are refused, not skipped', () => {
    const dir = tmpConfig({ 'staging/staging.yaml': null });
    const outside = tmpConfig();
    fs.symlinkSync(path.join(outside, 'staging', 'staging.yaml'), path.join(dir, 'staging', 'staging.yaml'));
    fs.symlinkSync(path.join(outside, 'prod'), path.join(dir, 'qa'));
    fs.symlinkSync('/nonexistent/x.yaml', path.join(dir, 'prod', 'gone.yaml'));
    fs.symlinkSync('loop.yaml', path.join(dir, 'prod', 'loop.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'prod', 'fifo.yaml')]);
    const result = loadPlatformConfig(dir);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.map((e) => [path.relative(dir, e.file), e.rule, e.line])).toEqual([
      ['prod/fifo.yaml', 'special-file', 0],
      ['prod/gone.yaml', 'broken-symlink', 0],
      ['prod/loop.yaml', 'broken-symlink', 0],
      ['qa', 'symlink-outside-config', 0],
      ['staging/staging.yaml', 'symlink-outside-config', 0],
    ]);
  });

  test('an environment folder without files is fine', () => {
    const dir = tmpConfig({ 'staging/staging.yaml': null });
    expect(load(dir).clusters.map((c) => c.name)).toEqual(['prod']);
  });
});

describe('positions', () => {
  test('a missing key is reported at its parent key', () => {
    const text = readValid('prod/prod.yaml').replace('  endpointVip: 10.30.0.10\n', '');
    const dir = tmpConfig({ 'prod/prod.yaml': text });
    const result = loadPlatformConfig(dir);
    if (result.ok) throw new Error('expected errors');
    const lines = text.split('\n');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      path: 'network.endpointVip',
      line: lines.indexOf('network:') + 1,
      column: 1,
    });
  });

  test('all errors of all files at once, sorted by file and line', () => {
    const staging = readValid('staging/staging.yaml').replace('vlan: 40', 'vlan: 4095');
    const prod = readValid('prod/prod.yaml')
      .replace('bridge: vmbr0', 'bridge: vmbr9')
      .replace('endpointVip: 10.30.0.10', 'endpointVip: 10.30.0.30');
    const dir = tmpConfig({ 'staging/staging.yaml': staging, 'prod/prod.yaml': prod });
    const result = loadPlatformConfig(dir);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.map((e) => [path.relative(dir, e.file), e.line, e.column, e.rule])).toEqual([
      ['prod/prod.yaml', lineOf(prod, 'bridge: vmbr9'), 11, 'unknown-bridge'],
      ['prod/prod.yaml', lineOf(prod, 'endpointVip: 10.30.0.30'), 16, 'vip-inside-ip-pool'],
      ['staging/staging.yaml', lineOf(staging, 'vlan: 4095'), 9, 'out-of-range'],
    ]);
  });

  test('aliases are followed; errors point at the alias as written', () => {
    const text = readValid('prod/prod.yaml')
      .replace('  # Odd, for etcd quorum.\n  count: 3', '  count: &n 3')
      .replace('workers:\n  count: 3', 'workers:\n  count: *n')
      .replace('  bridge: vmbr0', '  bridge: &b vmbr0');
    expect(load(tmpConfig({ 'prod/prod.yaml': text })).clusters[0].workers.count).toBe(3);
    const broken = text.replace('vlan: 30', 'vlan: *b');
    const result = loadPlatformConfig(tmpConfig({ 'prod/prod.yaml': broken }));
    if (result.ok) throw new Error('expected errors');
    expect(result.errors).toMatchObject([
      { path: 'network.vlan', line: lineOf(broken, 'vlan: *b'), column: 9, rule: 'wrong-type' },
    ]);
  });

  test('an alias to an undefined anchor is reported at the alias', () => {
    const text = readValid('prod/prod.yaml').replace('vlan: 30', 'vlan: *missing');
    const result = loadPlatformConfig(tmpConfig({ 'prod/prod.yaml': text }));
    if (result.ok) throw new Error('expected errors');
    expect(result.errors).toMatchObject([{ line: lineOf(text, 'vlan: *missing'), column: 9, rule: 'yaml-syntax' }]);
  });
});

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

function listYaml(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

describe('bounded work', () => {
  test('a file over the size limit is refused with its size, before it is parsed', () => {
    const dir = tmpConfig({ 'prod/prod.yaml': `# ${'x'.repeat(MAX_SPEC_FILE_BYTES)}\n` });
    const result = loadPlatformConfig(dir);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors.map((e) => [path.relative(dir, e.file), e.rule, e.message])).toEqual([
      [
        'prod/prod.yaml',
        'file-too-large',
        `the file is ${MAX_SPEC_FILE_BYTES + 3} bytes, more than the limit of ${MAX_SPEC_FILE_BYTES}`,
      ],
    ]);
  });

  test('80,000 unknown keys (about 1 MB): linear work, the first 50 errors and a count of the rest', () => {
    const keys = Array.from({ length: 80_000 }, (_, i) => `k${i}: 1`).join('\n');
    const dir = tmpConfig({ 'prod/prod.yaml': `${readValid('prod/prod.yaml')}\n${keys}\n` });
    const result = loadPlatformConfig(dir);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors).toHaveLength(MAX_ERRORS_PER_FILE + 1);
    expect(result.errors[MAX_ERRORS_PER_FILE].message).toBe(
      `and ${80_000 - MAX_ERRORS_PER_FILE} more errors in this file (the first ${MAX_ERRORS_PER_FILE} are shown)`,
    );
    expect(result.errors[0].rule).toBe('unknown-key');
  });

  test('80,000 duplicate keys are found by a linear check', () => {
    const keys = Array.from({ length: 80_000 }, () => `dup: 1`).join('\n');
    const dir = tmpConfig({ 'prod/prod.yaml': `${readValid('prod/prod.yaml')}\n${keys}\n` });
    const result = loadPlatformConfig(dir);
    if (result.ok) throw new Error('expected errors');
    expect(result.errors[0].rule).toBe('duplicate-key');
  });
});
