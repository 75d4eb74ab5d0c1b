import { planUpgrade } from '../../lib/day2/upgrade-plan';
import type { UpgradePlan } from '../../lib/day2/plan-types';
import { nocloudInstallerImage } from '../../lib/talos/image-factory';
import { Version } from '../../lib/core/rules/version';
import { config, current } from './specs';

/** `phase cluster component:from->to` per step, in order. */
function shape(plan: UpgradePlan): string[] {
  return plan.steps.map(
    (s) => `${s.phase} ${s.cluster} ${s.changes.map((c) => `${c.component}:${c.from}->${c.to}`).join(',')}`,
  );
}

function refusals(plan: UpgradePlan): string[] {
  return plan.refusals.map((r) => `${r.cluster} ${r.field} ${r.change.from}->${r.change.to}`);
}

describe('planUpgrade: accepted moves, steps in order', () => {
  test('1. no change: no steps, no refusals', () => {
    const plan = planUpgrade(config(), config());
    expect(plan).toMatchObject({ ok: true, steps: [], refusals: [], notes: [] });
  });

  test('2. Talos patch: image, management node by node, then the workload cluster', () => {
    const plan = planUpgrade(config(), config({ talos: '1.13.10' }));
    expect(shape(plan)).toEqual([
      'image mgmt talos:1.13.9->1.13.10',
      'management-talos mgmt talos:1.13.9->1.13.10',
      'workload-talos prod talos:1.13.9->1.13.10',
    ]);
    expect(plan.steps.map((s) => s.order)).toEqual([1, 2, 3]);
  });

  test('3. Talos next minor with Kubernetes kept: allowed, same order', () => {
    const from = config({ talos: '1.12.6', kubernetes: '1.34.4' });
    const plan = planUpgrade(from, config({ talos: '1.13.9', kubernetes: '1.34.4' }));
    expect(plan.ok).toBe(true);
    expect(shape(plan)).toEqual([
      'image mgmt talos:1.12.6->1.13.9',
      'management-talos mgmt talos:1.12.6->1.13.9',
      'workload-talos prod talos:1.12.6->1.13.9',
    ]);
  });

  test('4. Kubernetes next minor: management first, then the workload cluster', () => {
    const plan = planUpgrade(config({ kubernetes: '1.34.4' }), config({ kubernetes: '1.35.6' }));
    expect(shape(plan)).toEqual([
      'management-kubernetes mgmt kubernetes:1.34.4->1.35.6',
      'workload-kubernetes prod kubernetes:1.34.4->1.35.6',
    ]);
  });

  test('5. provider bumps come first, core before the others', () => {
    const from = current({ kubernetes: '1.34.4', clusterApi: '1.12.11', cacppt: '0.5.12' }, { kubernetes: '1.34.4' });
    const to = config({ kubernetes: '1.35.6', clusterApi: '1.12.12', cacppt: '0.5.13' }, { kubernetes: '1.34.4' });
    const plan = planUpgrade(from, to);
    expect(shape(plan)).toEqual([
      'providers mgmt clusterApi:1.12.11->1.12.12,cacppt:0.5.12->0.5.13',
      'management-kubernetes mgmt kubernetes:1.34.4->1.35.6',
    ]);
  });

  test('6. Talos and Kubernetes together: Talos first when the new Talos runs the current Kubernetes', () => {
    const from = config({ talos: '1.12.6', kubernetes: '1.34.4' });
    const plan = planUpgrade(from, config({ talos: '1.13.9', kubernetes: '1.35.6' }));
    expect(shape(plan)).toEqual([
      'image mgmt talos:1.12.6->1.13.9',
      'management-talos mgmt talos:1.12.6->1.13.9',
      'management-kubernetes mgmt kubernetes:1.34.4->1.35.6',
      'workload-talos prod talos:1.12.6->1.13.9',
      'workload-kubernetes prod kubernetes:1.34.4->1.35.6',
    ]);
  });

  test('7. Kubernetes first when the new Talos drops the current Kubernetes (Talos 1.13 starts at 1.31)', () => {
    const capi111 = { clusterApi: '1.11.4' };
    const from = config({ ...capi111, talos: '1.12.6', kubernetes: '1.30.14' });
    const plan = planUpgrade(from, config({ ...capi111, talos: '1.13.9', kubernetes: '1.31.13' }));
    expect(shape(plan)).toEqual([
      'image mgmt talos:1.12.6->1.13.9',
      'management-kubernetes mgmt kubernetes:1.30.14->1.31.13',
      'management-talos mgmt talos:1.12.6->1.13.9',
      'workload-kubernetes prod kubernetes:1.30.14->1.31.13',
      'workload-talos prod talos:1.12.6->1.13.9',
    ]);
  });

  test('a cluster added or removed between the specs is a note, not a step', () => {
    const withProd = config();
    const without = { ...withProd, clusters: [] };
    expect(planUpgrade(without, withProd)).toMatchObject({
      ok: true,
      steps: [],
      notes: ['prod is new in the target spec: Cluster API creates it at the target versions; no upgrade step.'],
    });
    expect(planUpgrade(withProd, without).notes).toEqual([
      'prod is not in the target spec: removing a cluster is not an upgrade step; plan its deletion on its own.',
    ]);
  });

  test('8. a workload cluster pinning its own Kubernetes rolls alone', () => {
    const plan = planUpgrade(config({}, { kubernetes: '1.34.4' }), config({}, { kubernetes: '1.35.6' }));
    expect(shape(plan)).toEqual(['workload-kubernetes prod kubernetes:1.34.4->1.35.6']);
  });
});

describe('planUpgrade: refused moves name the rule, its source and the fix', () => {
  test('9. skipping a Talos minor', () => {
    const from = config({ talos: '1.11.5', kubernetes: '1.33.7', clusterApi: '1.11.4' });
    const plan = planUpgrade(from, config({ talos: '1.13.9', kubernetes: '1.33.7', clusterApi: '1.11.4' }));
    expect(plan.ok).toBe(false);
    expect(plan.steps).toEqual([]);
    expect(refusals(plan)).toEqual(['mgmt versions.talos 1.11.5->1.13.9']);
    expect(plan.refusals[0]).toMatchObject({
      reason: 'talos 1.11.5 -> 1.13.9 skips a minor',
      source: 'Talos upgrade guide: upgrade one minor release at a time',
      fix: 'set versions.talos to the newest 1.12.x first, apply that plan, then move on',
    });
  });

  test('10. skipping a Kubernetes minor (reported once, on the platform)', () => {
    const plan = planUpgrade(config({ kubernetes: '1.33.7' }), config({ kubernetes: '1.35.6' }));
    expect(refusals(plan)).toEqual(['mgmt versions.kubernetes 1.33.7->1.35.6']);
    expect(plan.refusals[0].fix).toContain('newest 1.34.x');
  });

  test('11. downgrades of Talos, Kubernetes and a provider', () => {
    const from = config({ talos: '1.13.9', kubernetes: '1.35.6', capmox: '0.9.0' });
    const to = config({ talos: '1.12.6', kubernetes: '1.34.4', capmox: '0.8.1', clusterApi: '1.11.4' });
    const plan = planUpgrade(from, to);
    expect(refusals(plan)).toEqual([
      'mgmt versions.clusterApi 1.12.11->1.11.4',
      'mgmt versions.capmox 0.9.0->0.8.1',
      'mgmt versions.talos 1.13.9->1.12.6',
      'mgmt versions.kubernetes 1.35.6->1.34.4',
    ]);
    expect(plan.refusals.every((r) => r.reason.endsWith('is a downgrade'))).toBe(true);
  });

  test('12. a Talos the current Kubernetes does not run on (a config built in code, past the loader)', () => {
    const capi111 = { clusterApi: '1.11.4' };
    const from = config({ ...capi111, talos: '1.12.6', kubernetes: '1.30.14' });
    const valid = config({ ...capi111, talos: '1.13.9', kubernetes: '1.31.13' });
    // The loader rejects Talos 1.13 with Kubernetes 1.30; a construct user can still hand such a config in.
    const to = {
      ...valid,
      platform: { ...valid.platform, versions: { ...valid.platform.versions, kubernetes: Version.of('1.30.14') } },
    };
    const plan = planUpgrade(from, to);
    expect(refusals(plan)).toEqual(['mgmt versions.talos 1.12.6->1.13.9']);
    expect(plan.refusals[0]).toMatchObject({
      reason: 'Talos 1.13.9 does not support the current Kubernetes 1.30.14 (supports 1.31 to 1.36)',
      fix: 'upgrade Kubernetes into 1.31 to 1.36 first',
    });
  });

  test("13. the new Cluster API does not support a cluster's current Kubernetes (providers go first)", () => {
    const from = config({ talos: '1.12.6', kubernetes: '1.30.14', clusterApi: '1.11.4' });
    const plan = planUpgrade(from, config({ talos: '1.12.6', kubernetes: '1.31.13', clusterApi: '1.12.11' }));
    expect(refusals(plan)).toEqual(['mgmt versions.clusterApi 1.11.4->1.12.11']);
    expect(plan.refusals[0].reason).toContain(
      "management cluster's current Kubernetes 1.30.14 (supports 1.31 to 1.35)",
    );
    expect(plan.refusals[0].source).toContain('CLUSTER_API_KUBERNETES_SUPPORT');
  });

  test('14. workload rollouts under CACPPT below the known-defect floor (v0.5.12, #237): one refusal', () => {
    const from = current({ kubernetes: '1.34.4', cacppt: '0.5.12' });
    // The target spec itself is refused by validate (rule provider-version-known-defect); the planner refuses too,
    // for a target built in code with the rule waived.
    expect(() => config({ kubernetes: '1.35.6', cacppt: '0.5.12' })).toThrow(/known defect/);
    const plan = planUpgrade(from, current({ kubernetes: '1.35.6', cacppt: '0.5.12' }));
    expect(refusals(plan)).toEqual(['mgmt versions.cacppt 0.5.12->0.5.12']);
    expect(plan.refusals[0]).toMatchObject({
      reason:
        'workload clusters prod would roll under CACPPT 0.5.12, below the known-defect floor 0.5.13: every control-plane rolling update deadlocks (the etcd health check counts the machine that already left etcd; fixed by #250 in v0.5.13)',
      source: 'COMPATIBILITY in lib/core/versions.ts (siderolabs/cluster-api-control-plane-provider-talos#237)',
      fix: 'set versions.cacppt to 0.5.13 or newer (in this plan or an earlier one)',
    });
    // The same bump with CACPPT raised in the same plan is accepted: providers go first.
    expect(planUpgrade(from, config({ kubernetes: '1.35.6', cacppt: '0.5.13' })).ok).toBe(true);
    // A management-only change does not roll a workload cluster, so the floor does not apply.
    const pinned = { kubernetes: '1.34.4' };
    const mgmtOnlyPinned = planUpgrade(
      current({ kubernetes: '1.34.4', cacppt: '0.5.12' }, pinned),
      current({ kubernetes: '1.35.6', cacppt: '0.5.12' }, pinned),
    );
    expect(shape(mgmtOnlyPinned)).toEqual(['management-kubernetes mgmt kubernetes:1.34.4->1.35.6']);
  });

  test('15. a provider bump onto a version below the floor', () => {
    const plan = planUpgrade(current({ cacppt: '0.5.11' }), current({ cacppt: '0.5.12' }));
    expect(refusals(plan)).toEqual(['mgmt versions.cacppt 0.5.11->0.5.12']);
    expect(plan.refusals[0].fix).toBe('set versions.cacppt to 0.5.13 or newer');
  });
});

describe('planUpgrade: how each step is carried out', () => {
  test('management Talos: the factory installer of the schematic, one node at a time, health between', () => {
    const plan = planUpgrade(config(), config({ talos: '1.13.10' }));
    const image = nocloudInstallerImage({
      officialExtensions: ['siderolabs/qemu-guest-agent'],
      talosVersion: '1.13.10',
    });
    expect(image).toBe(
      'factory.talos.dev/nocloud-installer/ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515:v1.13.10',
    );
    const how = plan.steps[1].how;
    const upgrades = how.filter((h) => h.includes(' upgrade --image '));
    expect(upgrades).toEqual([
      `talosctl -e 10.20.0.12 -n 10.20.0.11 upgrade --image ${image} --wait`,
      `talosctl -e 10.20.0.11 -n 10.20.0.12 upgrade --image ${image} --wait`,
      `talosctl -e 10.20.0.11 -n 10.20.0.13 upgrade --image ${image} --wait`,
    ]);
    // Every upgrade is followed by a health check of that node before the next one starts.
    for (const u of upgrades) {
      const node = / -n (\S+) /.exec(u)![1];
      expect(how[how.indexOf(u) + 1]).toBe(`talosctl -e ${node} -n ${node} health --wait-timeout 10m`);
    }
    expect(how[0]).toContain('output -raw talosconfig');
    expect(how.at(-1)).toBe('tofu -chdir=cdktf.out/stacks/10-mgmt-talos apply');
  });

  test('management Kubernetes: upgrade-k8s --to, dry run first', () => {
    const plan = planUpgrade(config({ kubernetes: '1.34.4' }), config({ kubernetes: '1.35.6' }));
    expect(plan.steps[0].how.slice(1, 4)).toEqual([
      'talosctl -e 10.20.0.11 -n 10.20.0.11 upgrade-k8s --to 1.35.6 --dry-run',
      'talosctl -e 10.20.0.11 -n 10.20.0.11 upgrade-k8s --to 1.35.6',
      'talosctl -e 10.20.0.11 -n 10.20.0.11 health --wait-timeout 10m',
    ]);
  });

  test('workload Kubernetes: spec edit, commit, and how to watch the rollout', () => {
    const plan = planUpgrade(config({}, { kubernetes: '1.34.4' }), config({}, { kubernetes: '1.35.6' }));
    const [step] = plan.steps;
    expect(step.how[0]).toBe('edit <prod/prod>: versions.kubernetes: 1.35.6');
    expect(step.how[2]).toContain('git commit');
    expect(step.watch[0]).toBe(
      'clusterctl describe cluster prod -n prod    # every machine Ready, none left on the old version',
    );
  });

  test("the stage folders are the reference platform's stage ids", async () => {
    const { STAGE_IDS } = await import('../../stacks/platform');
    const { REFERENCE_STAGE_FOLDERS } = await import('../../lib/day2/commands');
    for (const folder of Object.values(REFERENCE_STAGE_FOLDERS)) {
      expect(STAGE_IDS).toContain(folder.replace('cdktf.out/stacks/', ''));
    }
  });
});
