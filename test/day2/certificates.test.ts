import * as fs from 'fs';
import * as path from 'path';
import { upgradeCertsCommand } from '../../lib/cli/upgrade';
import { RENEWAL_WINDOW_DAYS, certificateStatus } from '../../lib/day2/certificates';

const FIXTURES = path.join(__dirname, 'fixtures');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
// The fixtures' certificate expires on 2026-12-20T21:01:36Z.
const EXPIRY = '2026-12-20T21:01:36.000Z';

test('the renewal window is the talos provider default (720h)', () => {
  expect(RENEWAL_WINDOW_DAYS).toBe(720 / 24);
});

test.each([
  ['2026-06-01T00:00:00Z', 'ok', 202],
  ['2026-12-01T00:00:00Z', 'rotate', 19],
  ['2027-01-02T00:00:00Z', 'expired', -13],
])('at %s the certificate is %s (%i days left)', (now, status, daysLeft) => {
  for (const kind of ['kubeconfig', 'talosconfig'] as const) {
    const s = certificateStatus(kind, kind, read(kind), new Date(now));
    expect(s).toMatchObject({ kind, status, daysLeft, notAfter: EXPIRY, subject: 'O=os:admin' });
  }
});

test('a file without a client certificate says where one was expected', () => {
  expect(() => certificateStatus('kubeconfig', 'k', 'apiVersion: v1\nusers: []\n', new Date())).toThrow(
    'k: no client certificate found (expected users[].user.client-certificate-data). Fix: pass the kubeconfig written ' +
      "from stage 10's output (tofu output -raw kubeconfig).",
  );
});

test('upgrade certs: text, JSON, and exit 1 once a certificate needs rotation', async () => {
  let out = '';
  const io = (now: string) => ({
    out: (t: string) => (out += t),
    err: (t: string) => (out += t),
    now: () => new Date(now),
  });
  const files = { kubeconfig: path.join(FIXTURES, 'kubeconfig'), talosconfig: path.join(FIXTURES, 'talosconfig') };
  expect(await upgradeCertsCommand(files, io('2026-06-01T00:00:00Z'))).toBe(0);
  expect(out).toContain(`- kubeconfig (${files.kubeconfig}): ok, not after ${EXPIRY}; valid for 202 more days`);
  out = '';
  expect(await upgradeCertsCommand({ ...files, json: true }, io('2026-12-01T00:00:00Z'))).toBe(1);
  const parsed = JSON.parse(out) as { status: string; action: string }[];
  expect(parsed.map((c) => c.status)).toEqual(['rotate', 'rotate']);
  expect(parsed[0].action).toBe('expires in 19 days: rotate now (docs/runbooks/certificates.md)');
  expect(out).not.toMatch(/BEGIN|PRIVATE/);
});
