// Invalid inputs for the addon rules that need addons on (Longhorn, Proxmox CSI, etcd backups, dashboards): each
// test/fixtures/addons-invalid/<rule>.yaml is one file laid over a copy of the every-addon fixture
// (test/fixtures/addons), with the header format of test/spec/fixture-overlay.ts. The rules that need no other
// addon have their fixtures in test/fixtures/invalid/ (proxmox-csi-*).
import * as fs from 'fs';
import * as path from 'path';
import { formatSpecErrors } from '../../../lib/core/errors';
import { loadPlatformConfig } from '../../../lib/core/spec/load';
import { describeInvalidFixtures } from '../../spec/fixture-overlay';
import { ADDONS_FIXTURE_DIR } from './synth-fixture';

const DIR = path.join(__dirname, '..', '..', 'fixtures', 'addons-invalid');
const fixtures = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => path.join(DIR, f));

test('the every-addon base loads', () => {
  const result = loadPlatformConfig(ADDONS_FIXTURE_DIR);
  expect(result.ok ? [] : formatSpecErrors(result.errors)).toEqual([]);
});

test('a fixture per rule', () => {
  expect(fixtures.map((f) => path.basename(f, '.yaml'))).toEqual([
    'addon-dependency',
    'addon-extension-missing',
    'addon-extension-unknown',
    'default-storage-class-conflict',
    'etcd-backup-schedule',
    'etcd-backup-without-age-recipient',
    'proxmox-csi-duplicate-storage-class',
  ]);
});

describeInvalidFixtures(fixtures, ADDONS_FIXTURE_DIR);
