// newSecret with the real sops and age (npm run test:tools, tools from $TOOLS_DIR/bin).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { newSecret } from '../../lib/secrets/new-secret';
import { describeWithTools } from '../conformance/tools';
import { SOPS, rmrf, tempRepo, testAgeKey } from './helpers';

describeWithTools(['sops', 'age-keygen'], 'newSecret with the real sops and age (conformance)', () => {
  let key: ReturnType<typeof testAgeKey>;
  let root: string;
  beforeAll(() => {
    key = testAgeKey();
    root = tempRepo(key.recipient);
  });
  afterAll(() => rmrf(root, key.dir));

  test('encrypts for the .sops.yaml recipient, writes only ciphertext, and decrypts back to the input', () => {
    const token = 'token-value-0123456789';
    fs.writeFileSync(path.join(key.dir, 'ca.pem'), 'line1\nline2\n');
    const result = newSecret({
      repoRoot: root,
      cwd: root,
      name: 'demo',
      namespace: 'demo-ns',
      labels: { 'argocd.argoproj.io/secret-type': 'repository' },
      fromEnv: ['token=DEMO_TOKEN'],
      fromFile: [`ca.crt=${path.join(key.dir, 'ca.pem')}`],
      literals: { type: 'git' },
      sopsBinary: SOPS,
      env: { DEMO_TOKEN: token, PATH: process.env.PATH },
    });
    expect(result).toEqual({
      file: 'platform/secrets/demo.sops.yaml',
      keys: ['ca.crt', 'token', 'type'],
      recipients: [`age:${key.recipient}`],
      sops: SOPS,
    });
    const file = path.join(root, result.file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain(Buffer.from(token).toString('base64'));
    expect(text).toMatch(/^ {2}token: ENC\[AES256_GCM,/m);
    expect(text).toMatch(/^ {2}name: demo$/m); // metadata stays readable, 2-space indents (.sops.yaml stores.yaml.indent)
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['demo.sops.yaml']);

    const dec = spawnSync(SOPS, ['decrypt', file], {
      encoding: 'utf8',
      env: { ...process.env, SOPS_AGE_KEY_FILE: key.keyFile },
    });
    expect(dec.status).toBe(0);
    expect(parse(dec.stdout)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'demo', namespace: 'demo-ns', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
      type: 'Opaque',
      data: {
        'ca.crt': Buffer.from('line1\nline2\n').toString('base64'),
        token: Buffer.from(token).toString('base64'),
        type: Buffer.from('git').toString('base64'),
      },
    });
  });

  test('without the key, nobody decrypts it', () => {
    const other = testAgeKey();
    try {
      const dec = spawnSync(SOPS, ['decrypt', path.join(root, 'platform/secrets/demo.sops.yaml')], {
        encoding: 'utf8',
        env: { ...process.env, SOPS_AGE_KEY_FILE: other.keyFile },
      });
      expect(dec.status).not.toBe(0);
    } finally {
      rmrf(other.dir);
    }
  });

  test('--force replaces, a sops failure writes nothing and shows no value', () => {
    const env = { DEMO_TOKEN: 'second-value-987654', PATH: process.env.PATH };
    const opts = {
      repoRoot: root,
      cwd: root,
      name: 'demo',
      namespace: 'demo-ns',
      fromEnv: ['token=DEMO_TOKEN'],
      sopsBinary: SOPS,
      env,
    };
    expect(newSecret({ ...opts, force: true }).keys).toEqual(['token']);
    const bad = tempRepo('age1notarealrecipient');
    try {
      let message = '';
      try {
        newSecret({ ...opts, repoRoot: bad, cwd: bad });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^sops encrypt failed \(exit \d+\): .*Nothing was written\.$/);
      expect(message).not.toContain('second-value-987654');
      expect(fs.existsSync(path.join(bad, 'platform'))).toBe(false);
    } finally {
      rmrf(bad);
    }
  });
});
