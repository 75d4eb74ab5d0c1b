/** `talos-platform-cdk validate`: prints every spec error, or a one-line summary of what is valid. */
import * as path from 'path';
import { countLabel, formatSpecErrors } from '../core/errors';
import type { SpecError } from '../core/errors';
import { loadPlatformConfig } from '../core/spec/load';
import type { LoadOptions } from '../core/spec/load';
import type { PlatformConfig } from '../core/spec/resolved';

/** Exit codes: 0 valid, 1 invalid input. (2, usage, is the CLI's.) */
export function runValidate(
  configDir: string,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
  options: LoadOptions = {},
): number {
  const result = loadPlatformConfig(configDir, options);
  if (!result.ok) {
    const errors = result.errors.map(relativeFile);
    const files = new Set(errors.map((e) => e.file)).size;
    err.write(`${formatSpecErrors(errors)}\n${countLabel(errors.length, 'error')} in ${countLabel(files, 'file')}\n`);
    return 1;
  }
  out.write(`${summary(result.config)}\n`);
  return 0;
}

/** `OK: platform mgmt (3 control planes), 2 clusters: prod 1 (prod), staging 1 (staging)` */
export function summary(config: PlatformConfig): string {
  const m = config.platform.management;
  const byEnv = new Map<string, string[]>(config.platform.environments.map((e) => [e.name, []]));
  for (const c of config.clusters) byEnv.set(c.environment, [...(byEnv.get(c.environment) ?? []), c.name]);
  const envs = [...byEnv].map(
    ([env, names]) => `${env} ${names.length}${names.length ? ` (${names.join(', ')})` : ''}`,
  );
  const mgmt = `platform ${m.name} (${countLabel(m.controlPlane.count, 'control plane')}${
    m.workers.count ? `, ${countLabel(m.workers.count, 'worker')}` : ''
  })`;
  return `OK: ${mgmt}, ${countLabel(config.clusters.length, 'cluster')}${envs.length ? `: ${envs.join(', ')}` : ''}`;
}

/** Paths under the working directory print relative (also inside messages), so they stay short and clickable. */
function relativeFile(error: SpecError): SpecError {
  const prefix = process.cwd() + path.sep;
  const strip = (text: string): string => text.split(prefix).join('');
  return {
    ...error,
    file: strip(error.file),
    message: strip(error.message),
    ...(error.hint !== undefined && { hint: strip(error.hint) }),
  };
}
