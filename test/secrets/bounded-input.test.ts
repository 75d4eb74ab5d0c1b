/**
 * `secrets new` cannot be made to hang or to read without end: `--from-file` takes regular files up to the size of
 * a Secret (no FIFO, no /dev/zero), and a `sops` that never answers is killed after a timeout.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MAX_SECRET_FILE_BYTES, NewSecretError, newSecret } from '../../lib/secrets/new-secret';
import { rmrf, tempRepo } from './helpers';

const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const roots: string[] = [];
afterAll(() => rmrf(...roots));

function repo(): string {
  const root = tempRepo(RECIPIENT);
  roots.push(root);
  return root;
}

/** A stand-in sops: answers --version, then sleeps on encrypt (a KMS that never answers). */
function hangingSops(root: string): string {
  const file = path.join(root, 'sops-that-hangs');
  fs.writeFileSync(file, '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "sops 3.10.2"; exit 0; fi\nexec sleep 30\n', {
    mode: 0o755,
  });
  return file;
}

const base = { name: 'demo', namespace: 'demo' };

test('--from-file refuses a FIFO instead of blocking on it', () => {
  const root = repo();
  const fifo = path.join(root, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const started = Date.now();
  expect(() => newSecret({ ...base, repoRoot: root, fromFile: [`k=${fifo}`], sopsBinary: hangingSops(root) })).toThrow(
    new NewSecretError(`--from-file k=${fifo}: ${fifo} is not a regular file; pass a file, not a device or a pipe`),
  );
  expect(Date.now() - started).toBeLessThan(5000);
});

test('--from-file refuses /dev/zero (endless) and files larger than a Secret can hold', () => {
  const root = repo();
  expect(() =>
    newSecret({ ...base, repoRoot: root, fromFile: ['k=/dev/zero'], sopsBinary: hangingSops(root) }),
  ).toThrow(/\/dev\/zero is not a regular file/);
  const big = path.join(root, 'big.bin');
  fs.writeFileSync(big, Buffer.alloc(MAX_SECRET_FILE_BYTES + 1));
  expect(() => newSecret({ ...base, repoRoot: root, fromFile: [`k=${big}`], sopsBinary: hangingSops(root) })).toThrow(
    `has ${MAX_SECRET_FILE_BYTES + 1} bytes; a Kubernetes Secret holds at most ${MAX_SECRET_FILE_BYTES} in all`,
  );
});

test('a sops that hangs is killed after the timeout, and nothing is written', () => {
  const root = repo();
  const started = Date.now();
  expect(() =>
    newSecret({
      ...base,
      repoRoot: root,
      fromEnv: ['token=DEMO_TOKEN'],
      env: { DEMO_TOKEN: 'value-1234', PATH: process.env.PATH },
      sopsBinary: hangingSops(root),
      sopsTimeoutMs: 700,
    }),
  ).toThrow(/sops encrypt did not finish within 0.7 s and was stopped/);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(fs.existsSync(path.join(root, 'platform', 'secrets', 'demo.sops.yaml'))).toBe(false);
});
