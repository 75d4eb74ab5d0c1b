// Run by test/core/api-object.test.ts in a Node process of its own, on the compiled build/: builds each platform as
// synth does and renders every API object both ways, lib/core/api-object.ts's one walk and cdk8s's own
// ApiObject.prototype.toJson. It runs outside jest because jest's sandbox is a second realm: values that Node makes
// (structuredClone) carry the other realm's Object.prototype there, which the one walk rightly leaves to cdk8s, so
// only a plain process shows what synth does. Prints one JSON line: per platform, the objects, the ones that fell
// back, and the ones that differ.
//
//   node test/support/api-object-differential.cjs <repo root> [<config dir>[=<sops repo root>]]... [--fleet N]
const fs = require('fs');
const os = require('os');
const path = require('path');

const [root, ...args] = process.argv.slice(2);
const req = (p) => require(path.join(root, p));
const cdk8s = require(require.resolve('cdk8s', { paths: [root] }));
const { App: TfApp } = require(require.resolve('cdktf', { paths: [root] }));
const { ApiObject, plainApiObjectJson } = req('build/lib/core/api-object');
const { loadPlatformConfig } = req('build/lib/core/spec/load');
const { REPO_ROOT_CONTEXT } = req('build/lib/secrets/sops-secret');
const { buildPlatform } = req('build/stacks/platform');

/** Key order, prototypes and holes, as the jest test's `ordered`. */
function ordered(value) {
  if (Array.isArray(value)) {
    const items = [];
    for (let i = 0; i < value.length; i++) items.push(i in value ? ordered(value[i]) : '<hole>');
    return ['array', items];
  }
  if (value === null || typeof value !== 'object') return typeof value === 'number' ? String(value) : value;
  const proto = Object.getPrototypeOf(value) === Object.prototype ? 'object' : String(Object.getPrototypeOf(value));
  return [proto, Object.keys(value).map((k) => [k, ordered(value[k])])];
}

function check(configDir, sopsRoot) {
  const loaded = loadPlatformConfig(configDir);
  if (!loaded.ok) throw new Error(`${configDir} does not load: ${JSON.stringify(loaded.errors)}`);
  const out = path.join(os.tmpdir(), 'never-written');
  const apps = { tf: new TfApp({ outdir: out }), k8s: new cdk8s.App({ outdir: out }) };
  if (sopsRoot) for (const app of [apps.tf, apps.k8s]) app.node.setContext(REPO_ROOT_CONTEXT, sopsRoot);
  buildPlatform(loaded.config, apps);
  const objects = apps.k8s.node.findAll().filter((c) => cdk8s.ApiObject.isApiObject(c));
  const result = { objects: objects.length, notOurs: [], fellBack: [], differ: [] };
  for (const obj of objects) {
    if (!(obj instanceof ApiObject)) result.notOurs.push(obj.node.path);
    const fast = plainApiObjectJson(obj);
    if (fast === undefined) result.fellBack.push(obj.node.path);
    const theirs = JSON.stringify(ordered(cdk8s.ApiObject.prototype.toJson.call(obj)));
    if (fast !== undefined && JSON.stringify(ordered(fast)) !== theirs) result.differ.push(obj.node.path);
  }
  return result;
}

async function main() {
  const report = {};
  const fleetAt = args.indexOf('--fleet');
  const dirs = fleetAt < 0 ? args : args.slice(0, fleetAt);
  for (const arg of dirs) {
    const [dir, sopsRoot] = arg.split('=');
    report[path.relative(root, dir)] = check(dir, sopsRoot);
  }
  if (fleetAt >= 0) {
    const count = Number(args[fleetAt + 1]);
    const fleet = fs.mkdtempSync(path.join(os.tmpdir(), 'api-object-fleet-'));
    try {
      const { generateConfig } = await import(path.join(root, 'bench', 'gen-clusters.mjs'));
      generateConfig(root, fleet, count);
      report[`${count} generated clusters`] = check(fleet);
    } finally {
      fs.rmSync(fleet, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exitCode = 1;
});
