// Builders shared by bridge.test.ts and bridge.tools.test.ts: a sample chart and a stack synthesized to a folder.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App as K8sApp, Chart } from 'cdk8s';
import { App, TerraformStack } from 'cdktf';

// Synthesized JSON is untyped; tests read it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const client = {
  host: 'https://10.0.0.10:6443',
  caCertificate: 'CA-PEM',
  clientCertificate: 'CERT-PEM',
  clientKey: 'KEY-PEM',
};

export function sampleChart(extra?: (chart: Chart) => void): Chart {
  const chart = new Chart(new K8sApp(), 'sample');
  new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
  new ApiObject(chart, 'cm', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'templated', namespace: 'demo' },
    data: { template: '{{ .Values.never }} and {{ "x" }}' },
  });
  extra?.(chart);
  return chart;
}

export function synthStack(build: (stack: TerraformStack) => void): { json: Json; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-test-'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'stage');
  build(stack);
  app.synth();
  const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'stage', 'cdk.tf.json'), 'utf8'));
  return { json, outdir };
}
