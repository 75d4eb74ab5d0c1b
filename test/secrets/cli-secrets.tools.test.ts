// `secrets new` with a preset and the real sops and age (npm run test:tools, tools from $TOOLS_DIR/bin).
import { EXIT } from '../../lib/cli/run';
import { secretsCheckCommand, secretsNewCommand } from '../../lib/cli/secrets';
import type { SecretsNewCommandOptions } from '../../lib/cli/secrets';
import { describeWithTools } from '../conformance/tools';
import { SOPS, rmrf, tempRepo, testAgeKey } from './helpers';

function io(): { out: string[]; err: string[]; io: { out: (t: string) => void; err: (t: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

const noOpts: SecretsNewCommandOptions = { fromEnv: [], fromFile: [], label: [] };

describeWithTools(['sops', 'age-keygen'], 'secrets new with a preset (real sops)', () => {
  test('fills name, namespace and keys from the preset and the environment; prints no value', async () => {
    const key = testAgeKey();
    const root = tempRepo(key.recipient);
    const saved = { ...process.env };
    Object.assign(process.env, {
      CF_API_TOKEN: 'cf-token-value-abcdef123456',
      SOPS_BINARY: SOPS,
    });
    try {
      const c = io();
      const code = await secretsNewCommand(
        undefined,
        { ...noOpts, preset: 'external-dns-cloudflare', repoRoot: root },
        c.io,
      );
      expect(c.err).toEqual([]);
      expect(code).toBe(EXIT.ok);
      expect(c.out.join('')).toBe(
        'secrets new: wrote platform/secrets/cloudflare-api-token.sops.yaml (Secret external-dns/cloudflare-api-token; ' +
          `keys: api-token; recipients: age:${key.recipient})\n` +
          "Reference it with new SopsSecret(chart, 'cloudflare-api-token', { name: 'cloudflare-api-token', " +
          "namespace: 'external-dns' }) and commit it.\n",
      );
      expect(c.out.join('')).not.toContain('cf-token-value');

      // secrets check accepts it
      const check = io();
      expect(await secretsCheckCommand({ repoRoot: root }, check.io)).toBe(EXIT.ok);
      expect(check.out.join('')).toBe('secrets check: 1 file(s) checked, 0 problem(s)\n');
    } finally {
      process.env = saved;
      rmrf(root, key.dir);
    }
  });
});
