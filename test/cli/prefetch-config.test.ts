/**
 * `synth` and `validate` tell the host the resolved `--config` before they load anything heavy, so it can start
 * the spec parse early (CliHost.prefetchConfig), and then hand it the same folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT, runCli } from '../../lib/cli/run';
import type { CliHost } from '../../lib/cli/run';
import { SpecValidationError } from '../../lib/core/spec-validation-error';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-prefetch-config-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A host that records the calls; its build fails, so synth writes nothing. */
function recordingHost(calls: string[]): CliHost {
  return {
    prefetchConfig: (dir) => calls.push(`prefetch ${dir}`),
    buildPlatform: (dir) => {
      calls.push(`build ${dir}`);
      throw new SpecValidationError([]);
    },
    validate: (dir) => {
      calls.push(`validate ${dir}`);
      return EXIT.ok;
    },
  };
}

test('validate: the prefetch first, with the folder validate gets', async () => {
  const calls: string[] = [];
  expect(await runCli(['validate', '--config', 'some/dir'], recordingHost(calls))).toBe(EXIT.ok);
  const dir = path.resolve('some/dir');
  expect(calls).toEqual([`prefetch ${dir}`, `validate ${dir}`]);
});

test('synth: the prefetch first, with the folder the build gets', async () => {
  const calls: string[] = [];
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const args = ['synth', '--config', path.join(tmp, 'cfg'), '--tf-out', path.join(tmp, 'tf')];
  const code = await runCli([...args, '--k8s-out', path.join(tmp, 'k8s'), '--quiet'], recordingHost(calls));
  stderr.mockRestore();
  expect(code).toBe(EXIT.invalidInput);
  expect(calls).toEqual([`prefetch ${path.join(tmp, 'cfg')}`, `build ${path.join(tmp, 'cfg')}`]);
});
