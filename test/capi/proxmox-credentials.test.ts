import { Construct } from 'constructs';
import { Testing } from 'cdktf';
import { ClusterProviders } from '../../lib/bridge/cluster-providers';
import {
  CAPMOX_CREDENTIAL_KEYS,
  DEFAULT_PROXMOX_CREDENTIALS_SECRET,
  PROXMOX_TOKEN_ID_VARIABLE,
  PROXMOX_TOKEN_SECRET_VARIABLE,
  ProxmoxCredentials,
  checkProxmoxUrl,
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
      credentials = ProxmoxCredentials.fromTerraformVariables(scope, 'Credentials', { providers, url: 'https://pve.example:8006' });
    }),
  );

  test('two sensitive variables with the documented names', () => {
    expect(Object.keys(json.variable).sort()).toEqual([PROXMOX_TOKEN_ID_VARIABLE, PROXMOX_TOKEN_SECRET_VARIABLE]);
    expect(PROXMOX_TOKEN_ID_VARIABLE).toBe('proxmox_api_token_id');
    expect(PROXMOX_TOKEN_SECRET_VARIABLE).toBe('proxmox_api_token_secret');
    for (const v of Object.values(json.variable) as Json[]) {
      expect(v).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    }
  });

  test('a kubernetes_secret_v1 with the CAPMOX keys, values only from variables', () => {
    const secret = Object.values(json.resource.kubernetes_secret_v1)[0] as Json;
    expect(secret.metadata).toMatchObject({ name: DEFAULT_PROXMOX_CREDENTIALS_SECRET, namespace: 'capmox-system' });
    expect(secret.type).toBe('Opaque');
    expect(secret.data).toEqual({
      PROXMOX_URL: 'https://pve.example:8006',
      PROXMOX_TOKEN: '${var.proxmox_api_token_id}',
      PROXMOX_SECRET: '${var.proxmox_api_token_secret}',
    });
    expect(CAPMOX_CREDENTIAL_KEYS).toEqual({ url: 'PROXMOX_URL', tokenId: 'PROXMOX_TOKEN', tokenSecret: 'PROXMOX_SECRET' });
    expect(credentials.secretRef).toEqual({ name: 'capmox-credentials', namespace: 'capmox-system' });
    expect(credentials.delivery).toBe('terraform');
  });

  test('URL checks', () => {
    expect(() => checkProxmoxUrl('https://pve.example:8006/api2/json', 'x')).toThrow(
      'x: Proxmox URL "https://pve.example:8006/api2/json" ends in /api2/json, which CAPMOX appends itself. Expected "https://pve.example:8006". Fix: drop the /api2/json suffix.',
    );
    expect(() => checkProxmoxUrl('pve.example:8006', 'x')).toThrow(
      'x: Proxmox URL "pve.example:8006" is not an http(s) URL. Expected e.g. "https://pve.example.internal:8006".',
    );
    expect(() => checkProxmoxUrl('ftp://pve.example', 'x')).toThrow('is not an http(s) URL');
    expect(() => checkProxmoxUrl('http://10.0.0.2:8006/', 'x')).not.toThrow();
  });

  test('the factory checks the URL', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        const providers = new ClusterProviders(scope, 'Mgmt', { kubernetesClient: client });
        ProxmoxCredentials.fromTerraformVariables(scope, 'Credentials', { providers, url: 'https://pve:8006/api2/json/' });
      }),
    ).toThrow('ends in /api2/json, which CAPMOX appends itself');
  });
});

describe('ProxmoxCredentials.fromSopsFile', () => {
  test('references the encrypted file; nothing created', () => {
    const root = new Construct(undefined as unknown as Construct, '');
    const c = ProxmoxCredentials.fromSopsFile(root, 'Credentials', { encryptedFile: 'platform/secrets/capmox-credentials.sops.yaml' });
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
    expect(() => ProxmoxCredentials.fromSopsFile(root, 'D', { encryptedFile: 'platform/secrets/../x.sops.yaml' })).toThrow(
      'is not where .sops.yaml encrypts Secrets',
    );
  });
});
