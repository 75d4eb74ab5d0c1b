// The upgrade fixture (test/fixtures/worker-pools-upgrade): one cluster with four pools, from Talos 1.13.8 and
// Kubernetes 1.34.4 to the pins, through the same command a person runs (`upgrade plan --from-config`).
import * as path from 'path';
import { upgradePlanCommand } from '../../lib/cli/upgrade';
import type { UpgradeCommandIo } from '../../lib/cli/upgrade';
import type { UpgradePlan } from '../../lib/day2/plan-types';

const FIXTURE = path.resolve(__dirname, '../fixtures/worker-pools-upgrade');

async function run(json: boolean): Promise<string> {
  let out = '';
  let err = '';
  const cli: UpgradeCommandIo = {
    out: (t) => (out += t),
    err: (t) => (err += t),
    now: () => new Date('2026-12-01T00:00:00Z'),
  };
  // `from` is commander's default; --from-config takes precedence over it.
  const options = {
    config: path.join(FIXTURE, 'target'),
    from: 'HEAD',
    fromConfig: path.join(FIXTURE, 'current'),
    json,
  };
  const code = await upgradePlanCommand(options, cli);
  if (code !== 0) throw new Error(`upgrade plan exited ${code}: ${err}${out}`);
  return out;
}

describe('upgrade plan over the four-pool fixture', () => {
  test('every pool of prod is in both workload steps with its own surge, the empty one without', async () => {
    const plan = JSON.parse(await run(true)) as UpgradePlan;
    expect(plan.ok).toBe(true);
    expect(plan.steps.map((s) => s.phase)).toEqual([
      'image',
      'management-talos',
      'management-kubernetes',
      'workload-talos',
      'workload-kubernetes',
    ]);
    for (const step of plan.steps.filter((s) => s.phase.startsWith('workload-'))) {
      expect(step.pools?.map((p) => [p.machineDeployment, p.replicas, p.maxSurge, p.maxUnavailable, p.status])).toEqual(
        [
          ['prod-workers', 2, 1, 0, 'rolls'],
          ['prod-gpu', 2, 0, 1, 'rolls'],
          ['prod-infra', 2, 1, 0, 'rolls'],
          ['prod-batch', 0, 0, 0, 'empty'],
        ],
      );
      expect(step.watch.filter((w) => w.includes('wait machinedeployment/'))).toHaveLength(3);
    }
  });

  test('the text names each pool', async () => {
    const text = await run(false);
    expect(text).toContain('     infra: prod-infra, 2, 1/0, rolls');
    expect(text).toContain('     batch: prod-batch, 0, 0/0, empty');
    expect(text).toContain('workers (2), gpu (2), infra (2)');
  });
});
