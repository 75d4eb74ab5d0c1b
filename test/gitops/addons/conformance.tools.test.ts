// The fixture with every addon on (test/fixtures/addons), synthesized with its encrypted Secrets, through the real
// conformance run (scripts/conformance.mjs: tofu validate, kubeconform -strict, kubectl-validate, helm, sops).
// Runs under `npm run test:tools` with the pinned tools of $TOOLS_DIR/bin.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describeWithTools } from '../../conformance/tools';
import { synthesizeFixture } from './synth-fixture';

interface Row {
  readonly check: string;
  readonly target: string;
  readonly result: 'PASS' | 'FAIL' | 'WARN' | 'SKIP';
  readonly detail: string;
}

/** The summary row kubectl-validate adds ("every document ...") restates its per-file rows. */
function isSummary(row: Row): boolean {
  return row.check === 'kubectl-validate' && /^every document/.test(row.target);
}

describeWithTools(
  ['tofu', 'tofurc', 'kubeconform', 'helm', 'kustomize', 'sops', 'age-keygen', 'kubectl-validate'],
  'every addon on: conformance with the real tools',
  () => {
    let rows: Row[] = [];
    beforeAll(() => {
      const fixture = synthesizeFixture();
      const report = path.join(path.dirname(fixture.tfOutdir), 'conformance.json');
      const run = spawnSync(
        process.execPath,
        ['scripts/conformance.mjs', '--tf-dir', fixture.tfOutdir, '--k8s-dir', fixture.k8sOutdir, '--report', report],
        { cwd: path.join(__dirname, '..', '..', '..'), encoding: 'utf8', env: process.env },
      );
      if (!fs.existsSync(report)) throw new Error(`conformance wrote no report:\n${run.stdout}\n${run.stderr}`);
      rows = JSON.parse(fs.readFileSync(report, 'utf8')).rows;
    }, 900_000);

    test('nothing fails: the SOPS files are checked as SOPS files, the talos.dev ServiceAccount has its CRD', () => {
      expect(rows.length).toBeGreaterThan(50);
      expect(rows.filter((r) => r.result === 'FAIL' && !isSummary(r))).toEqual([]);
    });

    test.each([
      'platform/apps/02-proxmox-csi.yaml',
      'platform/apps/01-proxmox-csi-secrets.yaml',
      'platform/apps/02-longhorn.yaml',
      'platform/apps/02-kube-prometheus-stack.yaml',
      'platform/fleet/longhorn.yaml',
      'clusters/prod/prod/control-plane.yaml',
      'clusters/prod/prod/workers.yaml',
      'clusters/staging/staging/control-plane.yaml',
    ])('kubeconform -strict passes %s', (file) => {
      const row = rows.find((r) => r.check === 'kubeconform' && r.target.endsWith(`/dist/${file}`));
      expect(row?.result).toBe('PASS');
    });

    test('every stack validates (stages 00 and 10 without the talos provider, which cannot be built here)', () => {
      for (const stack of ['20-capi-operator', '30-capmox', '40-clusters', '50-argo']) {
        expect(rows.find((r) => r.check === 'tofu validate' && r.target === `stacks/${stack}`)?.result).toBe('PASS');
      }
      for (const stack of ['00-proxmox-foundation', '10-mgmt-talos']) {
        const partial = rows.find(
          (r) => r.check.startsWith('tofu validate (without') && r.target === `stacks/${stack}`,
        );
        expect(partial?.result).toBe('PASS');
      }
    });
  },
);
