import { Writable } from 'stream';
import { runValidate } from '../../lib/cli/validate';
import { VALID_FIXTURES_DIR } from './fixture-overlay';
import { readValid, tmpConfig } from './tmp-config';

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

test('valid: exit 0 and a summary per environment', () => {
  const out = collector();
  const err = collector();
  expect(runValidate(VALID_FIXTURES_DIR, out.stream, err.stream)).toBe(0);
  expect(out.text()).toBe('OK: platform mgmt (3 control planes), 2 clusters: prod 1 (prod), staging 1 (staging)\n');
  expect(err.text()).toBe('');
});

test('invalid: exit 1, every error as file:line:col, and a count', () => {
  const prod = readValid('prod/prod.yaml').replace('endpointVip: 10.30.0.10', 'endpointVip: 10.30.0.25');
  const staging = readValid('staging/staging.yaml').replace('count: 1', 'count: 2');
  const dir = tmpConfig({ 'prod/prod.yaml': prod, 'staging/staging.yaml': staging });
  const out = collector();
  const err = collector();
  expect(runValidate(dir, out.stream, err.stream)).toBe(1);
  expect(out.text()).toBe('');
  const lines = err.text().trimEnd().split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toContain(
    `prod/prod.yaml:${lineOf(prod, 'endpointVip')}:16  network.endpointVip: endpoint VIP 10.30.0.25 is inside`,
  );
  expect(lines[1]).toContain(
    `staging/staging.yaml:${lineOf(staging, 'count: 2')}:10  controlPlane.count: 2 control planes tolerate`,
  );
  expect(lines[2]).toBe('2 errors in 2 files');
});

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}
