// Unit tests (`npm test`): everything that needs only Node and the repository; passes on a fresh clone with no
// tools and no reference mirror. The tool-backed tests are the `*.tools.test.ts` files, a separate project
// (jest.tools.config.js, `npm run test:tools`) that runs the pinned binaries of scripts/tools.pins.
// Every run gets a private temporary folder (TMPDIR) that is removed afterwards, so no test leaves folders in the
// system's temporary directory (test/jest/tmpdir-setup.cjs).
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'unit',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.tools\\.test\\.ts$'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  coveragePathIgnorePatterns: ['/node_modules/', '/imports/'],
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/jest/tmpdir-setup.cjs',
  globalTeardown: '<rootDir>/test/jest/tmpdir-teardown.cjs',
};
