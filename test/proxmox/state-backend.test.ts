import { TerraformOutput, Testing } from 'cdktf';
import type { App } from 'cdktf';
import {
  DEFAULT_KEY_PREFIX,
  DEFAULT_LOCAL_STATE_DIRECTORY,
  DEFAULT_PG_SCHEMA_PREFIX,
  STATE_DIR_CONTEXT,
  StateBackend,
  TERRAFORM_OUTDIR_CONTEXT,
} from '../../lib/core/state-backend';
import { StageStack } from '../../stacks/stage-stack';

function backendOf(backend: StateBackend | undefined, id = '00-proxmox-foundation'): Record<string, unknown> {
  // The default project layout: cdktf.out in the project root, which holds the state files.
  const context = { [TERRAFORM_OUTDIR_CONTEXT]: '/project/cdktf.out', [STATE_DIR_CONTEXT]: '/project' };
  const stack = new StageStack(Testing.app({ context }) as App, id, { backend });
  new TerraformOutput(stack, 'x', { value: 1 });
  const json = JSON.parse(Testing.synth(stack)) as { terraform: { backend: Record<string, unknown> } };
  return json.terraform.backend;
}

describe('StateBackend', () => {
  it('defaults to a local state file in the project root, as a relative path (same output on every machine)', () => {
    expect(DEFAULT_LOCAL_STATE_DIRECTORY).toBe('../../..');
    expect(backendOf(undefined)).toEqual({ local: { path: '../../../terraform.00-proxmox-foundation.tfstate' } });
    expect(backendOf(StateBackend.local({ directory: '/var/lib/platform-state/' }))).toEqual({
      local: { path: '/var/lib/platform-state/terraform.00-proxmox-foundation.tfstate' },
    });
    expect(() => StateBackend.local({ directory: '' })).toThrow(
      'StateBackend.local: directory "" is empty (expected a folder path, absolute or relative to cdktf.out/stacks/<stack>).',
    );
  });

  it('S3: one key per stage, encrypted by default, no credentials', () => {
    expect(DEFAULT_KEY_PREFIX).toBe('talos-platform/');
    expect(backendOf(StateBackend.s3({ bucket: 'tf-state', region: 'eu-west-1' }))).toEqual({
      s3: {
        bucket: 'tf-state',
        key: 'talos-platform/00-proxmox-foundation.tfstate',
        region: 'eu-west-1',
        encrypt: true,
      },
    });
    expect(() => StateBackend.s3({ bucket: ' ' })).toThrow(
      'StateBackend.s3: bucket is empty (expected a non-empty string). Fix: set bucket.',
    );
  });

  it('HTTP: {stack} is filled in every address', () => {
    const backend = StateBackend.http({
      address: 'https://gitlab.example/api/v4/projects/1/terraform/state/{stack}',
      lockAddress: 'https://gitlab.example/api/v4/projects/1/terraform/state/{stack}/lock',
      unlockAddress: 'https://gitlab.example/api/v4/projects/1/terraform/state/{stack}/lock',
      lockMethod: 'POST',
      unlockMethod: 'DELETE',
      username: 'platform',
    });
    expect(backendOf(backend, '10-mgmt-talos')).toEqual({
      http: {
        address: 'https://gitlab.example/api/v4/projects/1/terraform/state/10-mgmt-talos',
        lock_address: 'https://gitlab.example/api/v4/projects/1/terraform/state/10-mgmt-talos/lock',
        unlock_address: 'https://gitlab.example/api/v4/projects/1/terraform/state/10-mgmt-talos/lock',
        lock_method: 'POST',
        unlock_method: 'DELETE',
        username: 'platform',
      },
    });
    expect(() => StateBackend.http({ address: 'https://state.example/platform' })).toThrow(
      'StateBackend.http: address "https://state.example/platform" has no {stack} placeholder (expected one, because ' +
        'every stage needs its own state).',
    );
  });

  it('PostgreSQL: a schema per stage, no password in the connection string', () => {
    expect(DEFAULT_PG_SCHEMA_PREFIX).toBe('tf_');
    expect(backendOf(StateBackend.pg(), '10-mgmt-talos')).toEqual({ pg: { schema_name: 'tf_10_mgmt_talos' } });
    expect(backendOf(StateBackend.pg({ connStr: 'postgres://terraform@db/state?sslmode=require' }))).toEqual({
      pg: { conn_str: 'postgres://terraform@db/state?sslmode=require', schema_name: 'tf_00_proxmox_foundation' },
    });
    expect(() => StateBackend.pg({ connStr: 'postgres://terraform:secret@db/state' })).toThrow(
      'StateBackend.pg: connStr holds a password (expected none, because backend settings are written to cdk.tf.json ' +
        'in plain text). Fix: drop connStr and export PG_CONN_STR, or use PGPASSWORD / ~/.pgpass.',
    );
    expect(() => StateBackend.pg({ connStr: 'host=db user=tf password=secret' })).toThrow('connStr holds a password');
  });

  it('kind names the backend type', () => {
    expect(StateBackend.local().kind).toBe('local');
    expect(StateBackend.s3({ bucket: 'b' }).kind).toBe('s3');
    expect(StateBackend.http({ address: 'https://x/{stack}' }).kind).toBe('http');
    expect(StateBackend.pg().kind).toBe('pg');
  });
});
