// Tool-backed tests (`npm run test:tools`): the `*.tools.test.ts` files, which run the pinned binaries of
// scripts/tools.pins from $TOOLS_DIR/bin (default .tools/bin; `npm run tools` builds them). A block whose tools are
// missing is skipped with one line naming them (test/conformance/tools.ts); `.ci/run` fails on a missing tool first.
const unit = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...unit,
  displayName: 'tools',
  testMatch: ['**/*.tools.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
