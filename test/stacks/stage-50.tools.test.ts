// Stage 50 (50-argo) with the real tools (npm run test:tools): `tofu validate` with the real hashicorp/helm and
// hashicorp/kubernetes providers from the filesystem mirror of $TOOLS_DIR (default .tools).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TOFURC, describeWithTools, toolPath } from '../conformance/tools';
import { synthStage } from './stage-50-fixtures';

describeWithTools(['tofu', 'tofurc'], 'stage 50 (https repository) with the real tofu', () => {
  const { dir } = synthStage();
  const TOFU = toolPath('tofu');

  test('tofu validate passes with the real helm and kubernetes providers', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-50-validate-'));
    fs.cpSync(dir, scratch, { recursive: true });
    const file = path.join(scratch, 'cdk.tf.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete config.terraform.backend;
    fs.writeFileSync(file, JSON.stringify(config));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: TOFURC, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    const init = spawnSync(TOFU, ['init', '-input=false', '-backend=false'], { cwd: scratch, env, encoding: 'utf8' });
    expect(`${init.stdout}${init.stderr}`).toContain('initialized');
    expect(init.status).toBe(0);
    const validate = spawnSync(TOFU, ['validate', '-json'], { cwd: scratch, env, encoding: 'utf8' });
    const result = JSON.parse(validate.stdout);
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
