// Finding and running the pinned conformance tools that scripts/tools.sh builds into .tools/.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is scripts/lib/tools.mjs). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The command that installs the tools, named in every "missing tool" message. */
export const INSTALL_COMMAND = 'npm run tools';

/** Raised when a pinned tool is not in .tools/bin. */
export class MissingToolError extends Error {
  constructor(tools) {
    super(
      `missing tool${tools.length > 1 ? 's' : ''}: ${tools.join(', ')} (not in .tools/bin). ` +
        `Install the pinned tools with: ${INSTALL_COMMAND}`,
    );
    this.name = 'MissingToolError';
    this.tools = tools;
  }
}

/** Where the tools live for a repository root (`TOOLS_DIR` overrides `.tools/`, as in tools.sh). */
export function toolPaths(repoRoot = REPO_ROOT) {
  const tools = process.env.TOOLS_DIR ? path.resolve(process.env.TOOLS_DIR) : path.join(repoRoot, '.tools');
  return {
    tools,
    bin: path.join(tools, 'bin'),
    stamps: path.join(tools, 'stamps'),
    mirror: path.join(tools, 'mirror'),
    cliConfig: path.join(tools, 'tofurc'),
    pins: process.env.TOOLS_PINS ? path.resolve(process.env.TOOLS_PINS) : path.join(repoRoot, 'scripts', 'tools.pins'),
  };
}

/**
 * Parses scripts/tools.pins: `name module@version role` per line, `#` comments.
 * A provider role `provider:<ns>/<type>@<version>` becomes `provider: { source, version }`.
 */
export function readPins(file = toolPaths().pins) {
  const pins = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.replace(/#.*/, '').trim();
      if (!line) return;
      const [name, modver, role, ...rest] = line.split(/\s+/);
      if (!modver || !role || rest.length || !modver.includes('@')) {
        throw new Error(`${file}:${i + 1}: want "name module@version role", got "${raw.trim()}"`);
      }
      const at = modver.lastIndexOf('@');
      const pin = { name, module: modver.slice(0, at), version: modver.slice(at + 1), role };
      if (role.startsWith('provider:')) {
        const addr = role.slice('provider:'.length);
        const v = addr.lastIndexOf('@');
        pin.provider = { source: addr.slice(0, v), version: addr.slice(v + 1) };
      }
      pins.push(pin);
    });
  return pins;
}

/** Environment with `.tools/env.sh` applied: tools first on PATH, the mirror-only CLI config. */
export function toolEnv(repoRoot = REPO_ROOT, base = process.env) {
  const p = toolPaths(repoRoot);
  return {
    ...base,
    PATH: `${p.bin}${path.delimiter}${base.PATH ?? ''}`,
    TF_CLI_CONFIG_FILE: p.cliConfig,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
  };
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of a pinned tool in .tools/bin, or undefined. */
export function findTool(name, repoRoot = REPO_ROOT) {
  const file = path.join(toolPaths(repoRoot).bin, name);
  return isExecutable(file) ? file : undefined;
}

/** OpenTofu, or the Terraform fallback that tools.sh builds when OpenTofu does not build. */
export function findIacCli(repoRoot = REPO_ROOT) {
  for (const name of ['tofu', 'terraform']) {
    const file = findTool(name, repoRoot);
    if (file) return { name, path: file, fallback: name !== 'tofu' };
  }
  return undefined;
}

/**
 * Resolves every tool in `names` (plus `iac` for tofu-or-terraform); throws MissingToolError naming all
 * the missing ones, and whether OpenTofu's config file is there.
 */
export function requireTools(names, repoRoot = REPO_ROOT) {
  const found = {};
  const missing = [];
  for (const name of names) {
    if (name === 'iac') {
      const iac = findIacCli(repoRoot);
      if (iac) found.iac = iac;
      else missing.push('tofu');
      continue;
    }
    const file = findTool(name, repoRoot);
    if (file) found[name] = file;
    else missing.push(name);
  }
  if (names.includes('iac') && !existsSync(toolPaths(repoRoot).cliConfig)) missing.push('.tools/tofurc');
  if (missing.length) throw new MissingToolError(missing);
  return found;
}

/**
 * Providers the pins name but that are not in the mirror, with the reason tools.sh recorded
 * (`.tools/stamps/<name>.unavailable`: the Go module proxy refused the module).
 * Returns Map<source, { pin, reason }> where source is `<ns>/<type>`.
 */
export function providerAvailability(repoRoot = REPO_ROOT) {
  const p = toolPaths(repoRoot);
  const pins = existsSync(p.pins) ? readPins(p.pins) : [];
  const result = new Map();
  for (const pin of pins) {
    if (!pin.provider) continue;
    const dir = path.join(p.mirror, 'registry.opentofu.org', pin.provider.source);
    const versions = existsSync(dir) ? readdirSync(dir) : [];
    const stamp = path.join(p.stamps, `${pin.name}.unavailable`);
    const reason = existsSync(stamp) ? readFileSync(stamp, 'utf8').split('\n')[1] || 'refused' : undefined;
    result.set(pin.provider.source, { pin, mirrored: versions, unavailable: reason });
  }
  return result;
}

/**
 * Runs a command synchronously and never throws for a non-zero exit.
 * @param {string} cmd
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, input?: string, timeoutMs?: number }} [options]
 * @returns {{ code: number, stdout: string, stderr: string, ms: number, error?: string | undefined }}
 */
export function run(cmd, args, { cwd, env, input, timeoutMs = 10 * 60 * 1000 } = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, {
    cwd,
    env,
    input,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  return {
    code: r.status ?? (r.signal ? 128 : 1),
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    ms: Date.now() - t0,
    error: r.error ? `${r.error.message}${r.signal ? ` (${r.signal})` : ''}` : undefined,
  };
}
