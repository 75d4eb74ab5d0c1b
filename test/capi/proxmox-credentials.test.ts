import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { Testing } from 'cdktf';
import { ClusterProviders } from '../../lib/bridge/cluster-providers';
import {
  CAPMOX_CREDENTIAL_KEYS,
  CAPMOX_TOKEN_ID_VARIABLE,
  CAPMOX_TOKEN_SECRET_VARIABLE,
  ProxmoxCredentials,
  checkProxmoxTokenId,
  checkProxmoxUrl,
  proxmoxCredentialsSecretName,
} from '../../lib/capi/proxmox-credentials';

// Synthesized JSON is untyped; tests read it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const client = { host: 'https://10.0.0.10:6443', caCertificate: 'CA', clientCertificate: 'CERT', clientKey: 'KEY' };

describe('ProxmoxCredentials.fromTerraformVariables', () => {
  let credentials!: ProxmoxCredentials;
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      const providers = new ClusterProviders(scope, 'Mgmt', { kubernetesClient: client });
      credentials = ProxmoxCredentials.fromTerraformVariables(scope, 'Credentials', {
        providers,
        url: 'https://pve.example:8006',
        tokenId: 'capmox@pve!capi',
      });
    }),
  );

  test('two sensitive variables named after CAPMOX (proxmox_api_token is the Terraform token)', () => {
    expect(Object.keys(json.variable).sort()).toEqual([CAPMOX_TOKEN_ID_VARIABLE, CAPMOX_TOKEN_SECRET_VARIABLE]);
    expect([CAPMOX_TOKEN_ID_VARIABLE, CAPMOX_TOKEN_SECRET_VARIABLE]).toEqual([
      'capmox_token_id',
      'capmox_token_secret',
    ]);
    for (const v of Object.values(json.variable) as Json[]) {
      expect(v).toMatchObject({ type: 'string', sensitive: true, nullable: false });
      expect(v).not.toHaveProperty('default');
    }
  });

  test('a kubernetes_secret_v1 with the CAPMOX keys, values only from variables', () => {
    const secret = Object.values(json.resource.kubernetes_secret_v1)[0] as Json;
    // sha256("capmox@pve!capi") starts with the ten hex digits of the name.
    const name = `capmox-credentials-${createHash('sha256').update('capmox@pve!capi').digest('hex').slice(0, 10)}`;
    expect(secret.metadata).toMatchObject({ name, namespace: 'capmox-system' });
    expect(secret.type).toBe('Opaque');
    expect(secret.data).toEqual({
      PROXMOX_URL: 'https://pve.example:8006',
      PROXMOX_TOKEN: '${var.capmox_token_id}',
      PROXMOX_SECRET: '${var.capmox_token_secret}',
    });
    // The plan stops when the id variable is another token than the one the name is for.
    expect(secret.lifecycle).toEqual({
      create_before_destroy: true,
      precondition: [
        {
          condition: `\${substr(sha256(var.capmox_token_id), 0, 10) == "${name.slice('capmox-credentials-'.length)}"}`,
          error_message:
            'TF_VAR_capmox_token_id is not the token the spec names (proxmox.capmoxTokenId: capmox@pve!capi). Set it ' +
            'to that id, or to rotate put the new id in the spec first (docs/runbooks/capmox-credentials.md).',
        },
      ],
    });
    expect(CAPMOX_CREDENTIAL_KEYS).toEqual({
      url: 'PROXMOX_URL',
      tokenId: 'PROXMOX_TOKEN',
      tokenSecret: 'PROXMOX_SECRET',
    });
    expect(credentials.secretRef).toEqual({ name, namespace: 'capmox-system' });
    expect(credentials.delivery).toBe('terraform');
  });

  test('URL checks: the rule the spec check runs', () => {
    expect(() => checkProxmoxUrl('https://pve.example:8006/api2/json', 'x')).toThrow(
      'x: url: `https://pve.example:8006/api2/json` ends in /api2/json. Expected the base URL of the Proxmox API',
    );
    expect(() => checkProxmoxUrl('pve.example:8006', 'x')).toThrow('x: url: `pve.example:8006` is not a URL.');
    expect(() => checkProxmoxUrl('ftp://pve.example', 'x')).toThrow('is not https');
    // Plain http would send the token in clear text: validate refuses it, so the construct does too.
    expect(() => checkProxmoxUrl('http://10.0.0.2:8006/', 'x')).toThrow('is not https');
    expect(() => checkProxmoxUrl('https://10.0.0.2:8006/', 'x')).not.toThrow();
  });

  test('the factory checks the URL', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const providers = new ClusterProviders(scope, 'Mgmt', { kubernetesClient: client });
        ProxmoxCredentials.fromTerraformVariables(scope, 'Credentials', {
          providers,
          url: 'https://pve:8006/api2/json/',
          tokenId: 'capmox@pve!capi',
        });
      }),
    ).toThrow('ends in /api2/json. Expected the base URL of the Proxmox API');
  });

  test('a new token id is a new Secret name; the secret never enters it', () => {
    expect(proxmoxCredentialsSecretName('capmox@pve!capi')).toMatch(/^capmox-credentials-[0-9a-f]{10}$/);
    expect(proxmoxCredentialsSecretName('capmox@pve!capi-2027')).not.toBe(
      proxmoxCredentialsSecretName('capmox@pve!capi'),
    );
  });

  test('token ids are checked; the combined id=secret form is refused without echoing the secret', () => {
    expect(() => checkProxmoxTokenId('capmox@pve', 'x')).toThrow(
      'x: Proxmox token id "capmox@pve" is not "<user>@<realm>!<token-name>". Expected e.g. "capmox@pve!capi".',
    );
    const combined = 'capmox@pve!capi=0c4b1c3e-1111-2222-3333-444455556666';
    expect(() => checkProxmoxTokenId(combined, 'x')).toThrow(
      'give the id only and the secret as TF_VAR_capmox_token_secret',
    );
    expect(() => checkProxmoxTokenId(combined, 'x')).not.toThrow('0c4b1c3e');
    expect(() => checkProxmoxTokenId('root@pam!capi.v2_x', 'x')).not.toThrow();
  });
});

describe('ProxmoxCredentials.fromSopsFile', () => {
  test('references the encrypted file; nothing created', () => {
    const root = new Construct(undefined as unknown as Construct, '');
    const c = ProxmoxCredentials.fromSopsFile(root, 'Credentials', {
      encryptedFile: 'platform/secrets/capmox-credentials.sops.yaml',
    });
    expect(c.delivery).toBe('sops');
    expect(c.encryptedFile).toBe('platform/secrets/capmox-credentials.sops.yaml');
    expect(c.secretRef).toEqual({ name: 'capmox-credentials', namespace: 'capmox-system' });
    expect(c.secret).toBeUndefined();
    expect(c.node.children).toHaveLength(0);
  });

  test('rejects a file outside the SOPS-encrypted folders', () => {
    const root = new Construct(undefined as unknown as Construct, '');
    expect(() => ProxmoxCredentials.fromSopsFile(root, 'C', { encryptedFile: 'creds.yaml' })).toThrow(
      'ProxmoxCredentials.fromSopsFile: encryptedFile "creds.yaml" is not where .sops.yaml encrypts Secrets.',
    );
    expect(() =>
      ProxmoxCredentials.fromSopsFile(root, 'D', { encryptedFile: 'platform/secrets/../x.sops.yaml' }),
    ).toThrow('is not where .sops.yaml encrypts Secrets');
  });
});
