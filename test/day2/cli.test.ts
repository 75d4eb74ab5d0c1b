import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { upgradeCertsCommand, upgradePlanCommand } from '../../lib/cli/upgrade';
import type { UpgradeCommandIo } from '../../lib/cli/upgrade';
import type { UpgradePlan } from '../../lib/day2/plan-types';
import { readValid, tmpConfig } from '../spec/tmp-config';

const NOW = new Date('2026-12-01T00:00:00Z');

function io(): UpgradeCommandIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => (out += t),
    err: (t) => (err += t),
    now: () => NOW,
    stdout: () => out,
    stderr: () => err,
  };
}

/** The valid fixture with these platform versions. */
function platformAt(versions: Record<string, string>): string {
  const block = ['versions:', ...Object.entries(versions).map(([k, v]) => `  ${k}: "${v}"`)].join('\n');
  return readValid('platform.yaml').replace(/^# versions: omitted.*$/m, block);
}

const OLD = platformAt({ kubernetes: '1.34.4', cacppt: '0.5.13' });
const NEW = platformAt({ kubernetes: '1.35.6', cacppt: '0.5.13' });

describe('upgrade plan with two --config folders', () => {
  const fromDir = tmpConfig({ 'platform.yaml': OLD });
  const toDir = tmpConfig({ 'platform.yaml': NEW });

  test('text: numbered steps in order, management before each workload cluster, with how and done-when', async () => {
    const cli = io();
    expect(await upgradePlanCommand({ config: toDir, from: 'HEAD', fromConfig: fromDir }, cli)).toBe(0);
    const text = cli.stdout();
    expect(text.split('\n')[0]).toBe(`Upgrade plan: ${fromDir} -> ${toDir}`);
    const headings = text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(headings).toEqual([
      '1. [management-kubernetes] mgmt: Kubernetes 1.34.4 -> 1.35.6 on the management cluster',
      expect.stringMatching(
        /^2\. \[workload-kubernetes\] prod: Kubernetes 1\.34\.4 -> 1\.35\.6 on workload cluster prod/,
      ),
      expect.stringMatching(/^3\. \[workload-kubernetes\] staging: /),
    ]);
    expect(text).toContain('     talosctl -e 10.20.0.11 -n 10.20.0.11 upgrade-k8s --to 1.35.6\n');
    expect(text).toContain('   done when:\n');
    expect(text).toContain('- One commit of dist/ rolls prod, staging together.');
    // Both clusters follow the platform: the edit is in platform.yaml, and the second step rides on the first commit.
    expect(text).toContain(
      `     edit ${path.join(toDir, 'platform.yaml')}: versions.kubernetes: 1.35.6    # prod follows the platform\n`,
    );
    expect(text).toContain(
      '     # nothing to commit: the commit of the kubernetes step of prod already rolls staging\n',
    );
    expect(cli.stderr()).toBe('');
  });

  test('--json: the same plan as data', async () => {
    const cli = io();
    expect(await upgradePlanCommand({ config: toDir, from: 'HEAD', fromConfig: fromDir, json: true }, cli)).toBe(0);
    const plan = JSON.parse(cli.stdout()) as UpgradePlan & { certificates: unknown[] };
    expect(plan.ok).toBe(true);
    expect(plan.steps.map((s) => [s.order, s.phase, s.cluster])).toEqual([
      [1, 'management-kubernetes', 'mgmt'],
      [2, 'workload-kubernetes', 'prod'],
      [3, 'workload-kubernetes', 'staging'],
    ]);
    expect(plan.refusals).toEqual([]);
    expect(plan.certificates).toEqual([]);
  });

  test('a refused plan: exit 1, every refusal with file, field, source and fix, no steps', async () => {
    const cli = io();
    const skip = tmpConfig({ 'platform.yaml': platformAt({ kubernetes: '1.33.7', cacppt: '0.5.13' }) });
    expect(await upgradePlanCommand({ config: toDir, from: 'HEAD', fromConfig: skip }, cli)).toBe(1);
    expect(cli.stdout()).toContain('REFUSED (1): nothing to run until these are fixed.');
    expect(cli.stdout()).toContain(
      `error: ${path.join(toDir, 'platform.yaml')}: versions.kubernetes: kubernetes 1.33.7 -> 1.35.6 skips a minor`,
    );
    expect(cli.stdout()).toContain('  source: Kubernetes version skew policy');
    expect(cli.stdout()).not.toMatch(/^1\. /m);
  });

  test('an invalid target spec: exit 1 with its file:line errors, no plan', async () => {
    const cli = io();
    const bad = tmpConfig({ 'platform.yaml': platformAt({ kubernetes: '1.36.1', cacppt: '0.5.13' }) });
    expect(await upgradePlanCommand({ config: bad, from: 'HEAD', fromConfig: fromDir }, cli)).toBe(1);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toContain('the target spec');
    expect(cli.stderr()).toMatch(
      /platform\.yaml:\d+:\d+ +versions\.kubernetes: Cluster API 1\.12\.11 does not support Kubernetes 1\.36\.1/,
    );
  });
});

describe('upgrade plan against a git revision', () => {
  test('HEAD vs the working tree; a bad revision is a clear error', async () => {
    const repo = tmpConfig({ 'platform.yaml': OLD });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
        stdio: 'pipe',
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'old');
    fs.writeFileSync(path.join(repo, 'platform.yaml'), NEW);
    const cli = io();
    const code = await upgradePlanCommand({ config: repo, from: 'HEAD', json: true }, cli);
    expect(cli.stderr()).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(cli.stdout()) as UpgradePlan;
    expect(plan.from).toBe('HEAD:.');
    expect(plan.steps.map((s) => s.phase)).toEqual([
      'management-kubernetes',
      'workload-kubernetes',
      'workload-kubernetes',
    ]);

    const bad = io();
    expect(await upgradePlanCommand({ config: repo, from: 'no-such-rev' }, bad)).toBe(1);
    expect(bad.stderr()).toContain('git cannot read revision "no-such-rev"');
  });
});

describe('upgrade certs', () => {
  test('needs a file', async () => {
    const cli = io();
    expect(await upgradeCertsCommand({}, cli)).toBe(2);
    expect(cli.stderr()).toContain('pass --kubeconfig <file>, --talosconfig <file> or both');
  });
});
