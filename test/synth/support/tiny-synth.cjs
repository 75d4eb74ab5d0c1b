// A small two-folder synth for the fault-injection tests, run as a child process on the compiled library:
//   node tiny-synth.cjs <root> <A|B>   synthesizes version A or B into <root>/cdktf.out and <root>/dist.
// Version B changes a stack and a file, removes a stack and a file, and adds a stack and a file.
'use strict';
const path = require('path');
const { tinyBuild } = require('./tiny-build.cjs');
const { synthesizeApps } = require('../../../build/lib/core/synth/synthesize');

const [root, version] = process.argv.slice(2);
const result = synthesizeApps({
  tfOutdir: path.join(root, 'cdktf.out'),
  k8sOutdir: path.join(root, 'dist'),
  stateDir: root,
  lockTimeoutMs: 30_000,
  build: tinyBuild(
    version,
    require('../../../build/lib/core/synth/gitops-file'),
    require('../../../build/stacks/stage-stack'),
  ),
});
process.stdout.write(JSON.stringify({ changed: result.changed, notes: result.notes }) + '\n');
