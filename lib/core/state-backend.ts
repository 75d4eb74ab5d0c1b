import * as path from 'path';
import { App, HttpBackend, LocalBackend, PgBackend, S3Backend } from 'cdktf';
import type { TerraformBackend, TerraformStack } from 'cdktf';
import { definedProps } from './defined-props';

/**
 * App context key: the final Terraform output folder (absolute). `synthesizeApps` sets it because it synthesizes
 * into a staging folder; without it the app's `outdir` is used (the stock `cdktf synth`).
 */
export const TERRAFORM_OUTDIR_CONTEXT = 'talos-platform-cdk:terraformOutdir';
/**
 * App context key: the folder of local state files (absolute). Without it: `$TPC_STATE_DIR`, else the working
 * directory (the project root under `npm run` and `cdktf synth`).
 */
export const STATE_DIR_CONTEXT = 'talos-platform-cdk:stateDir';

/**
 * Where a stage keeps its Terraform state. Later stages read earlier ones through `terraform_remote_state` with the
 * same settings, so every stage of a platform uses the same kind of backend.
 *
 * Backend blocks cannot reference variables, so nothing secret goes in here: credentials come from the environment
 * at `tofu init` / `plan` time (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` for S3, `TF_HTTP_USERNAME` /
 * `TF_HTTP_PASSWORD` for HTTP, `PG_CONN_STR` or the libpq `PG*` variables for PostgreSQL). The factories only accept
 * non-secret settings for that reason.
 *
 * @example
 * new MgmtTalosStack(app, '10-mgmt-talos', { config, image: foundation.image, backend: StateBackend.s3({ bucket: 'tf', region: 'eu-west-1' }) });
 */
export class StateBackend {
  /**
   * State files on the local disk, `terraform.<stack>.tfstate`. By default in the project root (the state folder of
   * the app, see {@link STATE_DIR_CONTEXT}) wherever the Terraform output folder is, written as a path relative to
   * the stack folder so the JSON is the same on every machine: `../../..` for `cdktf.out` in the project root.
   * State never lives inside a stack folder, which synth rewrites.
   */
  public static local(options: LocalStateOptions = {}): StateBackend {
    if (options.directory === undefined) {
      return new StateBackend('local', (stack) => {
        return new LocalBackend(stack, { path: `${defaultStateDirectory(stack)}/terraform.${stack.node.id}.tfstate` });
      });
    }
    const directory = trimTrailingSlash(options.directory);
    if (directory === '') {
      throw new Error(
        `StateBackend.local: directory "${options.directory}" is empty (expected a folder path, absolute or ` +
          `relative to cdktf.out/stacks/<stack>). Fix: omit it to use "${DEFAULT_LOCAL_STATE_DIRECTORY}".`,
      );
    }
    return new StateBackend('local', (stack) => {
      return new LocalBackend(stack, { path: `${directory}/terraform.${stack.node.id}.tfstate` });
    });
  }

  /** One object per stage in an S3 (or S3-compatible) bucket, key `<keyPrefix><stack>.tfstate`. */
  public static s3(options: S3StateOptions): StateBackend {
    requireText('StateBackend.s3', 'bucket', options.bucket);
    return new StateBackend('s3', (stack) => {
      return new S3Backend(stack, {
        bucket: options.bucket,
        key: `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}${stack.node.id}.tfstate`,
        region: options.region,
        endpoint: options.endpoint,
        encrypt: options.encrypt ?? true,
        usePathStyle: options.usePathStyle,
        useLockfile: options.useLockfile,
        dynamodbTable: options.dynamodbTable,
        skipCredentialsValidation: options.skipCredentialsValidation,
        skipRegionValidation: options.skipRegionValidation,
        skipRequestingAccountId: options.skipRequestingAccountId,
        skipMetadataApiCheck: options.skipMetadataApiCheck,
      } as ConstructorParameters<typeof S3Backend>[1]);
    });
  }

  /**
   * An HTTP state server (GitLab, Terraform-compatible services). `address` and the lock addresses are templates in
   * which `{stack}` is replaced by the stack id, e.g. `https://gitlab.example/api/v4/projects/1/terraform/state/{stack}`.
   */
  public static http(options: HttpStateOptions): StateBackend {
    requireText('StateBackend.http', 'address', options.address);
    if (!options.address.includes(STACK_PLACEHOLDER)) {
      throw new Error(
        `StateBackend.http: address "${options.address}" has no ${STACK_PLACEHOLDER} placeholder (expected one, ` +
          'because every stage needs its own state). Fix: add it, e.g. ".../terraform/state/{stack}".',
      );
    }
    return new StateBackend('http', (stack) => {
      const fill = (template: string | undefined): string | undefined =>
        template?.split(STACK_PLACEHOLDER).join(stack.node.id);
      return new HttpBackend(
        stack,
        definedProps({
          address: fill(options.address) as string,
          lockAddress: fill(options.lockAddress),
          unlockAddress: fill(options.unlockAddress),
          lockMethod: options.lockMethod,
          unlockMethod: options.unlockMethod,
          updateMethod: options.updateMethod,
          username: options.username,
          skipCertVerification: options.skipCertVerification,
        }),
      );
    });
  }

  /**
   * PostgreSQL. Each stage gets its own schema, `<schemaPrefix><stack>` with `-` replaced by `_`. The connection
   * string comes from `PG_CONN_STR` (or the libpq `PG*` variables) unless `connStr` is given, which must then hold no
   * password.
   */
  public static pg(options: PgStateOptions = {}): StateBackend {
    if (options.connStr !== undefined && hasPassword(options.connStr)) {
      throw new Error(
        'StateBackend.pg: connStr holds a password (expected none, because backend settings are written to ' +
          'cdk.tf.json in plain text). Fix: drop connStr and export PG_CONN_STR, or use PGPASSWORD / ~/.pgpass.',
      );
    }
    return new StateBackend('pg', (stack) => {
      const schemaName = `${options.schemaPrefix ?? DEFAULT_PG_SCHEMA_PREFIX}${stack.node.id}`.replace(
        /[^a-zA-Z0-9_]/g,
        '_',
      );
      return new PgBackend(stack, { connStr: options.connStr, schemaName } as ConstructorParameters<
        typeof PgBackend
      >[1]);
    });
  }

  private constructor(
    /** `local`, `s3`, `http` or `pg`. */
    public readonly kind: string,
    private readonly create: (stack: TerraformStack) => TerraformBackend,
  ) {}

  /** Adds the backend to `stack` (once; a stack has exactly one backend) and returns it. */
  public bind(stack: TerraformStack): TerraformBackend {
    return this.create(stack);
  }
}

/** Options of {@link StateBackend.local}. */
export interface LocalStateOptions {
  /**
   * Folder of the state files, absolute or relative to the stack folder `cdktf.out/stacks/<stack>`.
   * @default - the project root (the app's state folder), relative to the stack folder: "../../.." for `cdktf.out`
   */
  readonly directory?: string | undefined;
}

/** Options of {@link StateBackend.s3}. Credentials: `AWS_*` environment variables or a profile, never here. */
export interface S3StateOptions {
  /** Bucket name. */
  readonly bucket: string;
  /**
   * Prefix of every stage's key.
   * @default "talos-platform/"
   */
  readonly keyPrefix?: string | undefined;
  /**
   * Bucket region.
   * @default - from `AWS_REGION` / the profile
   */
  readonly region?: string | undefined;
  /**
   * Custom endpoint for S3-compatible stores (MinIO, Ceph RGW).
   * @default - AWS
   */
  readonly endpoint?: string | undefined;
  /**
   * Server-side encryption of the state object.
   * @default true
   */
  readonly encrypt?: boolean | undefined;
  /**
   * Path-style addressing (MinIO and most S3-compatible stores need it).
   * @default false
   */
  readonly usePathStyle?: boolean | undefined;
  /**
   * S3-native state locking (a `.tflock` object; OpenTofu 1.10+ / Terraform 1.10+).
   * @default false
   */
  readonly useLockfile?: boolean | undefined;
  /**
   * DynamoDB table for state locking.
   * @default - no DynamoDB locking
   */
  readonly dynamodbTable?: string | undefined;
  /** @default false */
  readonly skipCredentialsValidation?: boolean | undefined;
  /** @default false */
  readonly skipRegionValidation?: boolean | undefined;
  /** @default false */
  readonly skipRequestingAccountId?: boolean | undefined;
  /** @default false */
  readonly skipMetadataApiCheck?: boolean | undefined;
}

/** Options of {@link StateBackend.http}. The password comes from `TF_HTTP_PASSWORD`, never from here. */
export interface HttpStateOptions {
  /** State URL template with a `{stack}` placeholder. */
  readonly address: string;
  /**
   * Lock URL template (`{stack}` placeholder).
   * @default - no locking
   */
  readonly lockAddress?: string | undefined;
  /**
   * Unlock URL template (`{stack}` placeholder).
   * @default - no locking
   */
  readonly unlockAddress?: string | undefined;
  /**
   * HTTP method for locking.
   * @default "LOCK"
   */
  readonly lockMethod?: string | undefined;
  /**
   * HTTP method for unlocking.
   * @default "UNLOCK"
   */
  readonly unlockMethod?: string | undefined;
  /**
   * HTTP method for writing state.
   * @default "POST"
   */
  readonly updateMethod?: string | undefined;
  /**
   * User name for basic auth (the password comes from `TF_HTTP_PASSWORD`).
   * @default - from `TF_HTTP_USERNAME`
   */
  readonly username?: string | undefined;
  /** @default false */
  readonly skipCertVerification?: boolean | undefined;
}

/** Options of {@link StateBackend.pg}. */
export interface PgStateOptions {
  /**
   * Connection string without a password, e.g. `postgres://terraform@db.example/terraform_state?sslmode=require`.
   * @default - from `PG_CONN_STR` / the libpq `PG*` variables
   */
  readonly connStr?: string | undefined;
  /**
   * Prefix of every stage's schema name.
   * @default "tf_"
   */
  readonly schemaPrefix?: string | undefined;
}

/** Relative to `cdktf.out/stacks/<stack>`: the project root. */
export const DEFAULT_LOCAL_STATE_DIRECTORY = '../../..';
/** S3 key prefix: keeps the platform's stages together in a shared bucket. */
export const DEFAULT_KEY_PREFIX = 'talos-platform/';
/** PostgreSQL schema prefix: a schema name must start with a letter, stack ids start with digits. */
export const DEFAULT_PG_SCHEMA_PREFIX = 'tf_';
const STACK_PLACEHOLDER = '{stack}';

/** The state folder relative to `<terraform outdir>/stacks/<stack>`, with `/`. */
function defaultStateDirectory(stack: TerraformStack): string {
  const app = App.of(stack);
  const outdir = (app.node.tryGetContext(TERRAFORM_OUTDIR_CONTEXT) as string | undefined) ?? path.resolve(app.outdir);
  const stateDir =
    (app.node.tryGetContext(STATE_DIR_CONTEXT) as string | undefined) ?? process.env.TPC_STATE_DIR ?? process.cwd();
  const rel = path.relative(path.join(outdir, 'stacks', stack.node.id), path.resolve(stateDir));
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

function trimTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function requireText(where: string, field: string, value: string | undefined): void {
  if (!value || value.trim() === '') {
    throw new Error(`${where}: ${field} is empty (expected a non-empty string). Fix: set ${field}.`);
  }
}

/** `postgres://user:secret@host/...` or `password=...` in a key/value connection string. */
function hasPassword(connStr: string): boolean {
  return /^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(connStr) || /(^|\s)password\s*=/i.test(connStr);
}
