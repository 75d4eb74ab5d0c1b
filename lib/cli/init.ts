/**
 * `init [dir]`: scaffolds a consumer repository from the package's own example (`clusters/` and `.sops.yaml`, shipped
 * in the tarball): the spec files with `$schema` comments that resolve there, through the installed package's
 * `schemas/`, the SOPS policy with its placeholder recipient, and the `.gitignore` entries synth needs.
 * All or nothing: it refuses when any file it would write exists, names every one of them, and writes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CommanderError } from 'commander';
import type { Command } from 'commander';
import { COMMAND_FAILED_CODE, EXIT } from './run';

const PACKAGE_NAME = 'talos-platform-cdk';

/** The spec folder and the SOPS policy `init` copies from the package root, relative to it. */
const SPEC_DIR = 'clusters';
const SOPS_POLICY = '.sops.yaml';

/** The editor comment of a spec file (yaml-language-server); the group is the schema file name. */
const SCHEMA_COMMENT = /^# yaml-language-server: \$schema=\S*?([\w.-]+\.schema\.json)$/m;

/**
 * What a consumer repository keeps out of Git: dependencies, the Terraform output and state (the outputs of
 * `synth` are `cdktf.out/`, never committed, and `dist/`, committed for Argo CD), and the files synth leaves beside an
 * output folder only while it runs or after a crash (lib/core/synth, output-commit and output-lock).
 */
export const CONSUMER_GITIGNORE: readonly string[] = [
  'node_modules/',
  'cdktf.out/',
  '.terraform/',
  '*.tfstate',
  '*.tfstate.*',
  '.*.staging-*/',
  '.*.backup-*/',
  '.*.synth-journal',
  '.*.synth-journal.tmp-*',
  '.*.synth-lock',
  '.*.synth-lock.*',
];

/** One file `init` writes. */
export interface ScaffoldFile {
  /** Path relative to the target folder, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

/** What `init` would do in a folder, or why it cannot. */
export interface InitPlan {
  readonly files: readonly ScaffoldFile[];
  /** `.gitignore` lines to append (the ones it lacks); empty when it has them all. */
  readonly gitignoreAdditions: readonly string[];
  /** Every reason to refuse; `files` are not written when there is one. */
  readonly problems: readonly string[];
}

/** The root of the running package: the nearest folder upward with this package's package.json. */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (
      fs.existsSync(file) &&
      (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string | undefined }).name === PACKAGE_NAME
    )
      return dir;
  }
  throw new Error(`init: cannot find the ${PACKAGE_NAME} package root above ${from}`);
}

/**
 * The `schemas/` folder of the package as installed for `targetDir`: `node_modules/talos-platform-cdk/schemas` in
 * it or in a parent (a workspace root), the way Node resolves the package from there.
 */
export function installedSchemasDir(targetDir: string): string | undefined {
  for (let dir = path.resolve(targetDir); ; dir = path.dirname(dir)) {
    const schemas = path.join(dir, 'node_modules', PACKAGE_NAME, 'schemas');
    if (fs.existsSync(schemas)) return schemas;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function listYaml(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listYaml(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
    )
    .sort();
}

/** Plans `init` in `targetDir` from the package at `fromPackage`; reads only, writes nothing. */
export function planInit(targetDir: string, fromPackage: string = packageRoot()): InitPlan {
  const target = path.resolve(targetDir);
  const problems: string[] = [];
  const schemasDir = installedSchemasDir(target);
  if (schemasDir === undefined) {
    problems.push(
      `${PACKAGE_NAME} is not installed for ${target} (no node_modules/${PACKAGE_NAME}/schemas in it or a parent), ` +
        `so the $schema links would not resolve; run \`npm install ${PACKAGE_NAME}\` there first (docs/packaging.md)`,
    );
  }
  const files: ScaffoldFile[] = [];
  const specRoot = path.join(fromPackage, SPEC_DIR);
  const sources = [...(fs.existsSync(specRoot) ? listYaml(specRoot) : []), path.join(fromPackage, SOPS_POLICY)];
  for (const source of sources) {
    const rel = path.relative(fromPackage, source).split(path.sep).join('/');
    if (!fs.existsSync(source)) {
      problems.push(`the package has no ${rel} to copy (a broken install? reinstall ${PACKAGE_NAME})`);
      continue;
    }
    let content = fs.readFileSync(source, 'utf8');
    const schema = SCHEMA_COMMENT.exec(content)?.[1];
    if (schema !== undefined && schemasDir !== undefined) {
      if (!fs.existsSync(path.join(schemasDir, schema)))
        problems.push(`${rel} names ${schema}, which ${schemasDir} lacks`);
      const link = path
        .relative(path.dirname(path.join(target, rel)), path.join(schemasDir, schema))
        .split(path.sep)
        .join('/');
      content = content.replace(SCHEMA_COMMENT, `# yaml-language-server: $schema=${link}`);
    }
    if (fs.existsSync(path.join(target, rel))) {
      problems.push(`${path.join(target, rel)} exists; init never overwrites a file: move it away or edit it by hand`);
    }
    files.push({ path: rel, content });
  }
  if (!files.some((f) => f.path.startsWith(`${SPEC_DIR}/`)))
    problems.push(`the package has no ${SPEC_DIR}/*.yaml to copy`);
  const gitignore = path.join(target, '.gitignore');
  // `node_modules`, `/node_modules` and `node_modules/` all keep the folder out: compare without the slashes.
  const bare = (line: string): string => line.trim().replace(/^\/|\/$/g, '');
  const present = new Set(fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8').split(/\r?\n/).map(bare) : []);
  return { files, gitignoreAdditions: CONSUMER_GITIGNORE.filter((l) => !present.has(bare(l))), problems };
}

/** Writes a plan that has no problems; `.gitignore` is appended to, never rewritten. */
export function applyInit(targetDir: string, plan: InitPlan): void {
  if (plan.problems.length > 0) throw new Error(`init: refusing, ${plan.problems.length} problem(s)`);
  const target = path.resolve(targetDir);
  for (const file of plan.files) {
    const dest = path.join(target, file.path);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    // `wx`: a file that appeared since planning is not overwritten either.
    fs.writeFileSync(dest, file.content, { flag: 'wx' });
  }
  if (plan.gitignoreAdditions.length === 0) return;
  const gitignore = path.join(target, '.gitignore');
  const existing = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : '';
  const lead = existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  fs.appendFileSync(gitignore, `${lead}# talos-platform-cdk (init)\n${plan.gitignoreAdditions.join('\n')}\n`);
}

/** Where `init` prints. */
export interface InitIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const STDIO: InitIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** `init [dir]`: exit 0 when scaffolded, 1 when refused (every problem printed, nothing written). */
export function initCommand(dir: string, io: InitIo = STDIO, fromPackage?: string): number {
  const plan = planInit(dir, fromPackage);
  if (plan.problems.length > 0) {
    for (const p of plan.problems) io.err(`init: ${p}\n`);
    io.err(`init: nothing was written\n`);
    return EXIT.invalidInput;
  }
  applyInit(dir, plan);
  for (const f of plan.files) io.out(`created ${f.path}\n`);
  if (plan.gitignoreAdditions.length > 0) io.out(`.gitignore: added ${plan.gitignoreAdditions.join(' ')}\n`);
  io.out(
    'next: put your age public key in .sops.yaml, edit clusters/ (docs/spec.md), then ' +
      '`npx talos-platform-cdk validate` and `npx talos-platform-cdk synth`\n',
  );
  return EXIT.ok;
}

/** Registers `init [dir]` on the CLI. */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('scaffold clusters/, .sops.yaml and .gitignore entries in a repository that installed the package')
    .argument('[dir]', 'the repository root', '.')
    .action((dir: string) => {
      const code = initCommand(dir);
      process.exitCode = code;
      if (code !== EXIT.ok)
        throw new CommanderError(code, COMMAND_FAILED_CODE, `command failed with exit code ${code}`);
    });
}
