// Conformance with the real tools: deliberately broken fixtures must fail, naming the object and the field (or the
// CEL rule); the valid fixtures must pass. Runs under `npm run test:tools` with the pinned tools of $TOOLS_DIR/bin
// (default .tools/bin, built by `npm run tools`); without them the block is skipped with one line naming them.
import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, runConformance } from './esm';
import type { ReportRow } from './esm';
import { describeWithTools } from './tools';

describeWithTools(
  ['tofu', 'tofurc', 'kubeconform', 'helm', 'kustomize', 'sops', 'age-keygen', 'kubectl-validate'],
  'conformance with the real tools',
  () => {
    let tmp: string;
    beforeAll(() => {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'conformance-test-'));
    });
    afterAll(() => {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    const failRows = (rows: ReportRow[], check: string) => rows.filter((r) => r.check === check && r.result === 'FAIL');

    test('a CAPI Cluster with an unknown field fails kubeconform, naming the object and the field', () => {
      const r = runConformance(['--k8s-dir', path.join(FIXTURES, 'broken-capi')], path.join(tmp, 'capi.json'));
      expect(r.code).toBe(1);
      const fails = failRows(r.rows, 'kubeconform');
      expect(fails).toHaveLength(1);
      expect(fails[0].target).toMatch(/broken-capi\/cluster\.yaml$/);
      expect(fails[0].detail).toBe(
        "Cluster/default/broken-endpoint: /spec/controlPlaneEndpoint: additional properties 'hostt' not allowed",
      );
      expect(r.output).toContain("additional properties 'hostt' not allowed");
    });

    test('a CAPMOX template that breaks a CEL rule passes kubeconform and fails kubectl-validate, naming the object and rule', () => {
      const r = runConformance(['--k8s-dir', path.join(FIXTURES, 'broken-cel')], path.join(tmp, 'cel.json'));
      expect(r.code).toBe(1);
      // kubeconform checks the OpenAPI schema only: every field is valid
      expect(failRows(r.rows, 'kubeconform')).toEqual([]);
      expect(
        r.rows.find((row) => row.check === 'kubeconform' && row.target.endsWith('broken-cel/machine-template.yaml'))
          ?.result,
      ).toBe('PASS');
      const fails = failRows(r.rows, 'kubectl-validate');
      const perFile = fails.find((row) => row.target.endsWith('broken-cel/machine-template.yaml'));
      expect(perFile?.detail).toBe(
        'ProxmoxMachineTemplate/default/linked-clone-with-storage: spec.template.spec: Invalid value: "object": ' +
          'Must set full=true when specifying storage (CEL rule `self.full || !has(self.storage)`)',
      );
      expect(fails.find((row) => row.target.startsWith('every document'))?.detail).toMatch(/^1 invalid in 1 file\(s\)/);
    });

    test('a proxmox VM without node_name fails tofu validate, naming the resource and the argument', () => {
      const r = runConformance(['--tf-dir', path.join(FIXTURES, 'broken-tf'), '--no-plan'], path.join(tmp, 'tf.json'));
      expect(r.code).toBe(1);
      const fails = r.rows.filter((row) => / validate$/.test(row.check) && row.result === 'FAIL');
      expect(fails).toHaveLength(1);
      expect(fails[0].target).toBe('stacks/broken-vm');
      expect(fails[0].detail).toContain('resource.proxmox_virtual_environment_vm.control-plane-1');
      expect(fails[0].detail).toContain('broken-vm/ControlPlane1/Resource');
      expect(fails[0].detail).toContain('Missing required argument');
      expect(fails[0].detail).toContain('"node_name"');
    });

    test('a kind without a schema, an unknown core field and an unencrypted secrets/ file all fail', () => {
      const r = runConformance(['--k8s-dir', path.join(FIXTURES, 'broken-misc')], path.join(tmp, 'misc.json'));
      expect(r.code).toBe(1);
      const details = failRows(r.rows, 'kubeconform').map((row) => row.detail);
      expect(details).toContain('Widget/default/orphan: could not find schema for Widget');
      expect(details).toContain("Namespace/typo: /metadata: additional properties 'labelz' not allowed");
      const sops = failRows(r.rows, 'sops');
      expect(sops).toHaveLength(1);
      expect(sops[0].target).toMatch(/platform\/secrets\/plain\.yaml$/);
      expect(sops[0].detail).toContain('not SOPS-encrypted');
    });

    test('the valid fixtures pass: validate, plan, kubeconform, SOPS round trip and rules', () => {
      const r = runConformance(
        [
          '--tf-dir',
          path.join(FIXTURES, 'valid', 'tf'),
          '--k8s-dir',
          path.join(FIXTURES, 'valid', 'k8s'),
          '--require-plan',
          'ok-vm',
        ],
        path.join(tmp, 'valid.json'),
      );
      const notPass = r.rows.filter((row) => row.result !== 'PASS');
      expect(notPass).toEqual([]);
      expect(r.code).toBe(0);
      const checks = new Set(r.rows.map((row) => row.check.replace(/^terraform /, 'tofu ')));
      for (const c of [
        'tofu validate',
        'tofu plan',
        'crd schemas',
        'kubeconform',
        'kubectl-validate',
        'sops',
        'sops rules',
      ]) {
        expect(checks).toContain(c);
      }
      expect(r.rows.find((row) => row.check === 'sops' && row.target === 'self-test')?.result).toBe('PASS');
    });
  },
);
