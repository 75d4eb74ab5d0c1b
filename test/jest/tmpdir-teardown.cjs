// Jest globalTeardown (jest.config.js): removes the run's temporary folder made by tmpdir-setup.cjs.
const fs = require('fs');

module.exports = async function teardownRunTmpdir() {
  const dir = process.env.JEST_RUN_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
