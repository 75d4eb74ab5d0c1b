// The two versions of the small platform of the fault-injection tests, for the compiled library (child processes)
// and the TypeScript sources (in-process): pass the GitOpsFile and StageStack modules to use.
'use strict';
const { TerraformOutput } = require('cdktf');

const VERSIONS = {
  A: { stacks: { s1: 'one', s2: 'two' }, files: { 'a.yaml': 'a: 1\n', 'b/c.yaml': 'c: 1\n', 'keep.yaml': 'k: 1\n' } },
  // B changes a stack and a file, removes a stack and a file, and adds a stack and a file.
  B: { stacks: { s1: 'uno', s3: 'three' }, files: { 'a.yaml': 'a: 2\n', 'd/e.yaml': 'e: 1\n', 'keep.yaml': 'k: 1\n' } },
};

// LA and LB: the same change on a tree large enough for the stage writer's worker (300 more files, every tenth of
// them changed by LB).
const many = (v) =>
  Object.fromEntries(
    Array.from({ length: 300 }, (_, i) => [
      `many/d${i % 30}/f${i}.yaml`,
      `i: ${i}\nv: ${v === 'B' && i % 10 === 3 ? 2 : 1}\n`,
    ]),
  );
VERSIONS.LA = { stacks: VERSIONS.A.stacks, files: { ...VERSIONS.A.files, ...many('A') } };
VERSIONS.LB = { stacks: VERSIONS.B.stacks, files: { ...VERSIONS.B.files, ...many('B') } };

function tinyBuild(version, { GitOpsFile }, { StageStack }) {
  const spec = VERSIONS[version];
  if (!spec) throw new Error(`tiny platform version must be A, B, LA or LB, got ${version}`);
  return ({ tf, k8s }) => {
    for (const [id, value] of Object.entries(spec.stacks)) {
      new TerraformOutput(new StageStack(tf, id), 'value', { value });
    }
    for (const [outputPath, content] of Object.entries(spec.files)) {
      new GitOpsFile(k8s, outputPath.replace(/\W/g, '-'), { outputPath, content });
    }
  };
}

module.exports = { tinyBuild };
