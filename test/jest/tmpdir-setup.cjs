// Jest globalSetup (jest.config.js): one private temporary folder for the whole run. Tests and the tools they start
// create their scratch folders with os.tmpdir(), which reads TMPDIR; the workers and child processes inherit it, and
// tmpdir-teardown.cjs removes the folder after the last test, so nothing a test forgets to delete stays behind.
// The CLI's spec cache (lib/cli/spec-cache.ts) goes there too (XDG_CACHE_HOME), not into the user's ~/.cache.
// Both projects run this hook: the second call keeps the folder of the first.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async function setupRunTmpdir() {
  if (process.env.JEST_RUN_TMPDIR && fs.existsSync(process.env.JEST_RUN_TMPDIR)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'talos-platform-cdk-jest-'));
  process.env.JEST_RUN_TMPDIR = dir;
  process.env.TMPDIR = dir;
  process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
};
