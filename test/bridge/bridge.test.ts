import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { App, TerraformStack, Testing } from 'cdktf';
import { ClusterProviders } from '../../lib/bridge/cluster-providers';
import {
  ChartRelease,
  DEFAULT_CHART_RELEASE_MAX_HISTORY,
  DEFAULT_CHART_RELEASE_TIMEOUT_SECONDS,
} from '../../lib/bridge/chart-release';
import { RAW_FILES_TEMPLATE, renderHelmChart } from '../../lib/bridge/render-chart';
import { client, sampleChart, synthStack } from './bridge-fixtures';
import type { Json } from './bridge-fixtures';

describe('ClusterProviders', () => {
  test('configures helm 3 with a nested kubernetes attribute and the kubernetes provider', () => {
    const stack = Testing.synthScope((scope) => {
      new ClusterProviders(scope, 'Providers', { kubernetesClient: client });
    });
    const json = JSON.parse(stack);
    expect(json.provider.helm).toEqual([
      {
        kubernetes: {
          host: client.host,
          cluster_ca_certificate: 'CA-PEM',
          client_certificate: 'CERT-PEM',
          client_key: 'KEY-PEM',
        },
      },
    ]);
    expect(json.provider.kubernetes).toEqual([
      { host: client.host, cluster_ca_certificate: 'CA-PEM', client_certificate: 'CERT-PEM', client_key: 'KEY-PEM' },
    ]);
  });

  test('alias defaults to none and is passed through', () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        new ClusterProviders(scope, 'Providers', { kubernetesClient: client, alias: 'workload' });
      }),
    );
    expect(json.provider.helm[0].alias).toBe('workload');
    expect(json.provider.kubernetes[0].alias).toBe('workload');
  });
});

describe('renderHelmChart', () => {
  test('one raw file per object, a raw-include template, a content-derived version', () => {
    const rendered = renderHelmChart(sampleChart(), { name: 'sample', description: 'd' });
    expect([...rendered.files.keys()]).toEqual([
      'Chart.yaml',
      'files/000-namespace-demo.yaml',
      'files/001-configmap-templated.yaml',
      'templates/objects.yaml',
    ]);
    expect(rendered.files.get('templates/objects.yaml')).toBe(RAW_FILES_TEMPLATE);
    expect(rendered.version).toMatch(/^0\.0\.0-h[0-9a-f]{12}$/);
    expect(rendered.files.get('Chart.yaml')).toContain(`version: ${rendered.version}`);
    expect(rendered.objectCount).toBe(2);
  });

  test('is deterministic', () => {
    const a = renderHelmChart(sampleChart(), { name: 'sample', description: 'd' });
    const b = renderHelmChart(sampleChart(), { name: 'sample', description: 'd' });
    expect(a.hash).toBe(b.hash);
    expect([...a.files]).toEqual([...b.files]);
  });

  test('rejects Secret data', () => {
    const chart = sampleChart((c) => {
      new ApiObject(c, 'secret', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'creds', namespace: 'demo' },
        stringData: { token: 'x' },
      });
    });
    expect(() => renderHelmChart(chart, { name: 'sample', description: 'd' })).toThrow(
      'sample: Secret "creds" carries data; a chart delivered through Terraform must not hold secret values',
    );
  });
});

describe('ChartRelease', () => {
  test('installs the chart from the stack folder with the documented defaults', () => {
    const { json, outdir } = synthStack((stack) => {
      const providers = new ClusterProviders(stack, 'Providers', { kubernetesClient: client });
      new ChartRelease(stack, 'Objects', {
        chart: sampleChart(),
        providers,
        releaseName: 'sample',
        namespace: 'demo',
      });
    });
    const releases = Object.values(json.resource.helm_release) as Json[];
    expect(releases).toHaveLength(1);
    const release = releases[0];
    expect(release).toMatchObject({
      name: 'sample',
      namespace: 'demo',
      create_namespace: false,
      wait: true,
      atomic: true,
      cleanup_on_fail: true,
      timeout: DEFAULT_CHART_RELEASE_TIMEOUT_SECONDS,
      max_history: DEFAULT_CHART_RELEASE_MAX_HISTORY,
      provider: 'helm',
    });
    expect(DEFAULT_CHART_RELEASE_TIMEOUT_SECONDS).toBe(600);
    expect(DEFAULT_CHART_RELEASE_MAX_HISTORY).toBe(10);
    expect(release.chart).toMatch(/^\.\/assets\/[A-Za-z0-9_-]+\/[0-9a-f]{32}$/);
    const chartDir = path.join(outdir, 'stacks', 'stage', release.chart);
    expect(fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8')).toContain('name: sample');
    expect(fs.readdirSync(path.join(chartDir, 'files'))).toEqual([
      '000-namespace-demo.yaml',
      '001-configmap-templated.yaml',
    ]);
  });

  test('rejects an invalid release name', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const providers = new ClusterProviders(scope, 'Providers', { kubernetesClient: client });
        new ChartRelease(scope, 'Objects', {
          chart: sampleChart(),
          providers,
          releaseName: 'Bad_Name',
          namespace: 'x',
        });
      }),
    ).toThrow('releaseName "Bad_Name" is not a valid Helm release name. Expected lower-case letters, digits and "-"');
  });

  test('rejects a non-positive timeout', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const providers = new ClusterProviders(scope, 'Providers', { kubernetesClient: client });
        new ChartRelease(scope, 'Objects', {
          chart: sampleChart(),
          providers,
          releaseName: 'ok',
          namespace: 'x',
          timeoutSeconds: 0,
        });
      }),
    ).toThrow('timeoutSeconds must be a positive integer, got 0.');
  });

  test('validation errors of the chart are reported by the ChartRelease, and nothing is rendered', () => {
    const chart = sampleChart();
    chart.node.addValidation({ validate: () => ['broken reference'] });
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-test-')) });
    const stack = new TerraformStack(app, 'stage');
    const providers = new ClusterProviders(stack, 'Providers', { kubernetesClient: client });
    const release = new ChartRelease(stack, 'Objects', { chart, providers, releaseName: 'sample', namespace: 'demo' });
    expect(release.node.validate()).toEqual(['sample: broken reference']);
    expect(release.release).toBeUndefined();
    expect(release.rendered).toBeUndefined();
  });
});
