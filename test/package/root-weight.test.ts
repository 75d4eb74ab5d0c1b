/**
 * The package root stays light: `require('talos-platform-cdk')` loads no CDKTF, cdk8s, constructs or generated
 * binding (DESIGN.md: under 150 ms; the time itself is measured by hand, see docs/packaging.md). Checked on the
 * compiled output, which is what consumers load. The generated spec validators (`imports/spec/`) are what the root's
 * `loadConfig` runs, so they load; the CRD and provider bindings (`imports/k8s/`, `imports/providers/`) must not.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ensureBuild } from './build';

const ROOT = path.resolve(__dirname, '..', '..');

test('the root loads none of cdktf, cdk8s, constructs or the generated bindings', () => {
  ensureBuild();
  const probe = `require('./build/lib/index.js');
    console.log(JSON.stringify(Object.keys(require.cache).map((f) => require('path').relative(process.cwd(), f)).sort()));`;
  const r = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const loaded = JSON.parse(r.stdout) as string[];
  expect(loaded).toContain('build/lib/core/spec/load.js');
  expect(loaded).toContain('build/imports/spec/validators.generated.js');
  const heavy = /node_modules\/(cdktf|cdk8s|constructs)\/|^build\/imports\/(?!spec\/)/;
  expect(loaded.filter((f) => heavy.test(f))).toEqual([]);
});

test('the root exports the light API', () => {
  const r = spawnSync(
    process.execPath,
    ['-e', "console.log(Object.keys(require('./build/lib/index.js')).sort().join(' '))"],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  const names = r.stdout.trim().split(' ');
  expect(names).toEqual(
    expect.arrayContaining([
      'TALOS_VERSION',
      'KUBERNETES_VERSION',
      'CHART_VERSIONS',
      'loadPlatformConfig',
      'resolvePlatformConfig',
      'validatePlatformConfig',
      'SpecValidationError',
      'formatSpecErrors',
    ]),
  );
});
