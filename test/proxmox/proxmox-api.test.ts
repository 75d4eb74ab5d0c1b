import { TerraformStack, Testing } from 'cdktf';
import type { App } from 'cdktf';
import { API_TOKEN_PATTERN, DEFAULT_API_TOKEN_VARIABLE, ProxmoxApi } from '../../lib/proxmox/proxmox-api';
import { synthJson } from './synth';

function api(props: ConstructorParameters<typeof ProxmoxApi>[2]) {
  const stack = new TerraformStack(Testing.app() as App, 'test');
  new ProxmoxApi(stack, 'Proxmox', props);
  return synthJson(stack);
}

describe('ProxmoxApi', () => {
  it('takes the token from a sensitive variable, never from the config', () => {
    const json = api({ endpoint: 'https://pve.example.internal:8006' });
    expect(DEFAULT_API_TOKEN_VARIABLE).toBe('proxmox_api_token');
    expect(json.variable?.proxmox_api_token).toMatchObject({
      type: 'string',
      sensitive: true,
      nullable: false,
      description: 'Proxmox VE API token, user@realm!tokenid=uuid (set TF_VAR_proxmox_api_token).',
    });
    expect(json.provider?.proxmox).toEqual([
      { endpoint: 'https://pve.example.internal:8006', insecure: false, api_token: '${var.proxmox_api_token}' },
    ]);
    expect((json.terraform?.required_providers as Record<string, unknown>).proxmox).toEqual({
      source: 'bpg/proxmox',
      version: '0.111.1',
    });
  });

  it('validates the token format without printing it', () => {
    const json = api({ endpoint: 'https://pve:8006' });
    const validation = (
      json.variable?.proxmox_api_token.validation as { condition: string; error_message: string }[]
    )[0];
    expect(validation.error_message).toBe(
      'The Proxmox API token must look like user@realm!tokenid=uuid (TF_VAR_proxmox_api_token).',
    );
    expect(validation.condition).toContain('can(regex(');
    const pattern = new RegExp(API_TOKEN_PATTERN);
    expect(pattern.test('terraform@pve!platform=0c4b1f6e-2a8c-4d1e-9b7a-3f5e6d7c8b9a')).toBe(true);
    expect(pattern.test('terraform@pve!platform')).toBe(false);
    expect(pattern.test('0c4b1f6e-2a8c-4d1e-9b7a-3f5e6d7c8b9a')).toBe(false);
  });

  it('supports a custom variable name, insecure TLS and an SSH agent user', () => {
    const json = api({
      endpoint: 'https://pve:8006/',
      insecure: true,
      apiTokenVariableName: 'pve_token',
      sshUsername: 'root',
    });
    expect(json.variable).toHaveProperty('pve_token');
    expect(json.provider?.proxmox).toEqual([
      {
        endpoint: 'https://pve:8006',
        insecure: true,
        api_token: '${var.pve_token}',
        ssh: { agent: true, username: 'root' },
      },
    ]);
  });

  it('rejects an endpoint with /api2/json', () => {
    expect(() => api({ endpoint: 'https://pve:8006/api2/json' })).toThrow(
      'test/Proxmox: endpoint: `https://pve:8006/api2/json` ends in /api2/json. Expected the base URL of the Proxmox ' +
        'API, like `https://pve.example.internal:8006`. Fix: write `https://pve:8006`: CAPMOX and the Terraform ' +
        'provider append /api2/json themselves.',
    );
  });

  it('rejects what validate rejects: plain http, a path, a query, no URL at all', () => {
    expect(() => api({ endpoint: 'http://pve:8006' })).toThrow(
      'test/Proxmox: endpoint: `http://pve:8006` is not https',
    );
    expect(() => api({ endpoint: 'https://pve:8006/pve' })).toThrow('has a path, query or fragment');
    expect(() => api({ endpoint: 'https://pve:8006?x=1' })).toThrow('has a path, query or fragment');
    expect(() => api({ endpoint: 'pve:8006' })).toThrow('test/Proxmox: endpoint: `pve:8006`');
  });
});
