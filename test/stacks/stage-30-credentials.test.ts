import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import type { PlatformConfig } from '../../lib/core/spec/resolved';
import { proxmoxCredentialsSecretName } from '../../lib/capi/proxmox-credentials';
import { build, exampleConfig } from './stage-20-40-fixtures';
import type { Built, Json } from './stage-20-40-fixtures';

function withTokenId(config: PlatformConfig, capmoxTokenId: string): PlatformConfig {
  return { ...config, platform: { ...config.platform, proxmox: { ...config.platform.proxmox, capmoxTokenId } } };
}

/** Stage 30's Secret, and the InfrastructureProvider it delivers through the bridge chart. */
function stage30(built: Built): { secret: Json; infrastructure: Json; json: Json } {
  expect(built.errors).toEqual([]);
  const json = built.stack('30-capmox');
  const secrets = Object.values(json.resource.kubernetes_secret_v1) as Json[];
  expect(secrets).toHaveLength(1);
  const release = Object.values(json.resource.helm_release)[0] as Json;
  const file = path.join(
    built.outdir,
    'stacks',
    '30-capmox',
    release.chart,
    'files',
    '003-infrastructureprovider-proxmox.yaml',
  );
  return { secret: secrets[0], infrastructure: parse(fs.readFileSync(file, 'utf8')), json };
}

describe('stage 30: CAPMOX credentials that rotate', () => {
  const example = stage30(build(exampleConfig()));
  const rotated = stage30(build(withTokenId(exampleConfig(), 'capmox@pve!capi-2027')));

  test('the Secret is named after the token id, and the provider is wired to it (credentials.secretRef)', () => {
    const name = proxmoxCredentialsSecretName('capmox@pve!capi');
    expect(example.secret.metadata).toMatchObject({ name, namespace: 'capmox-system' });
    expect(example.infrastructure.spec.configSecret).toEqual({ name, namespace: 'capmox-system' });
    expect(example.infrastructure.spec.deployment.containers).toEqual([
      {
        name: 'manager',
        env: ['PROXMOX_URL', 'PROXMOX_TOKEN', 'PROXMOX_SECRET'].map((key) => ({
          name: key,
          valueFrom: { secretKeyRef: { name, key } },
        })),
      },
    ]);
  });

  test('a new token id: a new Secret, created before the old one goes, and a new provider spec (pods roll)', () => {
    const name = proxmoxCredentialsSecretName('capmox@pve!capi-2027');
    expect(name).not.toBe(example.secret.metadata.name);
    expect(rotated.secret.metadata.name).toBe(name);
    expect(rotated.secret.lifecycle.create_before_destroy).toBe(true);
    expect(rotated.secret.lifecycle.precondition[0].condition).toContain(
      `"${name.slice('capmox-credentials-'.length)}"`,
    );
    expect(rotated.infrastructure.spec.configSecret.name).toBe(name);
    expect(rotated.infrastructure.spec.deployment.containers[0].env[1].valueFrom.secretKeyRef.name).toBe(name);
  });

  test('id and secret come from sensitive variables; the Secret waits for its namespace; the release for it', () => {
    expect(Object.keys(example.json.variable).sort()).toEqual(['capmox_token_id', 'capmox_token_secret']);
    expect(example.secret.data.PROXMOX_TOKEN).toBe('${var.capmox_token_id}');
    expect(example.secret.data.PROXMOX_SECRET).toBe('${var.capmox_token_secret}');
    expect(example.json.output.required_variables.value).toEqual(['capmox_token_id', 'capmox_token_secret']);
    expect(example.secret.depends_on).toContain('kubernetes_namespace_v1.Namespace-capmox-system');
    const release = Object.values(example.json.resource.helm_release)[0] as Json;
    expect(release.depends_on).toContain(
      `kubernetes_secret_v1.${Object.keys(example.json.resource.kubernetes_secret_v1)[0]}`,
    );
  });
});
