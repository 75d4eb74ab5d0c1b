// The bridge's rendered chart with the real helm (npm run test:tools, helm from $TOOLS_DIR/bin).
import * as path from 'path';
import { spawnSync } from 'child_process';
import { ClusterProviders } from '../../lib/bridge/cluster-providers';
import { ChartRelease } from '../../lib/bridge/chart-release';
import { describeWithTools, toolPath } from '../conformance/tools';
import { client, sampleChart, synthStack } from './bridge-fixtures';
import type { Json } from './bridge-fixtures';

describeWithTools(['helm'], 'ChartRelease with the real helm', () => {
  const helm = toolPath('helm');
  test('helm template renders the objects verbatim, braces untouched', () => {
    const { json, outdir } = synthStack((stack) => {
      const providers = new ClusterProviders(stack, 'Providers', { kubernetesClient: client });
      new ChartRelease(stack, 'Objects', { chart: sampleChart(), providers, releaseName: 'sample', namespace: 'demo' });
    });
    const release = Object.values(json.resource.helm_release)[0] as Json;
    const chartDir = path.join(outdir, 'stacks', 'stage', release.chart);
    const result = spawnSync(helm, ['template', 'sample', chartDir, '--namespace', 'demo'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('template: \'{{ .Values.never }} and {{ "x" }}\'');
    expect(result.stdout).toContain('kind: Namespace');
  });
});
