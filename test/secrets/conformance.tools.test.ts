/**
 * Conformance: a Secret made by `secrets new` with a throwaway age key decrypts with the real sops back to its input,
 * and a synthesized GitOps tree refers to it correctly (kustomization + KSOPS generator + byte-identical copy).
 * The tree is also built with the pinned kustomize, `kustomize build --enable-alpha-plugins --enable-exec`, as Argo CD's
 * repo-server runs it, with a KSOPS stand-in (test/fixtures/secrets/ksops-stand-in.cjs; the real KSOPS cannot be built
 * here). Runs under `npm run test:tools` with the tools of $TOOLS_DIR/bin.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { parse } from 'yaml';
import { GitOpsChart } from '../../lib/core/synth/gitops-chart';
import { renderGitOpsTree } from '../../lib/core/synth/gitops-writer';
import { writeFiles } from '../../lib/core/synth/output-dir';
import { collectValidationErrors } from '../../lib/core/synth/validate-tree';
import { newSecret } from '../../lib/secrets/new-secret';
import { plaintextGuard } from '../../lib/secrets/plaintext-guard';
import { collectSecretTodos } from '../../lib/secrets/secret-todos';
import { SopsSecret } from '../../lib/secrets/sops-secret';
import { describeWithTools, toolPath } from '../conformance/tools';
import { REPO_ROOT, SOPS, rmrf, tempRepo, testAgeKey } from './helpers';

describeWithTools(
  ['sops', 'age-keygen', 'kustomize'],
  'secrets new -> SopsSecret -> GitOps tree (real sops and age)',
  () => {
    const canary = `canary-proxmox-secret-${process.pid}-0123456789`;
    let key: ReturnType<typeof testAgeKey>;
    let root: string;
    let dist: string;
    let tree: Map<string, string>;

    beforeAll(() => {
      key = testAgeKey();
      root = tempRepo(key.recipient);
      dist = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-dist-'));
      newSecret({
        repoRoot: root,
        cwd: root,
        name: 'capmox-credentials',
        namespace: 'capmox-system',
        fromEnv: ['PROXMOX_URL=PROXMOX_URL', 'PROXMOX_TOKEN=PROXMOX_TOKEN', 'PROXMOX_SECRET=PROXMOX_SECRET'],
        sopsBinary: SOPS,
        env: {
          PATH: process.env.PATH,
          PROXMOX_URL: 'https://pve.example.internal:8006',
          PROXMOX_TOKEN: 'capmox@pve!capi',
          PROXMOX_SECRET: canary,
        },
      });
      const app = new App();
      const chart = new GitOpsChart(app, 'platform', { outputPath: 'platform/apps.yaml' });
      new SopsSecret(chart, 'capmox', { name: 'capmox-credentials', namespace: 'capmox-system', repoRoot: root });
      new SopsSecret(chart, 'dns', { name: 'cloudflare-api-token', namespace: 'external-dns', repoRoot: root });
      expect(collectValidationErrors(app)).toEqual([]);
      tree = renderGitOpsTree(app);
      writeFiles(dist, tree);
      expect(collectSecretTodos(app).map((t) => t.file)).toEqual(['platform/secrets/cloudflare-api-token.sops.yaml']);
    });
    afterAll(() => rmrf(root, dist, key.dir));

    test('the tree holds the kustomization, the generator and a byte-identical copy; nothing for the missing one', () => {
      expect([...tree.keys()]).toEqual([
        'platform/secrets/capmox-credentials.ksops.yaml',
        'platform/secrets/capmox-credentials.sops.yaml',
        'platform/secrets/kustomization.yaml',
      ]);
      const source = fs.readFileSync(path.join(root, 'platform/secrets/capmox-credentials.sops.yaml'));
      expect(fs.readFileSync(path.join(dist, 'platform/secrets/capmox-credentials.sops.yaml')).equals(source)).toBe(
        true,
      );
      expect(parse(tree.get('platform/secrets/kustomization.yaml')!).generators).toEqual([
        './capmox-credentials.ksops.yaml',
      ]);
      expect(parse(tree.get('platform/secrets/capmox-credentials.ksops.yaml')!).files).toEqual([
        './capmox-credentials.sops.yaml',
      ]);
    });

    test('the copy decrypts with sops back to the input', () => {
      const dec = spawnSync(SOPS, ['decrypt', path.join(dist, 'platform/secrets/capmox-credentials.sops.yaml')], {
        encoding: 'utf8',
        env: { ...process.env, SOPS_AGE_KEY_FILE: key.keyFile },
      });
      expect(dec.status).toBe(0);
      const secret = parse(dec.stdout);
      expect(secret.metadata).toEqual({ name: 'capmox-credentials', namespace: 'capmox-system' });
      expect(Buffer.from(secret.data.PROXMOX_SECRET, 'base64').toString()).toBe(canary);
      expect(Buffer.from(secret.data.PROXMOX_URL, 'base64').toString()).toBe('https://pve.example.internal:8006');
    });

    test('the plaintext guard passes the tree, and the canary is nowhere in it', () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-tf-'));
      try {
        expect(plaintextGuard({ env: { PROXMOX_SECRET: canary } })({ tfOutdir: empty, k8sOutdir: dist })).toEqual([]);
      } finally {
        rmrf(empty);
      }
      for (const text of tree.values()) {
        expect(text).not.toContain(canary);
        expect(text).not.toContain(Buffer.from(canary).toString('base64'));
      }
    });

    const kustomize = toolPath('kustomize');
    test('kustomize build with KSOPS decrypts it', () => {
      const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'tpc-ksops-'));
      try {
        const standIn = path.join(REPO_ROOT, 'test/fixtures/secrets/ksops-stand-in.cjs');
        fs.writeFileSync(path.join(bin, 'ksops'), `#!/bin/sh\nexec "${process.execPath}" "${standIn}" "$@"\n`, {
          mode: 0o755,
        });
        const run = spawnSync(
          kustomize,
          ['build', '--enable-alpha-plugins', '--enable-exec', path.join(dist, 'platform/secrets')],
          {
            encoding: 'utf8',
            env: {
              ...process.env,
              PATH: `${bin}${path.delimiter}${process.env.PATH}`,
              SOPS_BINARY: SOPS,
              SOPS_AGE_KEY_FILE: key.keyFile,
              YAML_MODULE: require.resolve('yaml'),
            },
          },
        );
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        const secret = parse(run.stdout);
        expect(secret).toMatchObject({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'capmox-credentials', namespace: 'capmox-system' },
        });
        expect(Buffer.from(secret.data.PROXMOX_SECRET, 'base64').toString()).toBe(canary);
      } finally {
        rmrf(bin);
      }
    });
  },
);
