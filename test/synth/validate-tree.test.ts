/** Unit tests of `collectValidationErrors`: every construct validation of both apps, never throwing. */
import { App as K8sApp, Chart } from 'cdk8s';
import { App as TfApp, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { collectValidationErrors } from '../../lib/core/synth/validate-tree';
import { rmDir, tmpDir } from './helpers';

let outdir: string;
beforeEach(() => {
  outdir = tmpDir('synth-validate-');
});
afterEach(() => rmDir(outdir));

function failing(scope: Construct, id: string, ...messages: string[]): Construct {
  const c = new Construct(scope, id);
  c.node.addValidation({ validate: () => messages });
  return c;
}

test('collects from both apps, with construct paths, roots in the order given', () => {
  const tf = new TfApp({ outdir });
  const k8s = new K8sApp({ outdir });
  const stack = new TerraformStack(tf, '10-mgmt-talos');
  failing(failing(stack, 'Cluster', 'tf: first'), 'Bootstrap', 'tf: nested');
  failing(tf, 'Loose', 'tf: second', 'tf: third');
  const chart = new Chart(k8s, 'apps');
  failing(chart, 'Cilium', 'k8s: cilium');
  new Construct(chart, 'Fine');

  const errors = collectValidationErrors(tf, k8s);
  expect(errors).toEqual(
    expect.arrayContaining([
      { path: '10-mgmt-talos/Cluster', message: 'tf: first' },
      { path: '10-mgmt-talos/Cluster/Bootstrap', message: 'tf: nested' },
      { path: 'Loose', message: 'tf: second' },
      { path: 'Loose', message: 'tf: third' },
      { path: 'apps/Cilium', message: 'k8s: cilium' },
    ]),
  );
  expect(errors).toHaveLength(5);
  // Every Terraform error comes before every cdk8s error: the roots are walked in order.
  expect(errors.findIndex((e) => e.message.startsWith('k8s'))).toBe(4);
  expect(collectValidationErrors(k8s, tf)[0]).toEqual({ path: 'apps/Cilium', message: 'k8s: cilium' });
});

test('keeps going after the first failing construct (reports every whole-tree rule at once)', () => {
  const root = new Construct(undefined as unknown as Construct, '');
  for (let i = 0; i < 5; i++) failing(root, `c${i}`, `problem ${i}`);
  expect(collectValidationErrors(root).map((e) => e.message)).toEqual([0, 1, 2, 3, 4].map((i) => `problem ${i}`));
});

test('a validation on the root itself is reported as (root)', () => {
  const k8s = new K8sApp({ outdir });
  k8s.node.addValidation({ validate: () => ['the app itself'] });
  expect(collectValidationErrors(k8s)).toEqual([{ path: '(root)', message: 'the app itself' }]);
});

test('no validation errors, or no roots: an empty list', () => {
  const tf = new TfApp({ outdir });
  new TerraformStack(tf, 'empty');
  const k8s = new K8sApp({ outdir });
  new Chart(k8s, 'empty');
  expect(collectValidationErrors(tf, k8s)).toEqual([]);
  expect(collectValidationErrors()).toEqual([]);
});
