/**
 * Construct-level synth errors may quote input (a token pasted into a label, escape bytes). The CLI prints them
 * masked and escaped, like the spec errors, and still leaves the outputs untouched.
 */
import { Construct } from 'constructs';
import { synthCommand } from '../../lib/cli/synth-command';
import { captureOutput, mainHost, outDirs, rmDir, tmpDir, VALID_FIXTURES_DIR } from './helpers';

const TOKEN = `ghp_${'A1b2C3d4E5f6G7h8I9j0'.repeat(2).slice(0, 36)}`;

test('a construct error quoting a token and an ANSI escape is printed masked and escaped', () => {
  const dirs = outDirs(tmpDir('safe-messages-'));
  try {
    const host = mainHost();
    const leaky = {
      ...host,
      buildPlatform: (configDir: string, apps: Parameters<typeof host.buildPlatform>[1]) => {
        host.buildPlatform(configDir, apps);
        new Construct(apps.k8s, 'Leaky').node.addValidation({
          validate: () => [`label team=${TOKEN} is not allowed \u001b[2Jhere`],
        });
      },
    };
    const {
      result: code,
      stdout,
      stderr,
    } = captureOutput(() =>
      synthCommand({ configDir: VALID_FIXTURES_DIR, tfOutdir: dirs.tfOutdir, k8sOutdir: dirs.k8sOutdir }, leaky),
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: Leaky: label team=ghp_');
    expect(stderr).not.toContain(TOKEN);
    expect(stderr).not.toContain('\u001b');
    expect(stderr).toContain('\\x1b[2Jhere');
  } finally {
    rmDir(dirs.root);
  }
});
